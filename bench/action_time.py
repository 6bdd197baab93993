"""The action server's own work per message, without HTTP or the model: every question of the evaluation set
through action_fallback, the longest path an answer takes (the fit check of bot/trust/, the pages search, the
FAQ matcher, the unanswered log), in this process, on a copy of the content and a fresh state folder.

    .venv/bin/python -m bench.action_time [--repeat 3]

Prints the median and the 95th percentile in milliseconds. Compare two versions of the code in one sitting on
one machine (`git stash`, run, `git stash pop`, run): the figures move with the machine's load.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import tempfile
import time
from pathlib import Path
from typing import Dict, List

from bench.eval_set import load_eval_set
from bench.machine import print_machine
from bot.settings import ROOT


def _ask(action, text: str) -> None:
    from rasa_sdk import Tracker
    from rasa_sdk.executor import CollectingDispatcher

    message: Dict = {"text": text, "intent": {"name": "nlu_fallback", "confidence": 0.5}, "entities": []}
    events = [{"event": "user", "text": text, "input_channel": "rest"}]
    action.run(CollectingDispatcher(), Tracker("bench", {}, message, events, False, None, {}, "action_listen"), {})


def measure(questions: List[str], repeat: int) -> List[float]:
    from actions.fallback import ActionFallback
    from bot.pages.bundled import index_bundled_pages
    from bot.settings import settings

    index_bundled_pages(settings())
    for text in questions[:20]:  # first use: indexes and matchers are built
        _ask(ActionFallback(), text)
    times: List[float] = []
    for _ in range(repeat):
        for text in questions:
            start = time.perf_counter()
            _ask(ActionFallback(), text)
            times.append((time.perf_counter() - start) * 1000)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.action_time", description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=3, help="times every question is asked (default 3)")
    args = parser.parse_args()
    print_machine()
    with tempfile.TemporaryDirectory(prefix="qicc-bench-actions-") as work:
        shutil.copytree(ROOT / "data", Path(work) / "data")
        os.environ.update(QICC_DATA_DIR=f"{work}/data", QICC_STATE_DIR=f"{work}/state")
        questions = [q.text for q in load_eval_set().questions]
        times = measure(questions, args.repeat)
    ordered = sorted(times)
    print(
        f"action_fallback over {len(questions)} questions x {args.repeat}: "
        f"median {statistics.median(times):.2f} ms, p95 {ordered[int(len(ordered) * 0.95)]:.2f} ms"
    )


if __name__ == "__main__":
    main()
