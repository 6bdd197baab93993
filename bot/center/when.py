"""Find the moment a visitor asks about ("now", "tomorrow at 4pm", "on Saturday", "1 October",
"明天", "下周一", "周六下午", "十月一日") in free text, in English and Chinese.

Returns None when the text names no moment, so the caller can answer with the regular hours.
Date arithmetic uses python-dateutil (relativedelta and its weekday objects).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Callable, List, Optional, Tuple

from dateutil.relativedelta import relativedelta, weekday
from dateutil.relativedelta import MO, TU, WE, TH, FR, SA, SU

from bot.center.phrasing import EN_DAYS, EN_MONTHS

WEEKDAYS: Tuple[weekday, ...] = (MO, TU, WE, TH, FR, SA, SU)


@dataclass(frozen=True)
class When:
    day: date
    clock: Optional[time] = None  # None: the whole day
    is_now: bool = False
    through: Optional[date] = None  # the last of several days asked about together ("the weekend")


# A name's first three letters, as the patterns below find them: "sat" -> 5 (Monday is 0), "jan" -> 1.
WEEKDAY_NUMBER = {name[:3].lower(): number for number, name in enumerate(EN_DAYS)}
MONTH_NUMBER = {name[:3].lower(): number for number, name in enumerate(EN_MONTHS, start=1)}
ZH_DIGITS = {
    "〇": 0,
    "零": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
    "十": 10,
}
ZH_WEEKDAY_NUMBER = {"一": 0, "二": 1, "三": 2, "四": 3, "五": 4, "六": 5, "日": 6, "天": 6}
# Chinese counts weeks: 下周一 is Monday of next week, 这周六 Saturday of this week.
_ZH_WEEK_OFFSET = {"下下": 2, "下": 1, "下个": 1, "上": -1, "上个": -1}

_NOW = re.compile(
    r"\b(now|right now|currently|at the moment|at this moment|this moment|still open|open yet)\b"
    r"|现在|目前|此刻|这会儿|这会|此时"
)
# Full names, usual abbreviations and common misspellings; "mon" alone would also match "month".
_EN_WEEKDAY = re.compile(
    r"\b(?:(this|next|coming)\s+)?(mon|tue|wed|thu|fri|sat|sun)"
    r"(?:day|days|\.|s|es|esday|sday|nesday|nsday|ensday|rsday|rs|r|urday|urdays|rday|uday|rady|iday|rsday)?\b"
    r"|\b(?:(this|next|coming)\s+)?(th)(?:ru|ur)sday\b"
)
_EN_WEEKEND = re.compile(r"\b(?:(this|next|coming)\s+)?week-?ends?\b")
_EN_DATE_DM = re.compile(
    r"\b(\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?"
    r"(?:,?\s+(\d{4}))?\b"
)
_EN_DATE_MD = re.compile(
    r"\b(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+(\d{1,2})(?:st|nd|rd|th)?\b"
    r"(?:,?\s+(\d{4}))?"
)
_ISO_DATE = re.compile(r"\b(\d{4})-(\d{1,2})-(\d{1,2})\b")
_ZH_DATE = re.compile(
    r"(?:(\d{4})年)?([0-9〇零一二两三四五六七八九十]{1,3})月([0-9〇零一二两三四五六七八九十]{1,3})[日号號]"
)
_ZH_WEEK_PREFIX = r"(下下|下个?|这个?|本|上个?)?(?:周|星期|礼拜|禮拜)"
_ZH_WEEKDAY = re.compile(_ZH_WEEK_PREFIX + r"([一二三四五六日天])")
_ZH_WEEKEND = re.compile(_ZH_WEEK_PREFIX + "末")
_EN_CLOCK = re.compile(
    r"\b(?:at\s+|by\s+|around\s+|before\s+|after\s+)?(\d{1,2})(?::(\d{2}))?\s*(a\.?m\.?|p\.?m\.?|o'?clock)\b"
    r"|\bat\s+(\d{1,2})(?::(\d{2}))?\b|\b(\d{1,2}):(\d{2})\b"
)
_ZH_CLOCK = re.compile(
    r"(早上|上午|中午|下午|傍晚|晚上)?\s*([0-9一二两三四五六七八九十]{1,3})\s*[点點:：]\s*(半|[0-9]{1,2}分?)?"
)
# A part of the day ("in the morning", "下午") names no clock time: the answer gives that day's hours
# rather than an hour the visitor never said.


def zh_number(text: str) -> Optional[int]:
    """'10', '十', '十一', '二十一', '三十' -> int."""
    if text.isdigit():
        return int(text)
    if not text or any(ch not in ZH_DIGITS for ch in text):
        return None
    if "十" not in text:
        return int("".join(str(ZH_DIGITS[ch]) for ch in text))
    tens, _, ones = text.partition("十")
    return (ZH_DIGITS[tens] if tens else 1) * 10 + (ZH_DIGITS[ones] if ones else 0)


def _upcoming(today: date, day: date) -> date:
    """A date given without a year means its next occurrence, today included."""
    return day if day >= today else day + relativedelta(years=1)


def _safe_date(year: int, month: int, day: int) -> Optional[date]:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _month_day(today: date, year: Optional[str], month: int, day: int) -> Optional[date]:
    found = _safe_date(int(year) if year else today.year, month, day)
    if found is None or year:
        return found
    return _upcoming(today, found)


def _en_date(text: str, today: date) -> Optional[date]:
    if m := _ISO_DATE.search(text):
        return _safe_date(int(m[1]), int(m[2]), int(m[3]))
    if m := _EN_DATE_DM.search(text):
        return _month_day(today, m[3], MONTH_NUMBER[m[2]], int(m[1]))
    if m := _EN_DATE_MD.search(text):
        return _month_day(today, m[3], MONTH_NUMBER[m[1]], int(m[2]))
    return None


def _zh_date(text: str, today: date) -> Optional[date]:
    m = _ZH_DATE.search(text)
    if not m:
        return None
    month, day = zh_number(m[2]), zh_number(m[3])
    return _month_day(today, m[1], month, day) if month and day else None


def _relative_day(text: str, today: date) -> Optional[date]:
    if re.search(r"day after tomorrow|后天|後天", text):
        return today + relativedelta(days=2)
    if re.search(r"\b(tomorrow|tmrw?|tommorow|tomorow|tmr)\b|明天|明日|明早|明晚", text):
        return today + relativedelta(days=1)
    if re.search(r"\b(today|tonight|this (morning|afternoon|evening))\b|今天|今日|今晚|今早", text):
        return today
    return None


def _weekday_after(today: date, index: int, skip_today: bool) -> date:
    start = today + relativedelta(days=1) if skip_today else today
    return start + relativedelta(weekday=WEEKDAYS[index](+1))


def _en_weekday(text: str, today: date) -> Optional[date]:
    m = _EN_WEEKDAY.search(text)
    if not m:
        return None
    prefix, name = (m[1], m[2]) if m[2] else (m[3], "thu")
    # "next Monday" is the first Monday after today; "on Monday" may be today.
    return _weekday_after(today, WEEKDAY_NUMBER[name], skip_today=prefix == "next")


def _zh_weekday(text: str, today: date) -> Optional[date]:
    m = _ZH_WEEKDAY.search(text)
    if not m:
        return None
    index, prefix = ZH_WEEKDAY_NUMBER[m[2]], m[1] or ""
    day = _zh_week_day(today, prefix, index)
    if not prefix and day < today:
        day += relativedelta(weeks=1)
    return day


def _zh_week_day(today: date, prefix: str, index: int) -> date:
    monday = today + relativedelta(weekday=MO(-1))
    return monday + relativedelta(weeks=_ZH_WEEK_OFFSET.get(prefix, 0), days=index)


def _weekend(text: str, today: date) -> Optional[Tuple[date, date]]:
    """The Saturday and Sunday asked about ("this weekend", 下周末), from today on when it has begun."""
    if m := _EN_WEEKEND.search(text):
        if today.weekday() == 6 and m[1] != "next":  # on a Sunday, "this weekend" is today
            saturday = today - relativedelta(days=1)
        else:
            saturday = _weekday_after(today, 5, skip_today=m[1] == "next")
    elif m := _ZH_WEEKEND.search(text):
        saturday = _zh_week_day(today, m[1] or "", 5)
    else:
        return None
    return max(saturday, today), saturday + relativedelta(days=1)


def _hour_24(hour: int, minute: int, marker: str) -> Optional[time]:
    marker = marker.replace(".", "")
    if marker == "pm" and hour < 12:
        hour += 12
    elif marker == "am" and hour == 12:
        hour = 0
    elif marker in ("", "oclock", "o'clock") and 1 <= hour <= 7:
        hour += 12  # "at 4" means the afternoon when talking about office hours
    if hour > 23 or minute > 59:
        return None
    return time(hour, minute)


def _en_clock(text: str) -> Optional[time]:
    m = _EN_CLOCK.search(text)
    if m:
        if m[1]:
            return _hour_24(int(m[1]), int(m[2] or 0), (m[3] or "").lower())
        if m[4]:
            return _hour_24(int(m[4]), int(m[5] or 0), "")
        return _hour_24(int(m[6]), int(m[7]), "24h")
    return None


def _zh_clock(text: str) -> Optional[time]:
    m = _ZH_CLOCK.search(text)
    if m:
        hour = zh_number(m[2])
        minute = 30 if m[3] == "半" else int(re.sub(r"\D", "", m[3] or "") or 0)
        if hour is None:
            return None
        if m[1] in ("下午", "傍晚", "晚上") and hour < 12:
            hour += 12
        elif m[1] == "中午" and hour < 6:
            hour += 12
        elif not m[1] and 1 <= hour <= 7:
            hour += 12
        return time(hour, minute) if hour < 24 and minute < 60 else None
    return None


_DAY_FINDERS: List[Callable[[str, date], Optional[date]]] = [
    _en_date,
    _zh_date,
    _relative_day,
    _zh_weekday,
    _en_weekday,
]


def parse_when(text: str, now: datetime) -> Optional[When]:
    """The moment ``text`` asks about, relative to ``now`` (the center's local time)."""
    lowered = text.lower()
    today = now.date()
    weekend = _weekend(lowered, today)
    if weekend:
        day: Optional[date] = weekend[0]
    else:
        day = next((found for finder in _DAY_FINDERS if (found := finder(lowered, today))), None)
    clock = _en_clock(lowered) or _zh_clock(lowered)
    if day is None and clock is None:
        if _NOW.search(lowered):
            return When(today, now.time().replace(microsecond=0), is_now=True)
        return None
    # A time of day picks one moment, so "the weekend at 10am" is Saturday's 10am.
    through = weekend[1] if weekend and clock is None and weekend[1] > weekend[0] else None
    return When(day or today, clock, through=through)
