"""RSS and Atom feeds, read by feedparser: one article per entry."""

from __future__ import annotations

import calendar
import io
from datetime import date, datetime, timezone
from typing import Iterator, Optional, Union

import feedparser

from bot.news.article import Article, ExtractError, html_to_text
from bot.news.dates import parse_publish_date


class EntryFailure(ExtractError):
    """One entry of a feed cannot be used; the others still can."""

    def __init__(self, label: str, reason: str):
        self.label = label
        super().__init__(reason)


def extract_feed(content: Union[bytes, str], source: str) -> Iterator[Union[Article, EntryFailure]]:
    # A stream, never bytes or text: feedparser.parse() tries those first as a file path or a URL, so a
    # fetched body that reads "/etc/passwd" would have been that local file.
    raw = content.encode("utf-8") if isinstance(content, str) else content
    parsed = feedparser.parse(io.BytesIO(raw))
    if not parsed.entries:
        reason = (
            f"not a readable RSS or Atom feed ({parsed.get('bozo_exception')})"
            if parsed.bozo
            else "the feed has no entries"
        )
        raise ExtractError(reason)
    for number, entry in enumerate(parsed.entries, start=1):
        label = f"{source} entry {number} ({entry.get('title') or 'untitled'})"
        try:
            yield _article(entry, source, number)
        except ExtractError as error:
            yield EntryFailure(label, str(error))


def _article(entry, source: str, number: int) -> Article:
    published = _entry_date(entry)
    if published is None:
        raise ExtractError("the entry has no <pubDate>/<published> date")
    contents = entry.get("content") or []
    html = contents[0].get("value", "") if contents else entry.get("summary", "")
    tags = entry.get("tags") or []
    link = entry.get("link") or ""
    # Without a link the entry is still the same one next time: its id, else its place in this feed.
    origin = link or (f"{source}#{entry['id']}" if entry.get("id") else f"{source}#{number}")
    return Article(
        title=html_to_text(entry.get("title", "")),
        published=published,
        body=html_to_text(html),
        source=source,
        origin=origin,
        byline=entry.get("author", ""),
        category=(tags[0].get("term") or "") if tags else "",
        summary=html_to_text(entry.get("summary", "")) if contents else "",
        url=link,
    )


def _entry_date(entry) -> Optional[date]:
    # The date as written keeps the publisher's own day; feedparser's parsed form is in UTC and may be a day off.
    for key in ("published", "updated"):
        if found := parse_publish_date(entry.get(key) or ""):
            return found
    for key in ("published_parsed", "updated_parsed"):
        if parsed := entry.get(key):
            return datetime.fromtimestamp(calendar.timegm(parsed), tz=timezone.utc).date()
    return None
