"""Markdown articles with YAML front matter, the easiest format for staff to write:

    ---
    title: Qingdao port ...
    date: 2024-03-01
    author: ...          (or byline)
    category: Port & Logistics
    url: https://...     (optional: where it is published; "source:" says the same, or "sample")
    summary: ...         (optional: else the first sentences)
    section: Tourism/Hotels   (optional: the site's section, bot/pages/sections.py)
    lang: en             (optional: en or zh; else told from the text)
    keywords: ...        (optional: words visitors use for what the page is about)
    ---
    The text, in Markdown.

The front matter is read with the project's YAML loader (errors name the line); the text is rendered by
the Markdown package and reduced to plain text.
"""

from __future__ import annotations

import re

import markdown

from bot.news.article import Article, ExtractError, html_to_text
from bot.news.dates import parse_publish_date
from bot.pages.sections import describe_sections, parse_section
from bot.content.yamlfile import ContentError, line_of, parse_yaml

_FRONT_MATTER = re.compile(r"\A\ufeff?---[ \t]*\r?\n(.*?)^---[ \t]*\r?$\n?", re.DOTALL | re.MULTILINE)
_HEADING = re.compile(r"^#\s+(.+?)\s*#*\s*$", re.MULTILINE)


def extract_markdown(text: str, source: str) -> Article:
    match = _FRONT_MATTER.match(text)
    if not match:
        raise ExtractError(
            "no front matter; start the file with a line '---', then 'title:' and 'date:' lines, then '---'"
        )
    try:
        meta = parse_yaml(match[1], source)
    except ContentError as error:
        # The front matter starts on line 2 of the file.
        problem = error.problems[0]
        line = f" (line {problem.line + 1})" if problem.line else ""
        raise ExtractError(f"front matter{line}: {problem.message.split(';')[0]}") from None
    if not isinstance(meta, dict):
        raise ExtractError("the front matter must be 'name: value' lines such as 'title: ...' and 'date: ...'")
    body_markdown = text[match.end() :]
    title = str(meta.get("title") or "").strip()
    if not title and (heading := _HEADING.search(body_markdown)):
        title = heading[1]
        body_markdown = body_markdown.replace(heading[0], "", 1)
    published = parse_publish_date(str(meta.get("date") or ""))
    if published is None:
        raise ExtractError(
            f"front matter{_where(meta, 'date')}: 'date:' is missing or not a date; write it as YYYY-MM-DD"
        )
    url = str(meta.get("url") or "").strip()
    source_url = str(meta.get("source") or "").strip()
    url = url or (source_url if source_url.lower().startswith(("http://", "https://")) else "")
    return Article(
        title=title,
        published=published,
        body=html_to_text(markdown.markdown(body_markdown)),
        source=source,
        origin=url or source,
        byline=str(meta.get("author") or meta.get("byline") or "").strip(),
        category=str(meta.get("category") or "").strip(),
        summary=str(meta.get("summary") or "").strip(),
        url=url,
        section=_section(meta),
        lang=_lang(meta),
        keywords=_keywords(meta),
    )


def _where(meta: dict, key: str) -> str:
    return f" (line {(line_of(meta, key) or 0) + 1})" if key in meta else ""


def _section(meta: dict) -> str:
    name = str(meta.get("section") or "").strip()
    if not name:
        return ""
    section = parse_section(name)
    if section is None:
        raise ExtractError(
            f"front matter{_where(meta, 'section')}: unknown section {name!r}; use one of: {describe_sections()}"
        )
    return section


def _lang(meta: dict) -> str:
    lang = str(meta.get("lang") or "").strip().lower()
    if lang not in ("", "en", "zh"):
        raise ExtractError(f"front matter{_where(meta, 'lang')}: 'lang:' must be en or zh, not {lang!r}")
    return lang


def _keywords(meta: dict) -> str:
    """The keywords as one searchable line ("hotel, hotels" or a YAML list)."""
    value = meta.get("keywords") or ""
    return ", ".join(str(item) for item in value) if isinstance(value, list) else str(value).strip()
