"""WeChat's 5-second deadline under load: 50 visitors at once, a deliberately slowed assistant.

Plays WeChat's servers against the real channel over HTTP on 127.0.0.1 (safe mode, encrypted
with wechatpy): each request waits at most 5 s and is retried, with the same MsgId, up to three
times, as WeChat does. The assistant is a stand-in whose replies take a random time between
--fastest and --slowest seconds, so some fit the passive budget and some must go through the
(fake) customer-service API. With --lose, that share of answers is lost on the way back to
WeChat, which then retries, as it would. Prints the share of requests answered within 5 s and
how many messages were processed twice, answered twice or not answered at all.

    .venv/bin/python -m bench.wechat_deadline [--users 50] [--messages 3]
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, List

import aiohttp
from tqdm import tqdm

from bot.channels.wechat.channel import WeChatInput
from bot.channels.wechat.config import DEFAULT_BUDGET, ChannelConfig
from tests import wechat_peer as peer
from tests.fake_wechat_api import FakeWeChatApi
from tests.wechat_channel_server import ChannelServer

WECHAT_TIMEOUT = 5.0  # WeChat's wait for an answer
WECHAT_TRIES = 4  # the request and its three retries


class SlowAssistant:
    """Rasa's agent, slowed: answers "reply to <text>" after a random delay."""

    def __init__(self, fastest: float, slowest: float, seed: int):
        self.random = random.Random(seed)
        self.fastest, self.slowest = fastest, slowest
        self.processed: Counter = Counter()

    async def __call__(self, message) -> None:
        self.processed[message.message_id] += 1
        await asyncio.sleep(self.random.uniform(self.fastest, self.slowest))
        await message.output_channel.send_response(message.sender_id, {"text": f"reply to {message.text}"})


@dataclass
class Results:
    response_times: List[float] = field(default_factory=list)  # every request WeChat made
    within_deadline: int = 0
    lost: int = 0
    passive: Dict[str, int] = field(default_factory=Counter)  # message id -> passive answers WeChat accepted


async def visitor(
    session, url, side, user: int, messages: int, lose: random.Random, share: float, results: Results, progress
) -> None:
    openid = f"bench-visitor-{user}"
    for number in range(messages):
        msg_id = f"{user:03d}{number:03d}{int(time.time())}"
        xml = peer.text_xml(openid, f"message {msg_id}", msg_id)
        for _ in range(WECHAT_TRIES):
            query, body = side.encrypted(xml)  # each retry is signed anew, with the same MsgId
            started = time.monotonic()
            try:
                async with session.post(
                    url, params=query, data=body, timeout=aiohttp.ClientTimeout(total=WECHAT_TIMEOUT)
                ) as response:
                    answer = await response.read()
                    ok = response.status == 200
            except asyncio.TimeoutError:
                ok, answer = False, b""
            results.response_times.append(time.monotonic() - started)
            if not ok:
                continue
            results.within_deadline += 1
            if lose.random() < share:
                results.lost += 1
                continue  # the answer never reached WeChat: it retries
            if answer != b"success":
                side.open_reply(answer)  # wechatpy checks the signature and decrypts
                results.passive[msg_id] += 1
            break
        progress.update(1)


async def load(url: str, users: int, messages: int, share: float, seed: int) -> Results:
    results = Results()
    lose = random.Random(seed + 1)
    side = peer.OfficialAccount()
    connector = aiohttp.TCPConnector(limit=0)
    with tqdm(total=users * messages, desc="messages", unit="msg") as progress:
        async with aiohttp.ClientSession(connector=connector) as session:
            await asyncio.gather(
                *(visitor(session, url, side, user, messages, lose, share, results, progress) for user in range(users))
            )
    return results


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--users", type=int, default=50, help="visitors writing at the same time (default 50)")
    parser.add_argument("--messages", type=int, default=3, help="messages per visitor, one after another (default 3)")
    parser.add_argument("--fastest", type=float, default=0.2, help="the assistant's fastest reply, seconds")
    parser.add_argument("--slowest", type=float, default=8.0, help="the assistant's slowest reply, seconds")
    parser.add_argument(
        "--lose",
        type=float,
        default=0.1,
        help="share of answers lost on the way back, so that WeChat retries (default 0.1)",
    )
    parser.add_argument("--seed", type=int, default=7, help="random seed for the reply times")
    args = parser.parse_args()

    assistant = SlowAssistant(args.fastest, args.slowest, args.seed)
    with tempfile.TemporaryDirectory() as tmp, FakeWeChatApi({peer.APP_ID: peer.APP_SECRET}) as api:
        config = ChannelConfig(
            kind="wechat",
            token=peer.TOKEN,
            aes_key=peer.AES_KEY,
            previous_aes_key="",
            receive_id=peer.APP_ID,
            secret=peer.APP_SECRET,
            api_base=api.base_url,
            budget=DEFAULT_BUDGET,
        )
        channel = WeChatInput(config, Path(tmp) / "wechat.sqlite3")
        with ChannelServer(channel, assistant) as server:
            started = time.monotonic()
            results = asyncio.run(load(server.url, args.users, args.messages, args.lose, args.seed))
            webhook_drain = time.monotonic()
            total = args.users * args.messages
            api.wait_for(total - sum(1 for n in results.passive.values() if n), timeout=args.slowest + 30)
            elapsed = time.monotonic() - started
    report(args, results, assistant, api, elapsed, webhook_drain - started)
    return 0


def report(
    args, results: Results, assistant: SlowAssistant, api: FakeWeChatApi, elapsed: float, load_time: float
) -> None:
    total = args.users * args.messages
    by_api = Counter(s.content.removeprefix("reply to message ") for s in api.sent)
    answers = Counter()
    for msg_id, count in results.passive.items():
        answers[msg_id] += count
    for msg_id, count in by_api.items():
        answers[msg_id] += count
    times = sorted(results.response_times)
    requests = len(times)
    print(
        f"\nWeChat deadline benchmark: {args.users} visitors x {args.messages} messages, "
        f"assistant replies in {args.fastest:.1f}-{args.slowest:.1f} s, passive budget {DEFAULT_BUDGET:.1f} s"
    )
    print(f"  requests WeChat made:             {requests} for {total} messages ({requests - total} retries)")
    print(f"  answers lost on the way back:     {results.lost} (then retried by WeChat)")
    print(
        f"  answered within 5 s:              {results.within_deadline}/{requests} "
        f"({100 * results.within_deadline / requests:.1f} %)"
    )
    print(
        f"  response time p50 / p95 / max:    {statistics.median(times):.2f} / "
        f"{times[int(0.95 * (requests - 1))]:.2f} / {times[-1]:.2f} s"
    )
    print(f"  answered passively / by the API:  {sum(results.passive.values())} / {len(api.sent)}")
    print(f"  messages answered twice or more:  {sum(1 for n in answers.values() if n > 1)}")
    print(f"  messages never answered:          {total - len(answers)}")
    print(f"  messages processed twice:         {sum(1 for n in assistant.processed.values() if n > 1)}")
    print(f"  access tokens fetched:            {api.token_fetches}")
    print(f"  load phase / until the last API reply: {load_time:.1f} / {elapsed:.1f} s")


if __name__ == "__main__":
    raise SystemExit(main())
