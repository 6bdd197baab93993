"""Visitors' answers from the center's pages: the passage of the best fitting page that answers, with the
page's title, date and source; "more" for the next page; None when no page fits well enough.

``answer_from_pages`` is what the actions (and any other part that wants to know whether the pages
answer a message) call. Paging carries a small dict, kept by the action in a slot: the question, its
language and section, and how many pages were shown.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any, Dict, List, Optional, Sequence

from bot.center.facts import current_center
from bot.news.answers import day_text
from bot.news.article import join_sentences, split_sentences
from bot.news.index import Found, NewsIndex, pages_index
from bot.news.words import HAN_RUN
from bot.pages.replies import PagesReplies, live_replies
from bot.pages.search import find_pages
from bot.content.texts import fill


@dataclass(frozen=True)
class PagesAnswer:
    title: str
    published: date
    source: str  # the page's web address, or its file name
    section: str  # "Area/Sub"
    passage: str  # the sentences of the page that answer
    score: float  # how well the page fits the question (bot/pages/search.py)
    messages: List[str]  # the reply, worded by data/pages_replies.yml
    paging: Optional[Dict[str, Any]]  # what "more" continues with; None when no other page fits


def answer_from_pages(text: str, lang: str, section: Optional[str] = None) -> Optional[PagesAnswer]:
    """The best fitting page's answer to ``text`` in ``lang`` (en/zh), or None when no page fits."""
    return best_answer(pages_index(), live_replies().get(), text, lang, section)


def best_answer(
    index: NewsIndex, replies: PagesReplies, text: str, lang: str, section: Optional[str] = None, offset: int = 0
) -> Optional[PagesAnswer]:
    matches = find_pages(index, text, lang, section)
    if offset >= len(matches):
        return None
    match = matches[offset]
    passage = best_passage(index.body(match.page.id), match.terms)
    more = offset + 1 < len(matches)
    paging = {"text": text, "lang": lang, "section": section, "offset": offset + 1} if more else None
    message = fill(
        replies["page"],
        lang,
        {
            "passage": passage,
            "title": match.page.title,
            "date": day_text(match.page.published, lang),
            "source": source_of(match.page),
            "phone": current_center().phone,
        },
    )
    return PagesAnswer(
        match.page.title,
        match.page.published,
        source_of(match.page),
        match.page.section,
        passage,
        match.score,
        [message],
        paging,
    )


def answer_more(index: NewsIndex, replies: PagesReplies, paging: Dict[str, Any], lang: str) -> PagesAnswer:
    """The next page for the question of the last pages answer; "no more" when there is none (an answer
    with score 0 and no page)."""
    found = best_answer(
        index, replies, str(paging.get("text") or ""), lang, paging.get("section"), int(paging.get("offset") or 0)
    )
    phone = current_center().phone
    if found is None:
        return PagesAnswer("", date.min, "", "", "", 0.0, [fill(replies["no_more"], lang, {"phone": phone})], None)
    header = fill(replies["more"], lang, {"phone": phone})
    return PagesAnswer(
        found.title,
        found.published,
        found.source,
        found.section,
        found.passage,
        found.score,
        [header, *found.messages],
        found.paging,
    )


def source_of(page: Found) -> str:
    return page.url or page.source.rsplit("/", 1)[-1]


def best_passage(body: str, terms: Sequence[str]) -> str:
    """The sentence of ``body`` with the most of the question's words (rarest first in ``terms``, so they
    count more) and the one after it; the page's first sentences when none has any."""
    sentences = [s for paragraph in body.split("\n") for s in split_sentences(paragraph)]
    if not sentences:
        return ""
    patterns = [_pattern(term) for term in terms]
    weights = [len(terms) - rank for rank in range(len(terms))]

    def weight(sentence: str) -> int:
        return sum(w for w, pattern in zip(weights, patterns, strict=True) if pattern.search(sentence))

    best = max(range(len(sentences)), key=lambda i: (weight(sentences[i]), -i))
    return join_sentences(sentences[best if weight(sentences[best]) else 0 :])


def _pattern(term: str) -> "re.Pattern[str]":
    """A Chinese word anywhere; an English word by its start, so "festivals" finds "festival" too."""
    if HAN_RUN.search(term):
        return re.compile(re.escape(term))
    stem = term[: max(4, len(term) - 2)]
    return re.compile(r"\b" + re.escape(stem), re.IGNORECASE)
