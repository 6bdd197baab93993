"""Publish dates as articles write them: "May 22, 2021Byiqingdao", "2021-05-22", "22 May 2021",
"2021-05-22T09:00:00+08:00", "2021年5月22日". Parsing is python-dateutil's.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Optional, Tuple

from dateutil import parser

# A date line may carry the byline glued on ("May 22, 2021Byiqingdao") or spaced ("22 May 2021 By Li Na").
_BYLINE = re.compile(r"(?:(?<=\d)|\s+)By\s*(?=\S)")
_LABEL = re.compile(r"^(?:published|posted|date|updated)(?:\s+on)?\s*[:：]?\s*", re.IGNORECASE)
_ZH_DATE = re.compile(r"^(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]?$")
_YEAR = re.compile(r"(?<!\d)(19|20)\d{2}(?!\d)")
MAX_DATE_CHARS = 40  # a longer line is a sentence that happens to contain a date, not a date line

# Two different defaults: a field that comes out different was not in the text.
_DEFAULTS = (datetime(2000, 1, 1), datetime(2001, 2, 2))


def parse_publish_date(text: str) -> Optional[date]:
    """The calendar date in ``text`` when it is only a date (with year, month and day), else None."""
    text = _LABEL.sub("", (text or "").strip())
    if not text or len(text) > MAX_DATE_CHARS or not _YEAR.search(text):
        return None
    if m := _ZH_DATE.match(text):
        try:
            return date(int(m[1]), int(m[2]), int(m[3]))
        except ValueError:
            return None
    try:
        first, second = (parser.parse(text, default=default) for default in _DEFAULTS)
    except (ValueError, OverflowError):
        return None
    if first.month != second.month or first.day != second.day:
        return None  # "May 2021" alone is not a publish date
    return first.date()


def parse_dateline(line: str) -> Optional[Tuple[date, str]]:
    """(date, byline) from a date line such as "May 22, 2021Byiqingdao"; byline may be ""."""
    parts = _BYLINE.split(line.strip(), maxsplit=1)
    day = parse_publish_date(parts[0])
    if day is None:
        return None
    return day, (parts[1].strip() if len(parts) > 1 else "")
