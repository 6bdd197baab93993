"""The FAQ's runtime matcher: how fast, and how well its thresholds separate questions from the rest.

Leave-one-out over data/faq.yml: each question is taken out of the index and asked; it should
rank its own entry first (a paraphrase the index has not seen). The out_of_scope examples of
data/nlu/core.yml are asked too: they should stay below SUGGEST. Prints the accuracy, how often
each outcome (answer / buttons / fallback) happens for both, and the time to build the index
and to answer one question.

    .venv/bin/python -m bench.faq_matcher
"""

from __future__ import annotations

import argparse
import statistics
import time
from dataclasses import replace
from typing import List

import yaml

from bot.faq.content import Faq, build_faq
from bot.faq.matcher import STRONG, SUGGEST, Matcher
from bot.settings import ROOT
from bot.content.yamlfile import read_yaml


def outcome(score: float) -> str:
    return "answer" if score >= STRONG else "buttons" if score >= SUGGEST else "fallback"


def without(faq: Faq, entry_id: str, question: str) -> Faq:
    entries = tuple(
        replace(e, questions={lang: tuple(q for q in qs if q != question) for lang, qs in e.questions.items()})
        if e.id == entry_id
        else e
        for e in faq.entries
    )
    return Faq(entries, faq.replies)


def judge(index: Matcher, question: str, entry_id: str) -> str:
    best = index.best(question)
    if best.score >= STRONG:
        return "answered right" if best.entry.id == entry_id else "answered wrong"
    offered = [m.entry.id for m in index.suggestions(question)]
    if offered:
        return "right among buttons" if entry_id in offered else "buttons without it"
    return "fallback"


def out_of_scope() -> List[str]:
    nlu = yaml.safe_load((ROOT / "data" / "nlu" / "core.yml").read_text(encoding="utf-8"))["nlu"]
    block = next(b for b in nlu if b.get("intent") == "out_of_scope")
    return [line[2:].strip() for line in block["examples"].splitlines() if line.startswith("- ")]


def share(values: List[str], name: str) -> str:
    return f"{100 * values.count(name) / len(values):.0f}%"


def main() -> None:
    argparse.ArgumentParser(
        prog="python -m bench.faq_matcher",
        description=__doc__.split("\n\n")[0],
        epilog=__doc__.split("\n\n", 1)[1],
        formatter_class=argparse.RawDescriptionHelpFormatter,
    ).parse_args()
    path = ROOT / "data" / "faq.yml"
    faq = build_faq(read_yaml(path), str(path))
    questions = [(e.id, q) for e in faq.entries for _, q in e.all_questions()]

    started = time.perf_counter()
    matcher = Matcher(faq)
    build_ms = 1000 * (time.perf_counter() - started)
    timings = []
    for _, question in questions:
        started = time.perf_counter()
        matcher.rank(question)
        timings.append(1000 * (time.perf_counter() - started))

    right, held_out = 0, []
    for entry_id, question in questions:
        index = Matcher(without(faq, entry_id, question))
        best = index.best(question)
        right += best.entry.id == entry_id
        held_out.append(judge(index, question, entry_id))
    unrelated = [outcome(matcher.best(text).score) for text in out_of_scope()]

    print(f"FAQ: {len(faq.entries)} entries, {len(questions)} questions")
    print(f"index build: {build_ms:.0f} ms (first build includes loading the segmenter)")
    print(
        f"one question: median {statistics.median(timings):.2f} ms, "
        f"p95 {sorted(timings)[int(0.95 * len(timings))]:.2f} ms"
    )
    print(f"held-out questions, right entry first: {right}/{len(questions)} ({100 * right / len(questions):.0f}%)")
    print(
        "  "
        + ", ".join(
            f"{name} {share(held_out, name)}"
            for name in ("answered right", "answered wrong", "right among buttons", "buttons without it", "fallback")
        )
    )
    print(
        f"out-of-scope messages ({len(unrelated)}): answered {share(unrelated, 'answer')}, "
        f"buttons {share(unrelated, 'buttons')}, fallback {share(unrelated, 'fallback')}"
    )


if __name__ == "__main__":
    main()
