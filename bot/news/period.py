"""The time a news question asks about: "from May 2021", "last month", "since 2020", "this year",
"in 2021", "between March and May 2024", "2021年5月", "上个月", "今年", "2020年以来".

Date arithmetic is python-dateutil's (relativedelta); full dates are read by dateutil's parser. The
matched words are taken out of the question, so that what is left is its topic.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Callable, Dict, List, Optional, Tuple

from dateutil import parser
from dateutil.relativedelta import MO, relativedelta

from bot.center.when import MONTH_NUMBER, zh_number


@dataclass(frozen=True)
class Period:
    since: Optional[date]  # first day included, None: from the beginning
    until: Optional[date]  # last day included, None: up to today
    kind: str  # "day", "month", "year", "since", "until" or "range": how to name it to visitors


Span = Tuple[date, date, str]  # first day, last day, kind

_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_YEAR = r"(?:19|20)\d{2}"
_DAY = r"\d{1,2}(?:st|nd|rd|th)?"
# A point in time, most precise first. A month alone needs a preposition before it ("in May"):
# "may" is also a verb.
_EN_POINT = (
    rf"(?:\d{{4}}-\d{{1,2}}-\d{{1,2}}|{_DAY}\s+(?:of\s+)?{_MONTH},?\s+{_YEAR}|{_MONTH}\s+{_DAY},?\s+{_YEAR}"
    rf"|{_MONTH},?\s+{_YEAR}|{_YEAR})"
)
_EN_POINT_OR_MONTH = rf"(?:{_EN_POINT}|{_MONTH})"
_ZH_NUM = r"[0-9〇零一二两三四五六七八九十]{1,3}"
_ZH_POINT = rf"(?:(?:\d{{4}})\s*年(?:\s*{_ZH_NUM}\s*月(?:份)?(?:\s*{_ZH_NUM}\s*[日号])?)?|{_ZH_NUM}\s*月份?)"
_UNITS = {
    "day": "days",
    "week": "weeks",
    "month": "months",
    "year": "years",
    "天": "days",
    "日": "days",
    "周": "weeks",
    "星期": "weeks",
    "个月": "months",
    "月": "months",
    "年": "years",
}


def _month_span(year: int, month: int) -> Span:
    first = date(year, month, 1)
    return first, first + relativedelta(months=1, days=-1), "month"


def _year_span(year: int) -> Span:
    return date(year, 1, 1), date(year, 12, 31), "year"


def _recent_month(month: int, today: date) -> Span:
    """A month named without a year: its latest occurrence, this month included."""
    return _month_span(today.year if month <= today.month else today.year - 1, month)


def _en_point(text: str, today: date) -> Optional[Span]:
    text = text.strip().rstrip(".")
    if re.fullmatch(_YEAR, text):
        return _year_span(int(text))
    month_names = re.findall(r"[a-z]+", text)
    month = next((MONTH_NUMBER[name[:3]] for name in month_names if name[:3] in MONTH_NUMBER), None)
    year = re.search(_YEAR + r"(?!-)", text) if not re.match(r"\d{4}-", text) else None
    has_day = re.match(r"\d{4}-", text) or re.search(rf"(?<![\d]){_DAY}(?!\d)", re.sub(_YEAR, "", text))
    if has_day:
        try:
            day = parser.parse(re.sub(r"\bof\b", "", text)).date()
        except (ValueError, OverflowError):
            return None
        return day, day, "day"
    if month and year:
        return _month_span(int(year[0]), month)
    return _recent_month(month, today) if month else None


def _zh_point(text: str, today: date) -> Optional[Span]:
    m = re.fullmatch(rf"(?:(\d{{4}})\s*年)?(?:\s*({_ZH_NUM})\s*月份?(?:\s*({_ZH_NUM})\s*[日号])?)?", text.strip())
    if not m or not (m[1] or m[2]):
        return None
    month = zh_number(m[2]) if m[2] else None
    day = zh_number(m[3]) if m[3] else None
    if month is not None and not 1 <= month <= 12:
        return None
    if day is not None:
        if month is None:
            return None
        try:
            found = date(int(m[1]) if m[1] else today.year, month, day)
        except ValueError:
            return None
        return found, found, "day"
    if month:
        return _month_span(int(m[1]), month) if m[1] else _recent_month(month, today)
    return _year_span(int(m[1]))


def _relative(amount: int, unit: str, today: date) -> Period:
    step: Dict[str, int] = {unit: amount}
    return Period(today - relativedelta(**step), today, "range")  # type: ignore[arg-type]


def _named(word: str, today: date) -> Optional[Period]:
    """today, yesterday, this/last week, month, year and their Chinese words."""
    week_start = today + relativedelta(weekday=MO(-1))
    month_start = today.replace(day=1)
    spans = {
        "today": (today, today, "day"),
        "今天": (today, today, "day"),
        "yesterday": (today - relativedelta(days=1),) * 2 + ("day",),
        "this week": (week_start, today, "range"),
        "last week": (week_start - relativedelta(weeks=1), week_start - relativedelta(days=1), "range"),
        "this month": (month_start, today, "month"),
        "last month": (
            *_month_span((month_start - relativedelta(months=1)).year, (month_start - relativedelta(months=1)).month)[
                :2
            ],
            "month",
        ),
        "this year": (date(today.year, 1, 1), today, "year"),
        "last year": _year_span(today.year - 1),
        "前年": _year_span(today.year - 2),
    }
    aliases = {
        "昨天": "yesterday",
        "本周": "this week",
        "这周": "this week",
        "这个星期": "this week",
        "上周": "last week",
        "上个星期": "last week",
        "本月": "this month",
        "这个月": "this month",
        "上个月": "last month",
        "上月": "last month",
        "今年": "this year",
        "去年": "last year",
        "past week": "this week",
    }
    found = spans.get(aliases.get(word, word))
    return Period(*found) if found else None


_Finder = Callable[[re.Match, date], Optional[Period]]


def _between(a: Optional[Span], b: Optional[Span]) -> Optional[Period]:
    return Period(a[0], b[1], "range") if a and b and a[0] <= b[1] else None


def _since(span: Optional[Span]) -> Optional[Period]:
    return Period(span[0], None, "since") if span else None


def _after(span: Optional[Span]) -> Optional[Period]:
    return Period(span[1] + relativedelta(days=1), None, "since") if span else None


def _until(span: Optional[Span]) -> Optional[Period]:
    return Period(None, span[0] - relativedelta(days=1), "until") if span else None


def _exactly(span: Optional[Span]) -> Optional[Period]:
    return Period(*span) if span else None


def _zh_relative(m: re.Match, today: date) -> Optional[Period]:
    amount = zh_number(m[1]) if m[1] else 1
    return _relative(amount, _UNITS[m[2]], today) if amount else None


_FINDERS: List[Tuple[re.Pattern, _Finder]] = [
    (
        re.compile(rf"\b(?:from|between)\s+({_EN_POINT_OR_MONTH})\s+(?:to|and|until|till|through|-)\s+({_EN_POINT})\b"),
        lambda m, t: _between(_en_point(_with_year(m[1], m[2]), t), _en_point(m[2], t)),
    ),
    (re.compile(rf"\bsince\s+({_EN_POINT_OR_MONTH})(?![\w-])"), lambda m, t: _since(_en_point(m[1], t))),
    (re.compile(rf"\bafter\s+({_EN_POINT_OR_MONTH})(?![\w-])"), lambda m, t: _after(_en_point(m[1], t))),
    (
        re.compile(rf"\b(?:before|until|till|up to)\s+({_EN_POINT_OR_MONTH})(?![\w-])"),
        lambda m, t: _until(_en_point(m[1], t)),
    ),
    (
        re.compile(
            rf"\b(?:(?:in|during|from|of|for|on|dated)\s+)?(?:the\s+(?:year|month)\s+(?:of\s+)?)?({_EN_POINT})(?![\w-])"
        ),
        lambda m, t: _exactly(_en_point(m[1], t)),
    ),
    (
        re.compile(rf"\b(?:in|during|from|of|for)\s+(?:the\s+month\s+of\s+)?({_MONTH})(?![\w-])"),
        lambda m, t: _exactly(_en_point(m[1], t)),
    ),
    (
        re.compile(r"\b(?:in\s+|over\s+|from\s+)?(?:the\s+)?(?:past|last)\s+(\d{1,3})\s+(day|week|month|year)s?\b"),
        lambda m, t: _relative(int(m[1]), _UNITS[m[2]], t),
    ),
    (
        re.compile(
            r"\b(?:from\s+|of\s+)?(today|yesterday|this week|last week|past week|this month|last month|this year"
            r"|last year)\b"
        ),
        lambda m, t: _named(m[1], t),
    ),
    (
        re.compile(rf"(?:从|自)?\s*({_ZH_POINT})\s*(?:到|至|-|—|~)\s*({_ZH_POINT})"),
        lambda m, t: _between(_zh_point(m[1], t), _zh_point(m[2], t)),
    ),
    (re.compile(rf"(?:从|自)?\s*({_ZH_POINT})\s*(?:以来|之后|以后|起|开始)"), lambda m, t: _since(_zh_point(m[1], t))),
    (re.compile(rf"({_ZH_POINT})\s*(?:以前|之前)"), lambda m, t: _until(_zh_point(m[1], t))),
    (re.compile(rf"(?:最近|近|过去)\s*({_ZH_NUM})?\s*(天|日|周|星期|个月|年)"), _zh_relative),
    (
        re.compile(r"(今天|昨天|本周|这周|这个星期|上周|上个星期|本月|这个月|上个月|上月|今年|去年|前年)"),
        lambda m, t: _named(m[1], t),
    ),
    (re.compile(rf"({_ZH_POINT})"), lambda m, t: _exactly(_zh_point(m[1], t))),
]


def _with_year(first: str, second: str) -> str:
    """ "between March and May 2024": the first month takes the year of the second."""
    if re.search(_YEAR, first):
        return first
    year = re.search(_YEAR, second)
    return f"{first} {year[0]}" if year else first


def find_period(text: str, today: date) -> Tuple[Optional[Period], str]:
    """(the period ``text`` asks about or None, ``text`` without the words that named it)."""
    lowered = text.lower()
    for pattern, finder in _FINDERS:
        for match in pattern.finditer(lowered):
            period = finder(match, today)
            if period:
                return period, (text[: match.start()] + " " + text[match.end() :]).strip()
    return None, text
