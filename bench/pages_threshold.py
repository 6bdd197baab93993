"""The pages' fit threshold: how many questions with a page get the right section's page, and how many
without one get none, at the threshold in use and around it.

Questions: bench/pages_questions.yml (written apart from the pages and the training data), and the
evaluation set's (bench/eval/questions.yml) questions about a section of the site and those with no
content (categories none_*); pages: the bundled ones (data/news/ and data/pages/), in a temporary index.

    .venv/bin/python -m bench.pages_threshold
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path
from typing import Dict, List, Optional

from bot.news.index import NewsIndex
from bot.news.ingest import ingest
from bot.news.words import HAN_RUN
from bot.pages import search
from bot.pages.search import find_pages
from bot.pages.sections import NEWS
from bench.report import standalone
from bot.settings import ROOT
from bot.content.yamlfile import read_yaml

QUESTIONS = Path(__file__).with_name("pages_questions.yml")
EVAL_SET = Path(__file__).parent / "eval" / "questions.yml"
THRESHOLDS = (0.4, 0.5, 0.6, 0.7, 0.8)


def lang_of(text: str) -> str:
    return "zh" if HAN_RUN.search(text) else "en"


def first_section(index: NewsIndex, question: str) -> Optional[str]:
    matches = find_pages(index, question, lang_of(question))
    return matches[0].page.section if matches else None


def measure(index: NewsIndex, data: Dict, threshold: float) -> Dict[str, object]:
    search.THRESHOLD = threshold
    right, wrong_with, wrong_without = 0, [], []
    for item in data["with_pages"]:
        got = first_section(index, item["q"])
        if got == item["section"]:
            right += 1
        else:
            wrong_with.append(f"{item['q']} -> {got or 'no page'} (wanted {item['section']})")
    for item in data["without_pages"]:
        got = first_section(index, item["q"])
        if got:
            wrong_without.append(f"{item['q']} -> {got}")
    return {
        "right": right,
        "with": len(data["with_pages"]),
        "misses": wrong_with,
        "wrong": wrong_without,
        "without": len(data["without_pages"]),
    }


def eval_set_questions() -> Dict[str, List[Dict]]:
    """The evaluation set's section questions (expect "section: Area/Sub") and no-content ones."""
    questions = read_yaml(EVAL_SET)["questions"]
    with_pages = [
        {"q": item["q"], "section": str(item["expect"]).split("section:", 1)[1].strip()}
        for item in questions
        if str(item.get("expect", "")).startswith("section:")
    ]
    without = [{"q": item["q"]} for item in questions if str(item.get("category", "")).startswith("none")]
    return {"with_pages": with_pages, "without_pages": without}


def run(args: argparse.Namespace) -> Dict:
    data = read_yaml(QUESTIONS)
    in_use = search.THRESHOLD
    with tempfile.TemporaryDirectory() as folder:
        index = NewsIndex(Path(folder) / "pages.sqlite3")
        ingest(index, [str(ROOT / "data" / "news")], default_section=NEWS)
        ingest(index, [str(ROOT / "data" / "pages")], default_section=None)
        figures = {}
        for threshold in sorted({*THRESHOLDS, in_use}):
            result = measure(index, data, threshold)
            figures[threshold] = result
            mark = "  <- in use" if threshold == in_use else ""
            print(
                f"threshold {threshold:.2f}: with a page {result['right']}/{result['with']} right page; "
                f"without a page {len(result['wrong'])}/{result['without']} given one anyway{mark}"
            )
        chosen = figures[in_use]
        for line in chosen["misses"]:
            print(f"  missed: {line}")
        for line in chosen["wrong"]:
            print(f"  WRONG:  {line}")
        evaluation = measure(index, eval_set_questions(), in_use)
        print(
            f"evaluation set at {in_use:.2f}: section questions {evaluation['right']}/{evaluation['with']} "
            f"right page; no-content questions {len(evaluation['wrong'])}/{evaluation['without']} given one"
        )
        for line in evaluation["wrong"]:
            print(f"  WRONG:  {line}")
        started = time.perf_counter()
        for item in data["with_pages"] + data["without_pages"]:
            first_section(index, item["q"])
        asked = len(data["with_pages"]) + len(data["without_pages"])
        print(
            f"search time: {(time.perf_counter() - started) / asked * 1000:.1f} ms per question ({index.count()} pages)"
        )
        search.THRESHOLD = in_use
        index.close()
    return {str(k): {"right": v["right"], "wrong": len(v["wrong"])} for k, v in figures.items()}


def main(argv: Optional[List[str]] = None) -> int:
    return standalone("bench.pages_threshold", __doc__, lambda parser: None, run, argv)


if __name__ == "__main__":
    raise SystemExit(main())
