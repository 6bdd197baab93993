"""Speed through the REST channel, side by side with a stock `rasa init` bot measured in the same run.

For each bot: training time, seconds from start to ready, latency p50/p95/p99 and messages per second at
1, 10 and 50 concurrent visitors, and the peak memory of its Rasa server and its action server. The two
bots run at the same time and are measured in turns (ours first in odd rounds, the stock bot first in
even ones), so that load from other work on the machine falls on both; the figures are medians over the
rounds. Both get the same messages: the questions of the evaluation set, in English and Chinese.

Targets (this assistant / stock bot): training at most 2, start to ready at most 1.2, the peak memory of
each server at most 1.3; at 1, 10 and 50 visitors p95 at most 1.2 and throughput at least 0.85, although
our turns run custom actions. Where training time goes is printed per component from Rasa's own log.

    .venv/bin/python -m bench.speed [--rounds 3] [--messages 150] [--users 1 10 50] [--no-train]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
from contextlib import ExitStack
from pathlib import Path
from typing import Dict, List, Optional, Sequence

from bench.assistants import (
    KEEP_HELP,
    MODEL_HELP,
    Running,
    bench_dir,
    create_stock_bot,
    remove,
    stock_assistant,
    this_assistant,
    train_this_assistant,
)
from bench.eval_set import load_eval_set
from bench.load import LoadResult, run_load
from bench.report import save, standalone, table
from bot.processes.model import rasa_train
from bot.processes.training_log import component_seconds

P95_TARGET = 1.2  # ours / stock, at every concurrency, at most
THROUGHPUT_TARGET = 0.85  # ours / stock, at every concurrency, at least
# ours / stock, at most: training, start to ready, peak memory of each server
COST_TARGETS = {"train_s": 2.0, "ready_s": 1.2, "rasa_rss_mb": 1.3, "actions_rss_mb": 1.3}
WARM_UP = 10  # messages each bot answers before measuring (TensorFlow builds its graphs on first use)
OURS, STOCK = "this assistant", "stock bot"
TRAINING = " ".join(["rasa", *rasa_train("--force")[1:]])  # as train_this_assistant runs it


def _median(runs: Sequence[LoadResult], key: str) -> float:
    return statistics.median(run.figures()[key] for run in runs)


def summarize(runs: Dict[str, Dict[int, List[LoadResult]]]) -> Dict[str, Dict[int, Dict[str, float]]]:
    """bot -> users -> median of each figure over the rounds (errors: the total)."""
    return {
        bot: {
            users: {
                **{key: _median(found, key) for key in ("p50_ms", "p95_ms", "p99_ms", "msg_per_s")},
                "errors": sum(run.errors for run in found),
            }
            for users, found in levels.items()
        }
        for bot, levels in runs.items()
    }


def _ratio(ours: Optional[float], stock: Optional[float]) -> str:
    return f"{ours / stock:.2f}" if ours and stock else "-"


def _verdict(ok: bool) -> str:
    return "meets target" if ok else "SHORT OF TARGET"


def print_speed(figures: Dict[str, Dict[int, Dict[str, float]]], rounds: int) -> None:
    rows = []
    for users in figures[OURS]:
        for bot in (OURS, STOCK):
            f = figures[bot][users]
            rows.append(
                [
                    f"{users} {'visitor' if users == 1 else 'visitors'}",
                    bot,
                    f"{f['p50_ms']:.0f}",
                    f"{f['p95_ms']:.0f}",
                    f"{f['p99_ms']:.0f}",
                    f"{f['msg_per_s']:.1f}",
                    int(f["errors"]),
                ]
            )
    print(
        f"\nLatency through the REST channel (ms) and messages per second, median of {rounds} rounds "
        "(the two bots measured in turns, so that other work on the machine slows both):"
    )
    print(table(["concurrency", "bot", "p50", "p95", "p99", "msg/s", "errors"], rows))
    rows = []
    for users in figures[OURS]:
        ours, stock = figures[OURS][users], figures[STOCK][users]
        p95, per_second = ours["p95_ms"] / stock["p95_ms"], ours["msg_per_s"] / stock["msg_per_s"]
        p95_note = f"target <= {P95_TARGET}: {_verdict(p95 <= P95_TARGET)}"
        rows.append(
            [
                users,
                f"{ours['p50_ms'] / stock['p50_ms']:.2f}",
                f"{p95:.2f}",
                p95_note,
                f"{per_second:.2f}",
                f"target >= {THROUGHPUT_TARGET}: {_verdict(per_second >= THROUGHPUT_TARGET)}",
            ]
        )
    print("\nRatios, this assistant / stock bot:")
    print(table(["visitors", "p50", "p95", "", "msg/s", ""], rows))


def print_costs(costs: Dict[str, Dict[str, Optional[float]]]) -> None:
    names = {
        "train_s": "training (s)",
        "ready_s": "start to ready (s)",
        "rasa_rss_mb": "peak memory, Rasa server (MB)",
        "actions_rss_mb": "peak memory, action server (MB)",
    }
    rows = [
        [
            label,
            _number(costs[OURS][key]),
            _number(costs[STOCK][key]),
            _ratio(costs[OURS][key], costs[STOCK][key]),
            _cost_verdict(costs[OURS][key], costs[STOCK][key], COST_TARGETS[key]),
        ]
        for key, label in names.items()
    ]
    print("\nTraining, start and memory:")
    print(table(["", OURS, STOCK, "ratio", ""], rows))
    print(
        f"  training: `{TRAINING}` for this assistant (as `qicc train`, no cache), `rasa init --no-prompt` for the stock bot "
        "(copying its template is instant; the rest is training). Memory: the peak resident set (VmHWM) over the "
        "whole run, load included."
    )


def _cost_verdict(ours: Optional[float], stock: Optional[float], target: float) -> str:
    if not (ours and stock):
        return ""
    return f"target <= {target}: {_verdict(ours / stock <= target)}"


def print_training(breakdown: Dict[str, Dict[str, float]]) -> None:
    """Seconds per trained component, from Rasa's log, for each bot trained in this run."""
    names = list(dict.fromkeys(name for found in breakdown.values() for name in found))
    rows = [
        [name, *(f"{breakdown[bot].get(name, 0):.0f}" if name in breakdown[bot] else "-" for bot in breakdown)]
        for name in names
    ]
    print("\nWhere training time goes (seconds, from Rasa's log of each component):")
    print(table(["component", *breakdown], rows))


def _number(value: Optional[float]) -> str:
    return "not measured" if value is None else f"{value:.0f}"


def _costs(running: Running, train_seconds: Optional[float]) -> Dict[str, Optional[float]]:
    memory = running.peak_memory_mb()
    return {
        "train_s": train_seconds,
        "ready_s": running.ready_seconds,
        "rasa_rss_mb": memory.get("Rasa server"),
        "actions_rss_mb": memory.get("action server"),
    }


def _load_plan(users: Sequence[int], messages: int) -> Dict[int, int]:
    """Messages per visitor at each concurrency, about ``messages`` in all and at least 3 each."""
    return {count: max(3, messages // count) for count in users}


def measure(rounds: int, users: Sequence[int], messages: int, train: bool, model: Optional[Path], keep: bool) -> Dict:
    texts = [q.text for q in load_eval_set().questions]
    work = Path(tempfile.mkdtemp(prefix="speed-", dir=bench_dir()))
    try:
        print("Creating and training the stock bot (`rasa init --no-prompt`) in", work)
        stock_bot = create_stock_bot(work)
        our_train = None
        breakdown = {STOCK: component_seconds(stock_bot.train_log, stock_bot.train_seconds)}
        if train:
            print(f"Training this assistant (`{TRAINING}`)...")
            model, our_train, log = train_this_assistant(work / "models")
            breakdown = {OURS: component_seconds(log, our_train), **breakdown}
        elif model is None:
            from bot.processes.model import ensure_model

            model = ensure_model()
        with ExitStack() as stack:
            print("Starting this assistant, then the stock bot...")
            bots = {
                OURS: stack.enter_context(this_assistant(model, work / "state")),
                STOCK: stack.enter_context(stock_assistant(stock_bot)),
            }
            for running in bots.values():
                run_load(running.url, 1, WARM_UP, texts, "warm-up")
            runs = _measure_rounds(bots, rounds, _load_plan(users, messages), texts)
            costs = {OURS: _costs(bots[OURS], our_train), STOCK: _costs(bots[STOCK], stock_bot.train_seconds)}
    finally:
        if not keep:
            remove(work)
    figures = summarize(runs)
    print_speed(figures, rounds)
    print_costs(costs)
    print_training(breakdown)
    return {"rounds": rounds, "latency": figures, "costs": costs, "training": breakdown, "model": str(model)}


def _measure_rounds(
    bots: Dict[str, Running], rounds: int, plan: Dict[int, int], texts: Sequence[str]
) -> Dict[str, Dict[int, List[LoadResult]]]:
    runs: Dict[str, Dict[int, List[LoadResult]]] = {bot: {users: [] for users in plan} for bot in bots}
    for number in range(rounds):
        order = [OURS, STOCK] if number % 2 == 0 else [STOCK, OURS]
        for users, per_user in plan.items():
            for bot in order:
                result = run_load(bots[bot].url, users, per_user, texts, f"r{number}")
                runs[bot][users].append(result)
                f = result.figures()
                print(
                    f"  round {number + 1}/{rounds}, {users:>2} visitors, {bot:<15} p50 {f['p50_ms']:6.0f} ms  "
                    f"p95 {f['p95_ms']:6.0f} ms  {f['msg_per_s']:5.1f} msg/s  errors {result.errors}",
                    flush=True,
                )
    return runs


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--rounds", type=int, default=3, help="rounds of measurements; medians are shown (default 3)")
    parser.add_argument(
        "--users", type=int, nargs="+", default=[1, 10, 50], help="concurrent visitors (default: 1 10 50)"
    )
    parser.add_argument(
        "--messages", type=int, default=150, help="messages per bot, round and concurrency, about (default 150)"
    )
    parser.add_argument(
        "--no-train",
        action="store_true",
        help="do not time a full training of this assistant; use --model or the current model",
    )
    parser.add_argument("--model", type=Path, help=MODEL_HELP + "; speed uses it with --no-train only")
    parser.add_argument("--keep", action="store_true", help=KEEP_HELP)


def run(args: argparse.Namespace) -> Dict:
    figures = measure(args.rounds, args.users, args.messages, not args.no_train, args.model, args.keep)
    print("Saved to", save(bench_dir() / "results", "speed", figures))
    return figures


def main(argv: Optional[List[str]] = None) -> int:
    return standalone("python -m bench.speed", __doc__, add_arguments, run, argv)


if __name__ == "__main__":
    raise SystemExit(main())
