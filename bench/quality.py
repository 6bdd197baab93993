"""Answer quality: ask every question of the evaluation set through the REST channel and print, per
category and language, the shares of replies that are right, honest and wrong, and whether the
targets are met.

Each reply is scored by bench/scoring.py: RIGHT when it contains every fact its ``expect`` names in the
content files (see bench/eval/questions.yml; for a question without content, an honest reply), HONEST
when it is the assistant's own "I don't know" or a "did you mean" with a related option, WRONG
otherwise. The assistant is started by bot.processes.servers exactly as `qicc run` starts it, with its clock
frozen at the set's moment, unless --url points at one already running.

    .venv/bin/python -m bench.quality [--url http://127.0.0.1:5005] [--workers 4] [--no-failures] [--honest]
"""

from __future__ import annotations

import argparse
import json
import tempfile
import urllib.request
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, List, Optional, Sequence, Tuple

from tqdm import tqdm

from bench.assistants import MODEL_HELP, REST_PATH, bench_dir, remove, this_assistant
from bench.eval_set import EvalSet, Facts, Question, load_eval_set
from bench.report import save, share, table, standalone
from bench.scoring import Reply, Scorer, Verdict

# The targets of the product's first rule: the right fact or an honest "I don't know".
RIGHT_TARGET = 0.95  # share right of the questions with content, in each language
WRONG_LIMIT = 0.01  # share wrong of all questions
EMERGENCY_TARGET = 1.0  # share right of the questions for an emergency number


@dataclass(frozen=True)
class Asked:
    question: Question
    reply: Reply
    verdict: Verdict


def ask(url: str, text: str, sender: str) -> Reply:
    request = urllib.request.Request(
        url, data=json.dumps({"sender": sender, "message": text}).encode(), headers={"Content-Type": "application/json"}
    )
    try:
        with urllib.request.urlopen(request, timeout=120) as response:
            return Reply.from_messages(json.loads(response.read() or b"[]"))
    except OSError as error:  # a failed request is a wrong answer, and says why
        return Reply((f"(no reply: {error})",))


def ask_all(url: str, eval_set: EvalSet, scorer: Scorer, workers: int) -> List[Asked]:
    """Each question from a new visitor, so no answer depends on the one before."""

    def one(numbered: Tuple[int, Question]) -> Asked:
        number, question = numbered
        reply = ask(url, question.text, f"quality-{number}")
        return Asked(question, reply, scorer.verdict(question, reply))

    with ThreadPoolExecutor(max_workers=workers) as pool:
        jobs = pool.map(one, enumerate(eval_set.questions))
        return list(tqdm(jobs, total=len(eval_set.questions), desc="asking", unit="question"))


Counts = Dict[str, int]  # verdict value -> number of questions, and "total"


def scores(asked: Sequence[Asked]) -> Dict[str, Dict[str, Counts]]:
    """category -> language -> counts, with the row "all" and the column "all"."""
    counts: Dict[Tuple[str, str], Counter] = {}
    for item in asked:
        for category in (item.question.category, "all"):
            for language in (item.question.language, "all"):
                cell = counts.setdefault((category, language), Counter())
                cell[item.verdict.value] += 1
                cell["total"] += 1
    result: Dict[str, Dict[str, Counts]] = {}
    for (category, language), cell in counts.items():
        result.setdefault(category, {})[language] = {v.value: cell[v.value] for v in Verdict} | {"total": cell["total"]}
    return result


@dataclass(frozen=True)
class Target:
    name: str
    achieved: Tuple[int, int]  # (count, total)
    met: bool


def targets(asked: Sequence[Asked], languages: Sequence[str]) -> List[Target]:
    """Right >= 95 % of the questions with content in each language, wrong <= 1 % overall,
    every emergency number right."""
    found = []
    for language in languages:
        group = [a for a in asked if a.question.language == language and a.question.has_content]
        right = sum(a.verdict is Verdict.RIGHT for a in group)
        found.append(
            Target(
                f"right on questions with content ({language}) >= {RIGHT_TARGET:.0%}",
                (right, len(group)),
                bool(group) and right >= RIGHT_TARGET * len(group),
            )
        )
    wrong = sum(a.verdict is Verdict.WRONG for a in asked)
    found.append(Target(f"wrong overall <= {WRONG_LIMIT:.0%}", (wrong, len(asked)), wrong <= WRONG_LIMIT * len(asked)))
    emergency = [a for a in asked if any(r.startswith("emergency:") for r in a.question.expect)]
    right = sum(a.verdict is Verdict.RIGHT for a in emergency)
    found.append(
        Target(
            f"emergency numbers right = {EMERGENCY_TARGET:.0%}",
            (right, len(emergency)),
            bool(emergency) and right >= EMERGENCY_TARGET * len(emergency),
        )
    )
    return found


def print_scores(figures: Dict[str, Dict[str, Counts]], languages: Sequence[str]) -> None:
    columns = [*languages, "all"]
    order = [c for c in figures if c != "all"] + ["all"]
    rows = []
    for category in order:
        for verdict in Verdict:
            cells = [
                share(figures[category][lang][verdict.value], figures[category][lang]["total"])
                if lang in figures[category]
                else "-"
                for lang in columns
            ]
            rows.append([category if verdict is Verdict.RIGHT else "", verdict.value, *cells])
    print(
        "\nRight (the reply contains the fact from the content files; for a question without content, an "
        'honest reply), honest ("I don\'t know", or a "did you mean" with a related option), wrong:'
    )
    print(table(["category", "verdict", *columns], rows))


def print_targets(found: Sequence[Target]) -> None:
    print("\nTargets:")
    for target in found:
        print(f"  {'met    ' if target.met else 'NOT MET'}  {target.name}: {share(*target.achieved)}")


def print_answers(asked: Sequence[Asked], title: str) -> None:
    if not asked:
        return
    print(f"\n{title} ({len(asked)}):")
    for item in asked:
        reply = " ".join(item.reply.text.split())
        print(
            f"  [{item.question.category}/{item.question.language}] {item.question.text}\n"
            f"      expected {', '.join(item.question.expect)}; got: {reply[:160] or '(nothing)'}"
        )


def measure(url: Optional[str], model: Optional[Path], workers: int, show_failures: bool, show_honest: bool) -> Dict:
    eval_set = load_eval_set()
    scorer = Scorer(Facts(eval_set.now))
    print(
        f"Evaluation set: {len(eval_set.questions)} questions "
        + ", ".join(f"{sum(q.language == lang for q in eval_set.questions)} {lang}" for lang in eval_set.languages())
        + f"; {sum(not q.has_content for q in eval_set.questions)} without content"
    )
    for problem in scorer.facts.problems(eval_set):  # such a question can only be honest or wrong
        print(f"Warning: {problem}")
    if url:
        print(
            f"Asking the assistant at {url} (its clock should be frozen at {eval_set.now.isoformat()} "
            "(QICC_NOW) for the open_at questions)."
        )
        asked = ask_all(url.rstrip("/") + REST_PATH, eval_set, scorer, workers)
    else:
        from bot.processes.model import ensure_model

        state = Path(tempfile.mkdtemp(prefix="quality-", dir=bench_dir()))
        try:
            print("Starting the assistant (as `qicc run` does) with its clock at", eval_set.now.isoformat())
            with this_assistant(model or ensure_model(), state, now=eval_set.now) as running:
                asked = ask_all(running.url, eval_set, scorer, workers)
        finally:
            remove(state)
    figures = scores(asked)
    print_scores(figures, eval_set.languages())
    met = targets(asked, eval_set.languages())
    print_targets(met)
    if show_honest:  # where "right" can still grow without a wrong answer
        print_answers(
            [item for item in asked if item.verdict is Verdict.HONEST and item.question.has_content],
            "Honest answers to questions with content",
        )
    if show_failures:
        print_answers([item for item in asked if item.verdict is Verdict.WRONG], "Wrong answers")
    return {"scores": figures, "targets": [{"name": t.name, "achieved": list(t.achieved), "met": t.met} for t in met]}


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--url", help="ask an assistant already running at this address (default: start one)")
    parser.add_argument("--model", type=Path, help=MODEL_HELP)
    parser.add_argument("--workers", type=int, default=4, help="questions asked at the same time (default 4)")
    parser.add_argument("--no-failures", action="store_true", help="do not list the wrong answers")
    parser.add_argument(
        "--honest", action="store_true", help="also list the honest replies to questions the content answers"
    )


def run(args: argparse.Namespace) -> Dict:
    figures = measure(args.url, args.model, args.workers, not args.no_failures, args.honest)
    print("Saved to", save(bench_dir() / "results", "quality", figures))
    return figures


def main(argv: Optional[List[str]] = None) -> int:
    return standalone("python -m bench.quality", __doc__, add_arguments, run, argv)


if __name__ == "__main__":
    raise SystemExit(main())
