"""Text pages: a web page saved as text, like the center's own pages.

Their shape: the navigation trail ("HOMEBusinessBusiness NewsText"), the title, a date line with the
byline glued on ("May 22, 2021Byiqingdao"), the article, then the contact footer and the site menu.
A page written by hand (title, date line, text) reads the same way.
"""

from __future__ import annotations

import re
from datetime import date
from typing import List, Sequence, Tuple

from bot.news.article import Article, ExtractError
from bot.news.dates import parse_dateline
from bot.pages.sections import section_from_trail

DATE_LINE_WITHIN = 12  # non-empty lines from the top; the date sits under the title
FOOTER_MIN_LINES = 3  # a shorter run of short lines at the end may be the article's own last lines
FOOTER_LINE_MAX_CHARS = 90
_SENTENCE_END = (".", "!", "?", "。", "！", "？", '"', "”", ":", "：")
_CREDIT = re.compile(r"^\(?\s*(?:By|Written by|Source:)\s+([^)]+?)\s*\)?$")


def extract_text_page(text: str, source: str, origin: str = "") -> Article:
    lines = [line.strip() for line in text.replace("\r\n", "\n").split("\n")]
    date_index, published, byline = _find_date_line(lines)
    above = [line for line in lines[:date_index] if line]
    if not above:
        raise ExtractError("no title above the date line; put the title on the line before the date")
    title, trail = above[-1], above[:-1]
    body_lines, footer = _split_footer(lines[date_index + 1 :])
    body = "\n".join(line for line in body_lines if line)
    credit = next((m[1] for line in body_lines[-3:] if (m := _CREDIT.match(line))), "")
    return Article(
        title=title,
        published=published,
        body=body,
        source=source,
        origin=origin or source,
        byline=byline or credit,
        category=_category(trail, footer),
        section=section_from_trail(" ".join(trail)) or "",
    )


def _find_date_line(lines: Sequence[str]) -> Tuple[int, date, str]:
    seen = 0
    for index, line in enumerate(lines):
        if not line:
            continue
        found = parse_dateline(line)
        if found:
            return index, found[0], found[1]
        seen += 1
        if seen >= DATE_LINE_WITHIN:
            break
    raise ExtractError(
        'no publish date near the top; put a date line such as "May 22, 2021" or "2021-05-22" under the title'
    )


def _is_footer_line(line: str) -> bool:
    return not line or (len(line) <= FOOTER_LINE_MAX_CHARS and not line.endswith(_SENTENCE_END))


def _split_footer(lines: List[str]) -> Tuple[List[str], List[str]]:
    """(article lines, footer lines): the footer is the closing run of short lines that are not sentences
    (contact details, menu), after the author credit if there is one."""
    start = len(lines)
    while start > 0 and _is_footer_line(lines[start - 1]):
        start -= 1
    # The credit "(By Fanying)" belongs to the article, not to the footer after it.
    while start < len(lines) and (not lines[start] or _CREDIT.match(lines[start])):
        start += 1
    footer = [line for line in lines[start:] if line]
    if len(footer) < FOOTER_MIN_LINES:
        return lines, []
    return lines[:start], footer


def _category(trail: Sequence[str], footer: Sequence[str]) -> str:
    """The site section in the navigation trail, named as in the site menu ("Business News")."""
    joined = " ".join(trail)
    sections = [item for item in footer if item in joined and len(item) > 3]
    return max(sections, key=len, default="")
