"""Dates, times and opening hours written the way an English or a Chinese reader expects."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import List, Sequence, Tuple

from bot.center.facts import Range

EN_DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
ZH_DAYS = ("周一", "周二", "周三", "周四", "周五", "周六", "周日")
EN_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def clock(moment: time, language: str) -> str:
    if language == "zh":
        return f"{moment.hour}:{moment.minute:02d}"
    hour = moment.hour % 12 or 12
    return f"{hour}:{moment.minute:02d}{'am' if moment.hour < 12 else 'pm'}"


def ranges(hours: Sequence[Range], language: str) -> str:
    joiner = "、" if language == "zh" else " and "
    dash = "至" if language == "zh" else " to "
    return joiner.join(f"{clock(a, language)}{dash}{clock(b, language)}" for a, b in hours)


def day_name(day: date, today: date, language: str) -> str:
    """'today (Friday 27 November)', 'on Saturday 28 November', '明天（11月28日周六）'."""
    delta = (day - today).days
    if language == "zh":
        label = f"{day.month}月{day.day}日{ZH_DAYS[day.weekday()]}"
        if day.year != today.year:
            label = f"{day.year}年{label}"
        relative = {0: "今天", 1: "明天", 2: "后天"}.get(delta)
        return f"{relative}（{label}）" if relative else label
    label = f"{EN_DAYS[day.weekday()]} {day.day} {EN_MONTHS[day.month - 1]}"
    if day.year != today.year:
        label += f" {day.year}"
    relative = {0: "today", 1: "tomorrow"}.get(delta)
    return f"{relative} ({label})" if relative else f"on {label}"


def days_name(days: Sequence[date], today: date, language: str) -> str:
    """'on Saturday 5 December and on Sunday 6 December', '明天（12月5日周六）和后天（12月6日周日）'."""
    return ("和" if language == "zh" else " and ").join(day_name(day, today, language) for day in days)


def moment_name(moment: datetime, today: date, language: str) -> str:
    day = day_name(moment.date(), today, language)
    if language == "zh":
        return f"{day}{clock(moment.time(), language)}"
    return f"{day} at {clock(moment.time(), language)}"


def weekly_summary(weekly: Sequence[Sequence[Range]], language: str) -> str:
    """'Monday to Friday 9:00am to 5:00pm' from the seven days' hours, grouping equal days."""
    groups: List[Tuple[int, int, Sequence[Range]]] = []
    for index, hours in enumerate(weekly):
        if groups and groups[-1][2] == hours and groups[-1][1] == index - 1:
            groups[-1] = (groups[-1][0], index, hours)
        else:
            groups.append((index, index, hours))
    names = ZH_DAYS if language == "zh" else EN_DAYS
    to = "至" if language == "zh" else " to "
    parts = []
    for first, last, hours in groups:
        if not hours:
            continue
        days = names[first] if first == last else f"{names[first]}{to}{names[last]}"
        parts.append(f"{days} {ranges(hours, language)}")
    if not parts:
        return "暂不开放" if language == "zh" else "not open at the moment"
    return ("，" if language == "zh" else "; ").join(parts)
