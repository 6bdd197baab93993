"""`qicc news ingest|list|search|check`: put articles into the news index and look at what visitors will get.

The index is the file named by QICC_NEWS_INDEX (default state/news.sqlite3), the same one the running
assistant reads: what is ingested here is answered at once, without a restart.
"""

from __future__ import annotations

import argparse

from bot.center.facts import current_center
from bot.commands.check import run_check
from bot.center.hours import now_in
from bot.news.answers import describe_period, find_articles
from bot.commands.pages import print_pages, run_ingest
from bot.news.index import pages_index
from bot.news.query import parse_question
from bot.news.replies import live_replies
from bot.news.topics import live_topics
from bot.pages.sections import NEWS
from bot.settings import settings


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "news",
        help="business news: ingest articles, list and search the news index",
        description=f"Business news in the index visitors' questions are answered from "
        f"(QICC_NEWS_INDEX, now {settings().news_index}).",
    )
    sub = parser.add_subparsers(dest="news_command", metavar="ACTION", required=True)

    ingest_parser = sub.add_parser(
        "ingest",
        help="read articles from files, folders or web addresses into the index",
        description="Read articles into the news index: text pages (.txt, like the center's pages), HTML "
        "pages (.html, .htm), Markdown with front matter (.md) and RSS/Atom feeds (.xml, .rss, "
        ".atom); folders are read with everything in them. Articles are filed under Business/Business "
        "News unless they name another section. An article read again is updated, "
        "never duplicated. A file that cannot be read is reported and skipped. Exit code 1 when "
        "something failed.",
    )
    ingest_parser.add_argument("locations", nargs="+", metavar="PATH_OR_URL", help="a file, folder or http(s) URL")
    # Business news is the section of pages that name none (`qicc pages ingest` covers every section).
    ingest_parser.set_defaults(handler=lambda args: run_ingest(args.locations, None, NEWS))

    list_parser = sub.add_parser(
        "list",
        help="the newest articles in the index",
        description="The newest articles, with their id, date, title and source.",
    )
    list_parser.add_argument("-n", "--limit", type=int, default=20, help="how many (default 20)")
    list_parser.set_defaults(handler=_list)

    search = sub.add_parser(
        "search",
        help="find articles the way the assistant does for a visitor's question",
        description="Find articles as the assistant does: QUERY may name a topic and a time, e.g. "
        '"free trade zone", "news from May 2021", "smart city since 2020".',
    )
    search.add_argument("query", nargs="+", help="the question or the words to find")
    search.add_argument("-n", "--limit", type=int, default=10, help="how many (default 10)")
    search.set_defaults(handler=_search)

    check = sub.add_parser(
        "check", help="report every problem in data/news_replies.yml and data/news_topics.yml with its line number"
    )
    check.set_defaults(handler=_check)


def _list(args: argparse.Namespace) -> int:
    index = pages_index()
    found = index.latest(args.limit, section=NEWS)
    print_pages(found)
    print(f"{len(found)} of {index.count(NEWS)} articles")
    return 0


def _search(args: argparse.Namespace) -> int:
    index = pages_index()
    query = parse_question(" ".join(args.query), now_in(current_center()).date())
    found, more = find_articles(index, query.terms, query.period, args.limit)
    period = describe_period(query.period, "en") or "any time"
    print(f"Topic: {query.topic or '(none: newest first)'}; time: {period}")
    print_pages(found)
    print(f"{len(found)} found{', more with a larger --limit' if more else ''}")
    return 0


def _check(args: argparse.Namespace) -> int:
    replies = run_check(str(live_replies().path), live_replies().load, lambda r: f"{len(r)} replies")
    topics = run_check(str(live_topics().path), live_topics().load, lambda t: f"{len(t.groups)} topics")
    return max(replies, topics)
