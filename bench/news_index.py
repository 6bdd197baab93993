"""Benchmark of the news index: ingest rate and search latency on a synthetic index of 100,000 articles.

    .venv/bin/python -m bench.news_index [--articles 100000] [--files 1000] [--queries 300]

Prints:
- the index ingest rate (articles already extracted, put into the index in one batch, as
  `qicc news ingest` does after extraction), and the index size;
- the whole-pipeline rate for files of each format (read, extract, index) on a smaller sample;
- search latency p50/p95 for topic, date, combined and "latest" questions, measured on the visitor's
  path (parse the question, then find_articles), after a warm-up.

The articles are generated (fixed seed, so runs compare): titles and texts from a vocabulary of common
words with topic phrases mixed in at realistic rates, dates spread over 2010 to 2026.
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Dict, Iterator, List

from bot.news.answers import find_articles
from bot.news.article import Article
from bot.news.index import NewsIndex
from bot.news.ingest import ingest, ingest_articles
from bot.news.query import parse_question

TODAY = date(2026, 11, 27)
FIRST_DAY = date(2010, 1, 1)
TOPICS = [
    "free trade zone",
    "smart city",
    "container port",
    "hydrogen energy",
    "international airport",
    "marine economy",
    "biomedicine",
    "private economy",
    "foreign investment",
    "cross-border e-commerce",
    "cold chain logistics",
    "fintech",
    "semiconductor",
    "new energy vehicles",
    "rail transit",
    "tourism consumption",
    "home appliances",
    "brewing industry",
    "shipbuilding",
    "artificial intelligence",
    "industrial internet",
    "talent policy",
    "business environment",
    "SCO demonstration area",
    "RCEP trade",
    "green finance",
    "offshore wind",
    "aquaculture",
    "textile exports",
    "film industry",
]
COMMON = (
    "the of and to in a is for on that with as by at from was it an be this are has have will its "
    "city company companies year new market project development industry enterprises government "
    "district investment million billion percent growth service services support plan plans first "
    "trade economic international local cooperation area center platform construction innovation "
    "technology production export exports import imports capacity quality high open opened opening "
    "week month officials said says according report reported increase increased total value more "
    "than over about after before during while also which their they more new major key national "
    "provincial municipal regional global world China Qingdao Shandong Jiaozhou Huangdao Laoshan "
    "Chengyang Jimo Pingdu Laixi Shinan Shibei Licang west coast port area zone park base hub"
).split()


def synthetic_articles(count: int, seed: int = 42) -> Iterator[Article]:
    rng = random.Random(seed)
    rare = [f"term{n}" for n in range(20000)]  # the long tail of a real vocabulary
    span = (TODAY - FIRST_DAY).days
    for n in range(count):
        topics = rng.sample(TOPICS, 2)
        words = [rng.choice(COMMON) if rng.random() < 0.8 else rng.choice(rare) for _ in range(rng.randint(150, 260))]
        for topic in topics:
            for _ in range(rng.randint(1, 3)):
                words.insert(rng.randrange(len(words)), topic)
        title_words = [rng.choice(COMMON) for _ in range(rng.randint(4, 8))]
        title_words.insert(rng.randrange(len(title_words)), topics[0])
        body = " ".join(words)
        yield Article(
            title=" ".join(title_words).capitalize(),
            published=FIRST_DAY + timedelta(rng.randrange(span)),
            body=f"{body[:600]}.\n{body[600:]}.",
            source="bench",
            origin=f"bench#{n}",
            byline="bench",
            category=topics[0],
        )


def write_files(folder: Path, count: int) -> Dict[str, List[Path]]:
    """``count`` files of each format, from synthetic articles."""
    articles = list(synthetic_articles(count * 3, seed=7))
    made: Dict[str, List[Path]] = {"text": [], "markdown": [], "html": []}
    for n, article in enumerate(articles):
        kind = ("text", "markdown", "html")[n % 3]
        path = folder / kind / f"{n}.{ {'text': 'txt', 'markdown': 'md', 'html': 'html'}[kind] }"
        path.parent.mkdir(parents=True, exist_ok=True)
        day = article.published.isoformat()
        if kind == "text":
            path.write_text(
                f"HOMEBusinessNews\n\n{article.title}\n\n{article.published:%B %d, %Y}Bybench\n\n"
                f"{article.body}\n\nContact\nAddress line\nPhone line\nMenu\n",
                encoding="utf-8",
            )
        elif kind == "markdown":
            path.write_text(f"---\ntitle: {article.title}\ndate: {day}\n---\n{article.body}\n", encoding="utf-8")
        else:
            paragraphs = "".join(f"<p>{p}</p>" for p in article.body.split("\n"))
            path.write_text(
                f"<html><head><title>{article.title}</title><meta property='article:published_time' "
                f"content='{day}'></head><body><nav><a>Home</a><a>News</a></nav><article>"
                f"<h1>{article.title}</h1>{paragraphs}</article><footer>Contact us</footer></body></html>",
                encoding="utf-8",
            )
        made[kind].append(path)
    return made


def percentiles(samples: List[float]) -> str:
    ordered = sorted(samples)
    p50 = statistics.median(ordered)
    p95 = ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]
    return f"p50 {p50 * 1000:6.2f} ms   p95 {p95 * 1000:6.2f} ms   max {ordered[-1] * 1000:6.2f} ms"


def time_questions(index: NewsIndex, questions: List[str], rounds: int) -> List[float]:
    samples = []
    for n in range(rounds):
        question = questions[n % len(questions)]
        start = time.perf_counter()
        query = parse_question(question, TODAY)
        find_articles(index, query.terms, query.period, query.count)
        samples.append(time.perf_counter() - start)
    return samples


QUESTIONS: Dict[str, List[str]] = {
    "topic": [f"news about the {topic}" for topic in TOPICS]
    + ["anything on smart city innovation?", "port container exports", "term123 news"],
    "date": [
        "news from May 2021",
        "news since 2020",
        "what happened last month",
        "news this year",
        "news from 22 May 2021",
        "news in 2015",
        "news before 2012",
        "news from the past 3 months",
    ],
    "combined": [f"{topic} news in {2011 + n % 16}" for n, topic in enumerate(TOPICS)]
    + ["free trade zone news since 2020", "smart city news last year"],
    "latest": ["what's the latest business news?", "give me the 5 latest news"],
}


def run(articles: int, files: int, rounds: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        index = NewsIndex(folder / "news.sqlite3")
        generated = list(synthetic_articles(articles))
        start = time.perf_counter()
        summary = ingest_articles(index, generated)
        elapsed = time.perf_counter() - start
        size = (folder / "news.sqlite3").stat().st_size / 1e6
        print(
            f"Index ingest: {summary.added:,} articles in {elapsed:.1f} s = {summary.added / elapsed:,.0f} "
            f"articles/s (index file {size:,.0f} MB)"
        )

        made = write_files(folder / "files", files)
        for kind in made:
            pipeline = NewsIndex(folder / f"pipeline-{kind}.sqlite3")
            start = time.perf_counter()
            result = ingest(pipeline, [str(folder / "files" / kind)])
            elapsed = time.perf_counter() - start
            print(
                f"File pipeline, {kind:8}: {result.added:,} files in {elapsed:.1f} s = "
                f"{result.added / elapsed:,.0f} articles/s ({len(result.failed)} failed)"
            )
            pipeline.close()

        print(f"Search on {index.count():,} articles, {rounds} questions each, after a warm-up:")
        for kind, questions in QUESTIONS.items():
            time_questions(index, questions, len(questions))  # warm-up: page cache, segmenter, regexes
            print(f"  {kind:9} {percentiles(time_questions(index, questions, rounds))}")
        index.close()


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=100_000, help="size of the synthetic index (100,000)")
    parser.add_argument("--files", type=int, default=1000, help="files of each format for the pipeline rate")
    parser.add_argument("--queries", type=int, default=300, help="questions timed per kind")
    args = parser.parse_args(argv)
    run(args.articles, args.files, args.queries)


if __name__ == "__main__":
    main()
