"""`qicc pages ingest|list|search|check`: the index of the center's pages, every section of its site
(business news is one of them, also under `qicc news`).

The index is the file named by QICC_NEWS_INDEX (default state/news.sqlite3), the same one the running
assistant reads: what is ingested here is answered at once, without a restart.
"""

from __future__ import annotations

import argparse
from typing import Optional, Sequence

from tqdm import tqdm

from bot.commands.check import run_check
from bot.news.index import Found, pages_index
from bot.news.article import Article
from bot.news.ingest import ingest, with_section
from bot.news.sources import Source, expand, read
from bot.pages.replies import live_replies
from bot.pages.search import find_pages
from bot.pages.sections import describe_sections, parse_section
from bot.settings import settings

FORMATS_HELP = (
    "text pages (.txt, like the center's pages), HTML pages (.html, .htm), Markdown with front "
    "matter (.md) and RSS/Atom feeds (.xml, .rss, .atom); folders are read with everything in them"
)


def section_argument(text: str) -> str:
    section = parse_section(text)
    if section is None:
        raise argparse.ArgumentTypeError(f"unknown section {text!r}; use one of: {describe_sections()}")
    return section


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "pages",
        help="the center's pages by section: ingest, list, search, check",
        description=f"The index of the center's pages that visitors' questions are answered from "
        f"(QICC_NEWS_INDEX, now {settings().news_index}). Sections: {describe_sections()}.",
    )
    sub = parser.add_subparsers(dest="pages_command", metavar="ACTION", required=True)

    ingest_parser = sub.add_parser(
        "ingest",
        help="read pages from files, folders or web addresses into the index",
        description=f"Read pages into the index: {FORMATS_HELP}. Each page's section comes from its front "
        "matter ('section:'), its navigation trail ('HOME Culture Festival') or its web address "
        "('.../tourism/hotels/...'); --section gives it instead. A page read again is updated, "
        "never duplicated; one that cannot be read or has no section is reported and skipped. "
        "Exit code 1 when something failed.",
    )
    ingest_parser.add_argument("locations", nargs="+", metavar="PATH_OR_URL", help="a file, folder or http(s) URL")
    ingest_parser.add_argument(
        "--section", type=section_argument, help="the section of every page read, e.g. Tourism/Hotels or Hotels"
    )
    ingest_parser.set_defaults(handler=lambda args: run_ingest(args.locations, args.section, None))

    list_parser = sub.add_parser(
        "list",
        help="the newest pages in the index, by section",
        description="The newest pages, with their id, date, section, title and source.",
    )
    list_parser.add_argument("-n", "--limit", type=int, default=20, help="how many (default 20)")
    list_parser.add_argument("--section", type=section_argument, help="only this section")
    list_parser.set_defaults(handler=_list)

    search = sub.add_parser(
        "search",
        help="find pages the way the assistant does for a visitor's question",
        description="The pages that fit QUERY well enough to answer it, best first, with how well each fits "
        "(the assistant answers from the first; none listed: it says honestly that it does not know).",
    )
    search.add_argument("query", nargs="+", help='the question, e.g. "where can I eat seafood?"')
    search.add_argument("--section", type=section_argument, help="only this section")
    search.add_argument("--lang", choices=("en", "zh"), default="en", help="the visitor's language (default en)")
    search.set_defaults(handler=_search)

    check = sub.add_parser(
        "check",
        help="report every problem in data/pages/ and data/pages_replies.yml",
        description="Read every page in data/pages/ as `ingest` would (without changing the index) and "
        "data/pages_replies.yml; print each problem with its file (and line).",
    )
    check.set_defaults(handler=_check)


def _progress(sources: Sequence[Source]):
    return tqdm(sources, desc="Ingesting", unit="file", disable=len(sources) < 2)


def run_ingest(locations: Sequence[str], section: Optional[str], default_section: Optional[str]) -> int:
    index = pages_index()
    summary = ingest(index, locations, progress=_progress, section=section, default_section=default_section)
    print(f"{summary.line()} (index: {index.path}, {index.count()} pages)")
    for failure in summary.failed:
        print(f"  failed: {failure}")
    return 1 if summary.failed else 0


def print_pages(found: Sequence[Found]) -> None:
    for page in found:
        print(f"{page.id:>6}  {page.published}  [{page.section}] {page.title}\n        {page.url or page.source}")


def _list(args: argparse.Namespace) -> int:
    index = pages_index()
    found = index.latest(args.limit, section=args.section)
    print_pages(found)
    print(f"{len(found)} of {index.count(args.section)} pages")
    return 0


def _search(args: argparse.Namespace) -> int:
    matches = find_pages(pages_index(), " ".join(args.query), args.lang, args.section)
    for match in matches:
        print(f"{match.score:.2f}", end=" ")
        print_pages([match.page])
    print(
        f"{len(matches)} fitting (words: {', '.join(matches[0].terms)})"
        if matches
        else "no page fits: the assistant says it does not know and gives the phone number"
    )
    return 0


def _check(args: argparse.Namespace) -> int:
    folder = settings().data_dir / "pages"
    sources, failures = expand([str(folder)])
    items = [
        with_section(item, item.section) if isinstance(item, Article) else item
        for source in sources
        for item in read(source)
    ]
    failures += [item for item in items if not isinstance(item, Article)]
    for failure in failures:
        print(failure)
    pages = sum(isinstance(item, Article) for item in items)
    print(
        f"{folder}: {'OK, ' if not failures else ''}{pages} pages{f', {len(failures)} problem(s)' if failures else ''}"
    )
    replies = run_check(str(live_replies().path), live_replies().load, lambda r: f"{len(r)} replies")
    return max(1 if failures else 0, replies)
