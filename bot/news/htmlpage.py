"""HTML article pages: trafilatura removes navigation, footer and other boilerplate and reads the metadata
(title, date via htmldate, author, categories, canonical URL)."""

from __future__ import annotations

from typing import Optional, Union

import trafilatura

from bot.news.article import Article, ExtractError
from bot.news.dates import parse_dateline, parse_publish_date
from bot.pages.sections import section_from_trail, section_from_url


def extract_html_page(html: Union[str, bytes], source: str, url: Optional[str] = None) -> Article:
    found = trafilatura.bare_extraction(html, url=url, with_metadata=True, include_comments=False, include_tables=False)
    if not found or not (found.get("text") or "").strip():
        raise ExtractError("no article text found in this HTML page")
    title = (found.get("title") or "").strip()
    lines = [line.strip() for line in found["text"].split("\n") if line.strip()]
    # The text often starts with the title and the date line again; they are not part of the body.
    if lines and lines[0] == title:
        lines.pop(0)
    dateline = parse_dateline(lines[0]) if lines else None
    if dateline:
        lines.pop(0)
    published = parse_publish_date(found.get("date") or "") or (dateline[0] if dateline else None)
    if published is None:
        raise ExtractError(
            'no publish date found; add <meta property="article:published_time" '
            'content="2021-05-22"> or a date line under the title'
        )
    categories = found.get("categories") or []
    if isinstance(categories, str):
        categories = [c for c in categories.split(";") if c]
    own_url = found.get("url") or url or ""
    return Article(
        title=title,
        published=published,
        body="\n".join(lines),
        source=source,
        origin=own_url or source,
        byline=(found.get("author") or (dateline[1] if dateline else "")).strip(),
        category=(categories[0] if categories else "").strip(),
        url=own_url,
        section=section_from_url(own_url) or section_from_trail(" ".join(categories)) or "",
    )
