"""The center's facts (name, phone, address, opening hours, special dates) from data/center.yml."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, time
from typing import Any, Dict, List, Optional, Tuple

from dateutil import tz

from bot.content.live import LiveFile, live_content
from bot.content.texts import LANGUAGES, Bilingual, check_bilingual, check_replies
from bot.content.yamlfile import ContentError, Problem, line_of

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
Range = Tuple[time, time]

EMERGENCY_SERVICES = ("police", "fire", "ambulance", "traffic")
COMMON_FIELDS = ("name", "phone", "address", "directions", "hours", *EMERGENCY_SERVICES)
# Placeholders each reply may use beyond COMMON_FIELDS.
REPLIES: Dict[str, Tuple[str, ...]] = {
    "greet": (),
    "goodbye": (),
    "thanks": (),
    "bot_challenge": (),
    "language_switched": (),
    "hours_regular": (),
    "open_now": ("until",),
    "closed_now": ("next_open",),
    "open_at": ("when", "day_hours"),
    "open_on_day": ("when", "day_hours"),
    "closed_at": ("when", "next_open"),
    "closed_special": ("when", "next_open", "reason"),
    "open_special": ("when", "day_hours", "reason"),
    "phone": (),
    "address": (),
    "handoff": ("status",),
    "staff_there": ("until",),
    "staff_away": ("next_open",),
    "emergency": (),
    "fallback": (),
    "error": (),
    "too_long": ("limit",),
    "slow_down": (),
    # Talking to a person (bot/handoff/desk.py).
    "talk_to_person": (),
    "handoff_queued": ("minutes",),
    "handoff_taken": ("name",),
    "handoff_timeout": (),
    "handoff_back": (),
    "message_offer_web": (),
    "message_offer_chat": (),
    "message_need_contact": (),
    "message_taken_web": ("contact",),
    "message_taken_chat": (),
}


@dataclass(frozen=True)
class SpecialDay:
    first: date
    last: date
    hours: Tuple[Range, ...]  # empty: closed
    note: Bilingual
    yearly: bool = False  # given as MM-DD: the same days every year (first/last then use YEARLY)

    def covers(self, day: date) -> bool:
        if self.yearly:
            day = day.replace(year=YEARLY) if not (day.month == 2 and day.day == 29) else date(YEARLY, 2, 29)
        return self.first <= day <= self.last


YEARLY = 2000  # a leap year, so that 02-29 can be written


@dataclass(frozen=True)
class Center:
    name: Bilingual
    phone: str
    address: Bilingual
    directions: Bilingual
    timezone: str
    weekly: Tuple[Tuple[Range, ...], ...]  # index 0 = Monday
    special: Tuple[SpecialDay, ...]
    replies: Dict[str, Bilingual]
    emergency_numbers: Dict[str, str]  # service (EMERGENCY_SERVICES) -> number
    # Per language, what a visitor talking to a person (or leaving a message) writes to come back to the
    # assistant (bot/handoff/desk.py).
    end_words: Dict[str, Tuple[str, ...]] = field(default_factory=dict)

    @property
    def zone(self):
        return tz.gettz(self.timezone)

    def special_day(self, day: date) -> Optional[SpecialDay]:
        """The entry for ``day``; one for a given year wins over one for every year."""
        matches = [s for s in self.special if s.covers(day)]
        return min(matches, key=lambda s: s.yearly, default=None)

    def hours_on(self, day: date) -> Tuple[Range, ...]:
        special = self.special_day(day)
        return special.hours if special else self.weekly[day.weekday()]


_RANGE = re.compile(r"^\s*(\d{1,2})(?::(\d{2}))?\s*-\s*(\d{1,2})(?::(\d{2}))?\s*$")


def parse_hours(value: object) -> Optional[Tuple[Range, ...]]:
    """'9:00-17:00' or '9:00-12:00, 13:00-17:00' or 'closed'; None when unreadable."""
    text = str(value).strip().lower()
    if text == "closed":
        return ()
    ranges = []
    for part in text.split(","):
        match = _RANGE.match(part)
        if not match:
            return None
        h1, m1, h2, m2 = (int(g or 0) for g in match.groups())
        if not (h1 < 24 and h2 <= 24 and m1 < 60 and m2 < 60):
            return None
        start, end = time(h1, m1), (time(23, 59, 59) if h2 == 24 else time(h2, m2))
        if start >= end:
            return None
        ranges.append((start, end))
    return tuple(sorted(ranges))


def _parse_date(value: object) -> Tuple[Optional[date], bool]:
    """(date, yearly): YYYY-MM-DD for one day, MM-DD for the same day every year."""
    text = str(value).strip()
    try:
        if re.fullmatch(r"\d{2}-\d{2}", text):
            return date.fromisoformat(f"{YEARLY}-{text}"), True
        return date.fromisoformat(text), False
    except ValueError:
        return None, False


class _Builder:
    """Turns the parsed YAML into a Center, collecting every problem with its line."""

    def __init__(self, data: object, filename: str):
        self.data: Any = data  # a dict once build() has checked it; the field readers run only then
        self.file = filename
        self.problems: List[Problem] = []

    def problem(self, line: Optional[int], message: str) -> None:
        self.problems.append(Problem(self.file, line, message))

    def text(self, key: str) -> Bilingual:
        return check_bilingual(self.data.get(key), f"'{key}'", self.file, line_of(self.data, key) or 1, self.problems)

    def build(self) -> Center:
        if not isinstance(self.data, dict):
            raise ContentError.single(self.file, "the file must start with 'name:', 'phone:' and the other fields", 1)
        center = Center(
            name=self.text("name"),
            phone=self.phone(),
            address=self.text("address"),
            directions=self.text("directions"),
            timezone=self.timezone(),
            weekly=self.weekly(),
            special=self.special(),
            replies=self.replies(),
            emergency_numbers=self.emergency_numbers(),
            end_words=self.end_words(),
        )
        if self.problems:
            raise ContentError(self.problems)
        return center

    def phone(self) -> str:
        phone = str(self.data.get("phone") or "").strip()
        if not re.search(r"\d{5,}", re.sub(r"[\s\-()+]", "", phone)):
            self.problem(line_of(self.data, "phone") or 1, "'phone' needs a phone number, e.g. \"(+86) 0532-68873099\"")
        return phone

    def emergency_numbers(self) -> Dict[str, str]:
        table = self.data.get("emergency_numbers")
        line = line_of(self.data, "emergency_numbers") or 1
        if not isinstance(table, dict):
            self.problem(line, "'emergency_numbers' needs one line per service: " + ", ".join(EMERGENCY_SERVICES))
            return {service: "" for service in EMERGENCY_SERVICES}
        numbers = {}
        for service in EMERGENCY_SERVICES:
            number = str(table.get(service) or "").strip()
            if not number.isdigit():
                self.problem(
                    line_of(table, service) or line, f"'{service}' needs the emergency number in digits, e.g. \"110\""
                )
            numbers[service] = number
        return numbers

    def end_words(self) -> Dict[str, Tuple[str, ...]]:
        table = self.data.get("handoff_end_words")
        line = line_of(self.data, "handoff_end_words") or 1
        words = {}
        for lang in LANGUAGES:
            values = table.get(lang) if isinstance(table, dict) else None
            if not isinstance(values, list) or not all(isinstance(v, str) and v.strip() for v in values) or not values:
                self.problem(
                    line_of(table, lang) if isinstance(table, dict) else line,
                    f"'handoff_end_words' needs a list of phrases for {lang}, e.g. {lang}: [bye]",
                )
                values = []
            words[lang] = tuple(v.strip() for v in values)
        return words

    def timezone(self) -> str:
        name = str(self.data.get("timezone") or "")
        if not name or tz.gettz(name) is None:
            self.problem(
                line_of(self.data, "timezone") or 1,
                f"'timezone' must be a time zone name such as Asia/Shanghai, not '{name}'",
            )
        return name

    def weekly(self) -> Tuple[Tuple[Range, ...], ...]:
        table = self.data.get("opening_hours")
        if not isinstance(table, dict):
            self.problem(
                line_of(self.data, "opening_hours") or 1, "'opening_hours' needs one line per day, monday to sunday"
            )
            return tuple(() for _ in WEEKDAYS)
        for key in table:
            if key not in WEEKDAYS:
                self.problem(line_of(table, key), f"'{key}' is not a day; use monday ... sunday in English")
        return tuple(self.hours(table, day) for day in WEEKDAYS)

    def hours(self, container: dict, key: str) -> Tuple[Range, ...]:
        if key not in container:
            self.problem(line_of(container), f"'{key}:' is missing; give hours like \"9:00-17:00\" or closed")
            return ()
        parsed = parse_hours(container[key])
        if parsed is None:
            self.problem(
                line_of(container, key),
                f'\'{container[key]}\' is not opening hours; write "9:00-17:00", "9:00-12:00, 13:00-17:00" or closed',
            )
            return ()
        return parsed

    def special(self) -> Tuple[SpecialDay, ...]:
        items = self.data.get("special_dates") or []
        if not isinstance(items, list):
            self.problem(
                line_of(self.data, "special_dates"), "'special_dates' must be a list of entries starting with '- date:'"
            )
            return ()
        days = [self.special_entry(items, i) for i in range(len(items))]
        return tuple(sorted((d for d in days if d), key=lambda d: d.first))

    def special_entry(self, items: list, index: int) -> Optional[SpecialDay]:
        entry, line = items[index], line_of(items, index)
        if not isinstance(entry, dict):
            self.problem(line, "each special date needs 'date:', 'hours:' and 'note:'")
            return None
        first, yearly = _parse_date(entry.get("date"))
        last, last_yearly = _parse_date(entry.get("until", entry.get("date")))
        if first is None or last is None or last < first or yearly != last_yearly:
            self.problem(
                line,
                "write dates as YYYY-MM-DD (e.g. 2026-10-01), or MM-DD (10-01) for every year, "
                "with 'until' in the same form and not before 'date'",
            )
            return None
        note = check_bilingual(entry.get("note"), "the note of this special date", self.file, line, self.problems)
        return SpecialDay(first, last, self.hours(entry, "hours"), note, yearly)

    def replies(self) -> Dict[str, Bilingual]:
        allowed = {key: COMMON_FIELDS + extra for key, extra in REPLIES.items()}
        return check_replies(
            self.data.get("replies"), allowed, self.file, line_of(self.data, "replies") or 1, self.problems
        )


def build_center(data: object, filename: str) -> Center:
    return _Builder(data, filename).build()


def live_center() -> LiveFile[Center]:
    """The running assistant's view of data/center.yml, reloaded when staff save it."""
    return live_content("center.yml", build_center)


def current_center() -> Center:
    return live_center().get()
