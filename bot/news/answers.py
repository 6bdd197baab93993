"""Visitors' news answers: find the articles a question asks for and word the reply.

Plain functions from (index, replies, question, language, today) to messages, so the action stays thin
and the answers are easy to test without Rasa. Paging ("more") carries a small dict, kept by the action
in a slot, that says what was asked and how many articles were shown.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, Dict, List, Optional, Sequence, Tuple

from bot.news.index import Found, NewsIndex
from bot.news.period import Period
from bot.news.query import NewsQuery, parse_question
from bot.news.topics import expand
from bot.news.replies import NewsReplies
from bot.pages.sections import NEWS
from bot.center.phrasing import EN_MONTHS
from bot.content.texts import fill


@dataclass
class NewsAnswer:
    messages: List[str]
    paging: Optional[Dict[str, Any]]  # what "more" continues with; None when there is no more
    # The question named a topic and no article is about it: the latest news would be an answer about
    # something else.
    topic_missing: bool = False


def find_articles(
    index: NewsIndex,
    terms: Sequence[str],
    period: Optional[Period],
    limit: int,
    offset: int = 0,
    section: Optional[str] = NEWS,
) -> Tuple[List[Found], bool]:
    """(up to ``limit`` articles of ``section``, whether there are more): by BM25 rank for a topic, else
    newest first."""
    since, until = (period.since, period.until) if period else (None, None)
    if not terms:
        found = index.latest(limit + 1, offset, since, until, section)
        return found[:limit], len(found) > limit
    wanted = offset + limit + 1
    # A word that no article has ("lately", a typo) would make every search fail; the others still count.
    own = [term for term in terms if index.known(term, section)]
    # Each term also searches with every name of its topic, so 自贸区 finds "free trade zone" too; articles
    # in the visitor's own words come first.
    first = index.search(own, wanted, 0, since, until, section) if own else []
    groups = [] if len(first) >= wanted else [group for group in expand(terms) if index.known(group, section)]
    if any(len(group) > 1 for group in groups):  # the page is not full yet: the topic's other names
        seen = {article.id for article in first}
        others = index.search(groups, wanted + len(first), 0, since, until, section)
        first += [article for article in others if article.id not in seen]
    found = first[offset:wanted]
    return found[:limit], len(found) > limit


def answer_question(
    index: NewsIndex, replies: NewsReplies, text: str, language: str, today: date, phone: str
) -> NewsAnswer:
    query = parse_question(text, today)
    if index.is_empty(NEWS):
        return NewsAnswer([fill(replies["empty"], language, {"phone": phone})], None)
    found, more = find_articles(index, query.terms, query.period, query.count)
    values = {"phone": phone, "topic": query.topic, "period": describe_period(query.period, language)}
    if found:
        header = _header_key("", query)
        paging = _paging(query.terms, query.period, query.count, len(found)) if more else None
    else:
        header = _header_key("none_", query)
        found, more = find_articles(index, (), None, query.count)
        paging = _paging((), None, query.count, len(found)) if more else None
    return NewsAnswer(
        [fill(replies[header], language, values), *_articles(replies, found, language)],
        paging,
        topic_missing=bool(query.terms) and header.startswith("none_"),
    )


def answer_more(
    index: NewsIndex, replies: NewsReplies, paging: Optional[Dict[str, Any]], language: str, phone: str
) -> NewsAnswer:
    """The next articles of the last news answer; the latest ones when there was none."""
    paging = paging or _paging((), None, 3, 0)
    terms, period, count, offset = _from_paging(paging)
    found, more = find_articles(index, terms, period, count, offset)
    if not found:
        key = "empty" if index.is_empty(NEWS) else "no_more"
        return NewsAnswer([fill(replies[key], language, {"phone": phone})], None)
    header = fill(replies["more"], language, {"phone": phone})
    next_paging = _paging(terms, period, count, offset + len(found)) if more else None
    return NewsAnswer([header, *_articles(replies, found, language)], next_paging)


def _header_key(prefix: str, query: NewsQuery) -> str:
    if query.terms and query.period:
        return prefix + "about_during"
    if query.terms:
        return prefix + "about"
    if query.period:
        return prefix + "during"
    return "latest"  # the latest news was asked for, and there is always some once the index has articles


def _articles(replies: NewsReplies, found: Sequence[Found], language: str) -> List[str]:
    return [
        fill(
            replies["article"],
            language,
            {
                "title": article.title,
                "date": day_text(article.published, language),
                "summary": article.summary,
                "source": article.url or article.byline or article.source.rsplit("/", 1)[-1],
            },
        )
        for article in found
    ]


def _paging(terms: Sequence[str], period: Optional[Period], count: int, offset: int) -> Dict[str, Any]:
    return {
        "terms": list(terms),
        "count": count,
        "offset": offset,
        "since": period.since.isoformat() if period and period.since else None,
        "until": period.until.isoformat() if period and period.until else None,
        "kind": period.kind if period else None,
    }


def _from_paging(paging: Dict[str, Any]) -> Tuple[Tuple[str, ...], Optional[Period], int, int]:
    since, until = (date.fromisoformat(paging[key]) if paging.get(key) else None for key in ("since", "until"))
    period = Period(since, until, paging.get("kind") or "range") if since or until else None
    return tuple(paging.get("terms") or ()), period, int(paging.get("count") or 3), int(paging.get("offset") or 0)


def day_text(day: date, language: str) -> str:
    if language == "zh":
        return f"{day.year}年{day.month}月{day.day}日"
    return f"{day.day} {EN_MONTHS[day.month - 1]} {day.year}"


def describe_period(period: Optional[Period], language: str) -> str:
    """ "May 2021", "2021", "since 1 January 2020", "22 May 2021 to 27 November 2026" (and in Chinese)."""
    if period is None:
        return ""
    zh = language == "zh"
    if period.kind == "year" and period.since:
        return f"{period.since.year}年" if zh else str(period.since.year)
    if period.kind == "month" and period.since:
        since = period.since
        return f"{since.year}年{since.month}月" if zh else f"{EN_MONTHS[since.month - 1]} {since.year}"
    if period.kind == "day" and period.since:
        return day_text(period.since, language)
    if period.since and not period.until:
        return f"{day_text(period.since, language)}以来" if zh else f"since {day_text(period.since, language)}"
    if period.until and not period.since:
        return f"{day_text(period.until, language)}及以前" if zh else f"up to {day_text(period.until, language)}"
    if not (period.since and period.until):
        return ""
    first, last = day_text(period.since, language), day_text(period.until, language)
    return f"{first}至{last}" if zh else f"{first} to {last}"
