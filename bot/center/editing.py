"""Changing data/center.yml's text from the console: the facts, the weekly hours, the special dates.

Each function takes the file's text and returns the new text, the rest of the file (comments, replies)
left as it is; the caller checks the result with build_center before anything is written.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Dict, Optional

from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import DoubleQuotedScalarString

from bot import roundtrip
from bot.center.facts import WEEKDAYS
from bot.content.texts import LANGUAGES

BILINGUAL_FACTS = ("name", "address", "directions")


@dataclass(frozen=True)
class Facts:
    texts: Dict[str, Dict[str, str]]  # name/address/directions -> language -> text
    phone: str
    weekly: Dict[str, str]  # monday... -> "9:00-17:00" or "closed"


@dataclass(frozen=True)
class SpecialDate:
    first: str  # YYYY-MM-DD, or MM-DD for every year
    until: str  # "" for one day
    hours: str  # "closed" or "9:00-17:00"
    note: Dict[str, str]


def _quoted_hours(value: str) -> object:
    value = value.strip()
    return value if value.casefold() == "closed" else DoubleQuotedScalarString(value)


def _date_value(text: str) -> object:
    """A full date is written plain (2026-10-01), as staff write it; anything else as typed, for the check."""
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        return text.strip()


def _bilingual(values: Dict[str, str], flow: bool = False) -> CommentedMap:
    table = CommentedMap((lang, roundtrip.text_value(values.get(lang, ""))) for lang in LANGUAGES)
    if flow:
        table.fa.set_flow_style()
    return table


def set_facts(text: str, facts: Facts) -> str:
    document = roundtrip.load(text, "center.yml")
    for key in BILINGUAL_FACTS:
        current = document.get(key)
        if isinstance(current, CommentedMap):
            for lang in LANGUAGES:
                roundtrip.set_text(current, lang, facts.texts[key].get(lang, ""))
        else:
            document[key] = _bilingual(facts.texts[key])
    if str(document.get("phone", "")).strip() != facts.phone.strip():
        document["phone"] = DoubleQuotedScalarString(facts.phone.strip())
    weekly = document.get("opening_hours")
    if not isinstance(weekly, CommentedMap):
        weekly = document["opening_hours"] = CommentedMap()
    for day in WEEKDAYS:
        if str(weekly.get(day, "")).strip() != facts.weekly.get(day, "").strip():
            weekly[day] = _quoted_hours(facts.weekly.get(day, ""))
    return roundtrip.dump(document)


def _special_dates(document) -> CommentedSeq:
    items = document.get("special_dates")
    if not isinstance(items, CommentedSeq):
        items = document["special_dates"] = CommentedSeq()
    return items


def add_special_date(text: str, day: SpecialDate) -> str:
    document = roundtrip.load(text, "center.yml")
    entry = CommentedMap([("date", _date_value(day.first))])
    if day.until.strip() and day.until.strip() != day.first.strip():
        entry["until"] = _date_value(day.until)
    entry["hours"] = _quoted_hours(day.hours)
    entry["note"] = _bilingual(day.note, flow=True)
    _special_dates(document).append(entry)
    return roundtrip.dump(document)


def remove_special_date(text: str, index: int) -> str:
    document = roundtrip.load(text, "center.yml")
    items = _special_dates(document)
    if not 0 <= index < len(items):
        raise IndexError(index)
    del items[index]
    return roundtrip.dump(document)


def special_dates_as_written(text: str) -> list:
    """The entries in file order (dates as written), for the console's list and its remove buttons."""
    items = roundtrip.load(text, "center.yml").get("special_dates") or []
    return [_as_written(item) for item in items]


def _as_written(item) -> Optional[SpecialDate]:
    if not isinstance(item, dict):
        return None
    note = item.get("note")
    if not isinstance(note, dict):
        note = {}
    return SpecialDate(
        str(item.get("date", "")),
        str(item.get("until", "") or ""),
        str(item.get("hours", "")),
        {lang: str(note.get(lang, "")) for lang in LANGUAGES},
    )
