"""Simulated visitors posting to a REST channel: latency of each message and messages per second.

Each of ``users`` concurrent visitors sends its messages one after the other (the next when the reply
has come, as a person in a chat does) and starts a new conversation every VISIT_LENGTH messages, as
a visitor with a few questions would. One HTTP session with kept-alive connections per run, so the
figures are the bot's, not the cost of opening connections.
"""

from __future__ import annotations

import asyncio
import statistics
import time
from dataclasses import dataclass
from itertools import islice, cycle
from typing import Dict, List, Optional, Sequence

import aiohttp

VISIT_LENGTH = 5  # messages per conversation
TIMEOUT = 120  # seconds for one reply; a slower reply counts as an error


@dataclass(frozen=True)
class LoadResult:
    users: int
    latencies: List[float]  # seconds, one per answered message
    errors: int
    seconds: float  # wall time of the whole run

    def percentile(self, p: int) -> float:
        """The p-th percentile of the latencies in milliseconds."""
        if len(self.latencies) < 2:
            return 1000 * (self.latencies[0] if self.latencies else float("nan"))
        return 1000 * statistics.quantiles(self.latencies, n=100, method="inclusive")[p - 1]

    @property
    def per_second(self) -> float:
        return len(self.latencies) / self.seconds if self.seconds else 0.0

    def figures(self) -> Dict[str, float]:
        return {
            "p50_ms": self.percentile(50),
            "p95_ms": self.percentile(95),
            "p99_ms": self.percentile(99),
            "msg_per_s": self.per_second,
            "errors": self.errors,
            "messages": len(self.latencies),
        }


async def _visitor(
    session: aiohttp.ClientSession,
    url: str,
    name: str,
    messages: Sequence[str],
    latencies: List[float],
    errors: List[int],
) -> None:
    for number, text in enumerate(messages):
        latency = await post_message(session, url, f"{name}-visit{number // VISIT_LENGTH}", text)
        if latency is None:
            errors.append(1)
        else:
            latencies.append(latency)


async def post_message(
    session: aiohttp.ClientSession, url: str, sender: str, text: str, need_reply: bool = False
) -> Optional[float]:
    """One visitor's message: the seconds its reply took, or None when it failed (an HTTP error, or with
    ``need_reply`` an empty answer: a stock bot may rightly say nothing, this assistant always answers)."""
    started = time.perf_counter()
    try:
        async with session.post(url, json={"sender": sender, "message": text}) as response:
            replies = await response.json(content_type=None)
            ok = response.status == 200 and (bool(replies) or not need_reply)
    except (aiohttp.ClientError, asyncio.TimeoutError, ValueError):
        ok = False
    return time.perf_counter() - started if ok else None


async def _run(url: str, users: int, per_user: int, texts: Sequence[str], tag: str) -> LoadResult:
    latencies: List[float] = []
    errors: List[int] = []
    connector = aiohttp.TCPConnector(limit=users)
    timeout = aiohttp.ClientTimeout(total=TIMEOUT)
    async with aiohttp.ClientSession(connector=connector, timeout=timeout) as session:
        started = time.perf_counter()
        await asyncio.gather(
            *(
                # Each visitor starts at another place in the texts, so concurrent messages differ.
                _visitor(
                    session,
                    url,
                    f"{tag}-u{user}",
                    list(islice(cycle(texts), user * 7, user * 7 + per_user)),
                    latencies,
                    errors,
                )
                for user in range(users)
            )
        )
        seconds = time.perf_counter() - started
    return LoadResult(users, latencies, len(errors), seconds)


def run_load(url: str, users: int, per_user: int, texts: Sequence[str], tag: str) -> LoadResult:
    """``users`` visitors each sending ``per_user`` messages taken from ``texts``."""
    return asyncio.run(_run(url, users, per_user, texts, tag))
