"""Whether a message asks for the emergency numbers, in any wording and either language.

Checked before anything else, so that a visitor in an emergency never gets the center's office line
(closed at night) instead of 110, 119, 120 or 122.
"""

from __future__ import annotations

import re
from typing import Iterable

from bot.trust.content import FitWords
from bot.trust.words import HAN_RUN, normal_text


def _pattern(phrase: str) -> str:
    if phrase.isdigit():
        return rf"(?<!\d){phrase}(?!\d)"  # 110, not 1100
    if HAN_RUN.search(phrase):
        return re.escape(phrase)  # Chinese has no spaces between words
    return rf"\b{re.escape(phrase)}\b"  # "fire", not "fireworks"


def _says(text: str, phrases: Iterable[str]) -> bool:
    return any(re.search(_pattern(phrase), text) for phrase in phrases)


def asks_emergency(fit: FitWords, text: str) -> bool:
    """An alarm word, or a service named together with a word asking how to reach it."""
    text = normal_text(text)
    words = fit.emergency
    if _says(text, words.alarm):
        return True
    return _says(text, words.asking) and any(_says(text, phrases) for phrases in words.services.values())
