"""Every benchmark of the assistant, printing figures: what `make bench` runs.

Parts, in the order they run (choose with --parts):
  quality   the evaluation set (bench/eval/questions.yml) asked through the REST channel: shares right,
            honest and wrong per category, English and Chinese, and the targets met or not
  speed     latency p50/p95/p99 and messages per second at 1, 10 and 50 visitors, start time, training time
            and peak memory, beside a stock `rasa init` bot measured in the same run, with the ratios
  nlu       `rasa test nlu --cross-validation` on the full training data: intent F1, FAQ response selection
Feature benchmarks that run on their own, each with --help (add their names to --parts to run them here
with their defaults): news_index (news ingest rate and search latency), wechat_deadline (WeChat's
5-second deadline under load), faq_matcher (the FAQ's runtime matcher), attractions_matching (names in
every form), model_swap (a new model going live under load), action_time (the action server's work per
message).

The latest figures are also written to state/bench/results/*.json. The whole run takes 30 to 40
minutes on two cores; the machine's load is printed first, since other work makes every figure noisy.

    .venv/bin/python -m bench.run_all [--parts quality speed nlu] [--rounds 3] [--folds 3] [--no-train]
"""

from __future__ import annotations

import argparse
import logging
import subprocess
import sys
import time
from typing import List, Optional

from bench import nlu_cv, quality, speed
from bench.machine import print_machine

OURS = {"quality": quality, "speed": speed, "nlu": nlu_cv}
OTHERS = {
    "news_index": "news index: ingest rate and search latency",
    "wechat_deadline": "WeChat's 5-second deadline with 50 visitors at once",
    "faq_matcher": "FAQ runtime matcher: speed and how often a new question finds its entry",
    "attractions_matching": "attraction names in every form: right place, wrong place, not found",
    "model_swap": "a new model going live under load: latency and failed messages before, during, after",
    "action_time": "the action server's own work per message (fit check, pages, FAQ), without HTTP",
}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m bench.run_all",
        description=__doc__.split("\n\n")[0],
        epilog=__doc__.split("\n\n", 1)[1],
        conflict_handler="resolve",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--parts",
        nargs="+",
        choices=[*OURS, *OTHERS],
        default=list(OURS),
        help="what to run (default: quality speed nlu)",
    )
    # Each part's own options; --model and --keep mean the same in every part.
    for module in OURS.values():
        module.add_arguments(parser)
    return parser


def main(argv: Optional[List[str]] = None) -> int:
    args = build_parser().parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    print_machine()
    started = time.monotonic()
    for part in args.parts:
        print(f"\n==== {part} " + "=" * (70 - len(part)), flush=True)
        if part in OURS:
            OURS[part].run(args)
        else:
            subprocess.run([sys.executable, "-m", f"bench.{part}"], check=False)
    print(f"\nDone in {(time.monotonic() - started) / 60:.0f} min. Figures saved under state/bench/results/.")
    others = [name for name in OTHERS if name not in args.parts]
    if others:
        print("Also in bench/, run on their own (each has --help):")
        for name in others:
            print(f"  .venv/bin/python -m bench.{name:<16} {OTHERS[name]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
