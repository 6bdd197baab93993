"""A new model going live under load: latency and failed messages before, during and after the swap.

Starts this assistant as `qicc run` does, sends ``--users`` visitors' messages one after the other each (from
the evaluation set) for ``--before`` seconds, then makes another model live (bot.processes.model.make_live,
what `qicc train` and the console's "Retrain now" do) and goes on until the Rasa server says it answers with
it (the console's /staff/model/status) and ``--after`` seconds more. The new model is the same model under
another name unless ``--model`` names one: loading it costs what loading a newly trained model of the same
size costs, without the minutes of training. A message fails when its request fails or its answer is empty.

    .venv/bin/python -m bench.model_swap [--users 10] [--before 20] [--after 20] [--model PATH]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import shutil
import statistics
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field
from itertools import cycle, islice
from pathlib import Path
from typing import Dict, List, Optional, Sequence

import aiohttp

from bench.assistants import this_assistant
from bench.eval_set import load_eval_set
from bench.load import TIMEOUT, VISIT_LENGTH, post_message
from bench.report import save, standalone, table
from bot.processes.model import ensure_model, make_live
from bot.rasa.model_pulling import fingerprint_of
from bot.settings import settings

PHASES = ("before", "during", "after")
SWAP_LIMIT = 300  # seconds for the Rasa server to take the new model before the run gives up


@dataclass
class Phases:
    """Each message's latency (None: failed), by the phase it was sent in."""

    now: str = "before"
    latencies: Dict[str, List[Optional[float]]] = field(default_factory=lambda: {p: [] for p in PHASES})

    def figures(self, phase: str) -> Dict[str, float]:
        answered = sorted(1000 * s for s in self.latencies[phase] if s is not None)
        cut = statistics.quantiles(answered, n=100, method="inclusive") if len(answered) > 1 else answered * 99
        return {
            "messages": len(self.latencies[phase]),
            "failed": sum(s is None for s in self.latencies[phase]),
            "p50_ms": cut[49] if cut else float("nan"),
            "p95_ms": cut[94] if cut else float("nan"),
            "max_ms": answered[-1] if answered else float("nan"),
        }


async def _visitor(session, url: str, name: str, texts: Sequence[str], phases: Phases, stop: asyncio.Event):
    for number, text in enumerate(cycle(texts)):
        if stop.is_set():
            return
        phase = phases.now  # the phase the message was sent in
        latency = await post_message(session, url, f"{name}-visit{number // VISIT_LENGTH}", text, need_reply=True)
        phases.latencies[phase].append(latency)


def _answering_with() -> Optional[str]:
    url = f"http://127.0.0.1:{settings().console_port}/staff/model/status"
    with urllib.request.urlopen(url, timeout=10) as response:
        return json.load(response)["answering_with"]


async def _swap(url: str, new: Path, users: int, before: float, after: float, texts: Sequence[str]) -> tuple:
    phases, stop = Phases(), asyncio.Event()
    loop = asyncio.get_running_loop()
    async with aiohttp.ClientSession(
        connector=aiohttp.TCPConnector(limit=users), timeout=aiohttp.ClientTimeout(total=TIMEOUT)
    ) as session:
        visitors = [
            asyncio.create_task(
                _visitor(session, url, f"swap-u{u}", list(islice(cycle(texts), u * 7, u * 7 + 50)), phases, stop)
            )
            for u in range(users)
        ]
        await asyncio.sleep(before)
        phases.now, started = "during", time.monotonic()
        make_live(new)
        print(f"Made {new.name} live; waiting for the Rasa server to answer with it...", flush=True)
        while await loop.run_in_executor(None, _answering_with) != fingerprint_of(new):
            if time.monotonic() - started > SWAP_LIMIT:
                raise SystemExit(f"The Rasa server did not take the new model within {SWAP_LIMIT} s.")
            await asyncio.sleep(0.2)
        swap_seconds = time.monotonic() - started
        phases.now = "after"
        await asyncio.sleep(after)
        stop.set()
        await asyncio.gather(*visitors)
    return phases, swap_seconds


def run(args: argparse.Namespace) -> Dict:
    model = ensure_model()
    texts = [q.text for q in load_eval_set().questions]
    with tempfile.TemporaryDirectory(prefix="qicc-bench-swap-") as work:
        new = args.model or Path(work) / "qicc-swapswapswapswap.tar.gz"
        if not args.model:
            shutil.copyfile(model, new)
        with this_assistant(model, Path(work) / "state") as running:
            print(
                f"Ready in {running.ready_seconds:.0f} s; {args.users} visitors for {args.before:.0f} s...", flush=True
            )
            phases, swap_seconds = asyncio.run(_swap(running.url, new, args.users, args.before, args.after, texts))
    figures = {phase: phases.figures(phase) for phase in PHASES}
    print(f"\nNew model answering {swap_seconds:.1f} s after it was made live (pulls every 10 s, then the load).")
    rows = [
        [phase, f["messages"], f["failed"], f"{f['p50_ms']:.0f}", f"{f['p95_ms']:.0f}", f"{f['max_ms']:.0f}"]
        for phase, f in figures.items()
    ]
    print(table(["phase", "messages", "failed", "p50 ms", "p95 ms", "max ms"], rows))
    result = {"users": args.users, "swap_seconds": swap_seconds, **figures}
    save(settings().state_dir / "bench" / "results", "model_swap", result)
    return result


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--users", type=int, default=10, help="visitors sending at once (default 10)")
    parser.add_argument("--before", type=float, default=20, help="seconds of load before the swap (default 20)")
    parser.add_argument("--after", type=float, default=20, help="seconds of load after it (default 20)")
    parser.add_argument("--model", type=Path, help="the model to make live (default: the current one, copied)")


def main(argv: Optional[List[str]] = None) -> int:
    return standalone("python -m bench.model_swap", __doc__ or "", add_arguments, run, argv)


if __name__ == "__main__":
    sys.exit(main())
