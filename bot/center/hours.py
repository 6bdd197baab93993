"""Is the center open at a given moment or on a given day, and when does it next open?

All computing happens in the center's own time zone, whatever zone the machine runs in.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Optional, Tuple

from bot.center.facts import Center, Range, SpecialDay
from bot.settings import settings

SEARCH_DAYS = 60  # long enough to cross the longest holiday; past that, "call us"


def now_in(center: Center) -> datetime:
    """The current time in the center's zone; QICC_NOW freezes it for tests."""
    fixed = settings().fixed_now
    if fixed is None:
        return datetime.now(center.zone)
    if fixed.tzinfo is None:
        fixed = fixed.replace(tzinfo=center.zone)
    return fixed.astimezone(center.zone)


def local(center: Center, moment: datetime) -> datetime:
    if moment.tzinfo is None:
        return moment.replace(tzinfo=center.zone)
    return moment.astimezone(center.zone)


@dataclass(frozen=True)
class Status:
    open: bool
    until: Optional[datetime]  # closing time of the current range when open
    next_open: Optional[datetime]  # start of the next range when closed
    special: Optional[SpecialDay]  # the special date that decides this day, if any


def _at(center: Center, day: date, clock: time) -> datetime:
    return datetime.combine(day, clock).replace(tzinfo=center.zone)


def next_opening(center: Center, after: datetime) -> Optional[datetime]:
    """The first opening moment strictly after ``after`` (or None within SEARCH_DAYS)."""
    after = local(center, after)
    for offset in range(SEARCH_DAYS):
        day = after.date() + timedelta(days=offset)
        for start, _ in center.hours_on(day):
            moment = _at(center, day, start)
            if moment > after:
                return moment
    return None


def status_at(center: Center, moment: datetime) -> Status:
    moment = local(center, moment)
    day = moment.date()
    special = center.special_day(day)
    for start, end in center.hours_on(day):
        if start <= moment.time() < end:
            return Status(True, _at(center, day, end), None, special)
    return Status(False, None, next_opening(center, moment), special)


def status_on(center: Center, day: date) -> Tuple[Tuple[Range, ...], Status]:
    """The hours of ``day`` and, when it has none, when the center next opens after it."""
    ranges = center.hours_on(day)
    start_of_day = _at(center, day, time(0, 0))
    if ranges:
        return ranges, Status(True, _at(center, day, ranges[-1][1]), None, center.special_day(day))
    return ranges, Status(False, None, next_opening(center, start_of_day), center.special_day(day))
