"""Whether a message asks for the emergency numbers, in any wording and either language.

Checked before anything else, so that a visitor in an emergency never gets the center's office line
(closed at night) instead of 110, 119, 120 or 122.
"""

from __future__ import annotations

from typing import Iterable

from bot.trust.content import FitWords
from bot.trust.words import phrases_in


def _says(text: str, phrases: Iterable[str]) -> bool:
    return bool(phrases_in(text, phrases))


def asks_emergency(fit: FitWords, text: str) -> bool:
    """An alarm word, or a service named together with a word asking how to reach it."""
    words = fit.emergency
    if _says(text, words.alarm):
        return True
    return _says(text, words.asking) and any(_says(text, phrases) for phrases in words.services.values())
