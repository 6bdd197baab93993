"""The answers about the center itself: hours, open or closed at a moment, phone, address, a person; and
``reply``, one of data/center.yml's replies with its placeholders filled.

Plain functions from (center, language, visitor text, now) to text, so that actions stay thin
and the same answers are easy to test without Rasa.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Dict, Optional

from bot.center import hours, phrasing
from bot.center.facts import Center
from bot.content.texts import fill, pick
from bot.center.when import When, parse_when


def common_values(center: Center, language: str) -> Dict[str, str]:
    return {
        "name": pick(center.name, language),
        "phone": center.phone,
        "address": pick(center.address, language),
        "directions": pick(center.directions, language),
        "hours": phrasing.weekly_summary(center.weekly, language),
        **center.emergency_numbers,
    }


def reply(center: Center, key: str, language: str, **extra: str) -> str:
    return fill(center.replies[key], language, {**common_values(center, language), **extra})


def _next_open(center: Center, moment: Optional[datetime], today, language: str) -> str:
    if moment is None:
        return reply(center, "phone", language)  # nothing in the next weeks: give the number
    return phrasing.moment_name(moment, today, language)


def hours_answer(center: Center, language: str, text: str, now: Optional[datetime] = None) -> str:
    """Regular hours, or open/closed at the moment or day the visitor names."""
    now = now or hours.now_in(center)
    when = parse_when(text, now)
    if when is None:
        return reply(center, "hours_regular", language)
    if when.is_now:
        return _now_answer(center, language, now)
    if when.through:
        return _days_answer(center, language, when, now)
    if when.clock is None:
        return _day_answer(center, language, when, now)
    return _moment_answer(center, language, when, now)


def _now_answer(center: Center, language: str, now: datetime) -> str:
    status = hours.status_at(center, now)
    if status.open and status.until:  # an open status has its closing time
        return reply(center, "open_now", language, until=phrasing.clock(status.until.time(), language))
    return reply(center, "closed_now", language, next_open=_next_open(center, status.next_open, now.date(), language))


def _day_answer(center: Center, language: str, when: When, now: datetime) -> str:
    day_hours, status = hours.status_on(center, when.day)
    values = {
        "when": phrasing.day_name(when.day, now.date(), language),
        "day_hours": phrasing.ranges(day_hours, language),
    }
    if status.special:
        values["reason"] = pick(status.special.note, language)
    if status.open:
        return reply(center, "open_special" if status.special else "open_on_day", language, **values)
    values["next_open"] = _next_open(center, status.next_open, now.date(), language)
    return reply(center, "closed_special" if status.special else "closed_at", language, **values)


def _days_answer(center: Center, language: str, when: When, now: datetime) -> str:
    """Several days ("the weekend"): one sentence when all are closed for one reason, else one per day."""
    assert when.through is not None  # hours_answer() sends only spans here
    days = [when.day + timedelta(days=n) for n in range((when.through - when.day).days + 1)]
    reasons = [special.note if special else None for special in map(center.special_day, days)]
    if any(center.hours_on(day) for day in days) or any(reason != reasons[0] for reason in reasons):
        return " ".join(_day_answer(center, language, When(day), now) for day in days)
    _, status = hours.status_on(center, days[-1])
    values = {
        "when": phrasing.days_name(days, now.date(), language),
        "next_open": _next_open(center, status.next_open, now.date(), language),
    }
    reason = reasons[0]
    if reason:
        return reply(center, "closed_special", language, reason=pick(reason, language), **values)
    return reply(center, "closed_at", language, **values)


def _moment_answer(center: Center, language: str, when: When, now: datetime) -> str:
    assert when.clock is not None  # answer() sends only moments with a time of day here
    moment = datetime.combine(when.day, when.clock).replace(tzinfo=center.zone)
    status = hours.status_at(center, moment)
    day_hours = center.hours_on(when.day)
    values = {
        "when": phrasing.moment_name(moment, now.date(), language),
        "day_hours": phrasing.ranges(day_hours, language),
    }
    if status.open:
        return reply(center, "open_at", language, **values)
    values["next_open"] = _next_open(center, status.next_open, now.date(), language)
    if status.special and not day_hours:
        values["reason"] = pick(status.special.note, language)
        return reply(center, "closed_special", language, **values)
    return reply(center, "closed_at", language, **values)


def handoff_answer(center: Center, language: str, now: Optional[datetime] = None) -> str:
    now = now or hours.now_in(center)
    status = hours.status_at(center, now)
    if status.open and status.until:  # an open status has its closing time
        there = reply(center, "staff_there", language, until=phrasing.clock(status.until.time(), language))
    else:
        there = reply(
            center, "staff_away", language, next_open=_next_open(center, status.next_open, now.date(), language)
        )
    return reply(center, "handoff", language, status=there)
