"""Answer quality: ask every question of the evaluation set through the REST channel and print the
share answered correctly per category and language.

A question counts as answered when the reply (its texts and button titles) contains every fact its
``expect`` names in the content files (see bench/eval/questions.yml). The assistant is started by
bot.servers exactly as `qicc run` starts it, with its clock frozen at the set's moment, unless --url
points at one already running.

    .venv/bin/python -m bench.quality [--url http://127.0.0.1:5005] [--workers 4] [--no-failures]
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
from typing import Dict, Iterable, List, Optional, Sequence, Tuple

from tqdm import tqdm

from bench.assistants import MODEL_HELP, REST_PATH, bench_dir, remove, this_assistant
from bench.eval_set import EvalSet, Facts, Question, load_eval_set
from bench.report import save, share, table, standalone


@dataclass(frozen=True)
class Asked:
    question: Question
    reply: str
    correct: bool


def reply_text(messages: Iterable[Dict]) -> str:
    """What the visitor sees: every message's text and the titles of its buttons."""
    parts = []
    for message in messages or []:
        parts.append(message.get("text") or "")
        parts.extend(button.get("title", "") for button in message.get("buttons") or [])
    return "\n".join(p for p in parts if p)


def ask(url: str, text: str, sender: str) -> str:
    request = urllib.request.Request(url, data=json.dumps({"sender": sender, "message": text}).encode(),
                                     headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=120) as response:
            return reply_text(json.loads(response.read() or b"[]"))
    except OSError as error:  # a failed request is a wrong answer, and says why
        return f"(no reply: {error})"


def ask_all(url: str, eval_set: EvalSet, facts: Facts, workers: int) -> List[Asked]:
    """Each question from a new visitor, so no answer depends on the one before."""
    def one(numbered: Tuple[int, Question]) -> Asked:
        number, question = numbered
        reply = ask(url, question.text, f"quality-{number}")
        return Asked(question, reply, facts.answered(question, reply))

    with ThreadPoolExecutor(max_workers=workers) as pool:
        jobs = pool.map(one, enumerate(eval_set.questions))
        return list(tqdm(jobs, total=len(eval_set.questions), desc="asking", unit="question"))


def scores(asked: Sequence[Asked]) -> Dict[str, Dict[str, List[int]]]:
    """category -> language -> [correct, total], with the rows "all" and the column "all"."""
    correct, total = Counter(), Counter()
    for item in asked:
        for category in (item.question.category, "all"):
            for language in (item.question.language, "all"):
                total[category, language] += 1
                correct[category, language] += item.correct
    result: Dict[str, Dict[str, List[int]]] = {}
    for (category, language), count in total.items():
        result.setdefault(category, {})[language] = [correct[category, language], count]
    return result


def print_scores(figures: Dict[str, Dict[str, List[int]]], languages: Sequence[str]) -> None:
    columns = [*languages, "all"]
    rows = [[category, *(share(*figures[category].get(lang, [0, 0])) for lang in columns)]
            for category in figures if category != "all"]
    rows.append(["all", *(share(*figures["all"].get(lang, [0, 0])) for lang in columns)])
    print("\nShare answered correctly (the reply contains the fact from the content files):")
    print(table(["category", *columns], rows))


def print_failures(asked: Sequence[Asked]) -> None:
    wrong = [item for item in asked if not item.correct]
    if not wrong:
        return
    print(f"\nNot answered correctly ({len(wrong)}):")
    for item in wrong:
        reply = " ".join(item.reply.split())
        print(f"  [{item.question.category}/{item.question.language}] {item.question.text}\n"
              f"      expected {', '.join(item.question.expect)}; got: {reply[:140] or '(nothing)'}")


def measure(url: Optional[str], model: Optional[Path], workers: int, show_failures: bool) -> Dict:
    eval_set = load_eval_set()
    facts = Facts(eval_set.now)
    print(f"Evaluation set: {len(eval_set.questions)} questions "
          + ", ".join(f"{sum(q.language == lang for q in eval_set.questions)} {lang}" for lang in eval_set.languages()))
    if url:
        print(f"Asking the assistant at {url} (its clock should be frozen at {eval_set.now.isoformat()} "
              "(QICC_NOW) for the open_at questions).")
        asked = ask_all(url.rstrip("/") + REST_PATH, eval_set, facts, workers)
    else:
        from bot.model import ensure_model

        state = Path(tempfile.mkdtemp(prefix="quality-", dir=bench_dir()))
        try:
            print("Starting the assistant (as `qicc run` does) with its clock at", eval_set.now.isoformat())
            with this_assistant(model or ensure_model(), state, now=eval_set.now) as running:
                asked = ask_all(running.url, eval_set, facts, workers)
        finally:
            remove(state)
    figures = scores(asked)
    print_scores(figures, eval_set.languages())
    if show_failures:
        print_failures(asked)
    return {"scores": figures}


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--url", help="ask an assistant already running at this address (default: start one)")
    parser.add_argument("--model", type=Path, help=MODEL_HELP)
    parser.add_argument("--workers", type=int, default=4, help="questions asked at the same time (default 4)")
    parser.add_argument("--no-failures", action="store_true", help="do not list the questions answered wrongly")


def run(args: argparse.Namespace) -> Dict:
    figures = measure(args.url, args.model, args.workers, not args.no_failures)
    print("Saved to", save(bench_dir() / "results", "quality", figures))
    return figures


def main(argv: Optional[List[str]] = None) -> int:
    return standalone("python -m bench.quality", __doc__, add_arguments, run, argv)


if __name__ == "__main__":
    raise SystemExit(main())
