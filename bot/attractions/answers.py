"""What the assistant says about attractions: suggestions, details, follow-up answers, unknown places.

Plain functions from the catalogue and the visitor's language to a Reply (text and buttons), so
that the Rasa actions stay thin and the answers are easy to test. Buttons carry a payload that
asks for one place's details; channels without buttons show them as a numbered list.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Dict, Iterable, List, Optional, Sequence, Tuple

from bot.attractions.catalogue import TEXT_FIELDS, Attraction, Catalogue
from bot.content.texts import fill, pick

SUGGESTIONS = 5  # buttons in one list: more would not fit on a phone screen
DETAILS_INTENT = "ask_attraction_info"  # what a suggestion button asks for
ASPECTS = ("directions", "hours", "ticket")  # the follow-up questions about one place


@dataclass(frozen=True)
class Reply:
    text: str
    buttons: List[Dict[str, str]] = field(default_factory=list)
    offered: List[str] = field(default_factory=list)  # the ids of the places on the buttons


@dataclass(frozen=True)
class Resolution:
    """Which place a message is about: ``place``; ``asked`` when it names a place we do not know;
    ``named``, the ids of the places, when it names more than one."""

    place: Optional[Attraction] = None
    asked: Optional[str] = None
    named: Tuple[str, ...] = ()


def resolve(catalogue: Catalogue, entity_values: Sequence[str], text: str) -> Resolution:
    """The place the recognised names (or, failing them, the whole message) point at."""
    match = catalogue.index.find_first(entity_values) or catalogue.index.find(text)
    if match:
        others = tuple(m.key for m in catalogue.index.named_in(text) if m.key != match.key)
        if others:
            return Resolution(named=(match.key, *others))
        return Resolution(place=catalogue.get(match.key))
    asked = next((v for v in entity_values if v and v.strip()), None)
    return Resolution(asked=asked.strip() if asked else None)


def button(place: Attraction, language: str) -> Dict[str, str]:
    payload = f"/{DETAILS_INTENT}{json.dumps({'attraction': place.id})}"
    return {"title": place.name(language), "payload": payload}


def _listing(text: str, places: Iterable[Attraction], language: str) -> Reply:
    shown = list(places)[:SUGGESTIONS]
    return Reply(text, [button(place, language) for place in shown], [place.id for place in shown])


def place_values(place: Attraction, language: str) -> Dict[str, str]:
    values = {key: pick(place.texts[key], language) for key in TEXT_FIELDS}
    return {"name": place.name(language), "other_name": place.other_name(language), **values}


def _say(catalogue: Catalogue, key: str, language: str, **values: str) -> str:
    return fill(catalogue.replies[key], language, values)


def suggestions(catalogue: Catalogue, language: str, category: Optional[str] = None) -> Reply:
    """Up to SUGGESTIONS places, of one category when asked; the file's order is the order of preference."""
    places = catalogue.in_category(category)
    if category and places:
        label = pick(catalogue.categories[category].label, language)
        return _listing(_say(catalogue, "suggest_category", language, category=label), places, language)
    return _listing(_say(catalogue, "suggest", language), catalogue.attractions, language)


def details(catalogue: Catalogue, place: Attraction, language: str) -> Reply:
    text = _say(catalogue, "details", language, **place_values(place, language))
    return Reply(f"{text}\n{_say(catalogue, 'follow_up_hint', language)}")


def aspect(catalogue: Catalogue, place: Attraction, which: str, language: str) -> Reply:
    """One follow-up answer: ``which`` is one of ASPECTS."""
    return Reply(_say(catalogue, which, language, **place_values(place, language)))


def unknown(catalogue: Catalogue, asked: str, language: str) -> Optional[Reply]:
    """ "I don't know that place", with the closest names as buttons; None when no name is close: places
    unrelated to the one asked for ("the Louvre") would read as an answer, so the caller says honestly that
    it does not know."""
    close = [place for m in catalogue.index.closest(asked, SUGGESTIONS) if (place := catalogue.get(m.key))]
    return _listing(_say(catalogue, "unknown", language, asked=asked), close, language) if close else None


def which_named(catalogue: Catalogue, language: str, named: Sequence[str]) -> Reply:
    """The places one question named, to pick from."""
    places = [place for key in named if (place := catalogue.get(key))]
    return _listing(_say(catalogue, "which_named", language), places, language)


def which_place(catalogue: Catalogue, language: str, choices: Sequence[str] = ()) -> Reply:
    """A follow-up with no place to refer to: offer the places just listed, or the first suggestions."""
    places = [p for p in (catalogue.get(c) for c in choices) if p] or list(catalogue.attractions)
    return _listing(_say(catalogue, "which_place", language), places, language)
