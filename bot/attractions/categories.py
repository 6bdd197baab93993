"""Which kind of place a visitor asks for ("beaches", "something for kids", "免费景点")."""

from __future__ import annotations

import re
from typing import Dict, Iterable, Optional, Tuple

from bot.attractions.matching import NameIndex
from bot.language import HAN


class CategoryFinder:
    """Category ids from a recognised entity (forgiving typos) or from the words of a whole message."""

    def __init__(self, words: Dict[str, Tuple[str, ...]]):
        self._index = NameIndex({key: (key,) + tuple(found) for key, found in words.items()})
        # Longest words first, so "free things to do" wins over "free" and "海水浴场" over "海".
        pairs = sorted(((w, key) for key, found in words.items() for w in found), key=lambda p: -len(p[0]))
        self._patterns = [(_pattern(word), key) for word, key in pairs]

    def from_entities(self, values: Iterable[str]) -> Optional[str]:
        match = self._index.find_first(values)
        return match.key if match else None

    def in_text(self, text: str) -> Optional[str]:
        """The category whose word appears in ``text``; a whole word for English, anywhere for Chinese."""
        return next((key for pattern, key in self._patterns if pattern.search(text)), None)


def _pattern(word: str) -> "re.Pattern[str]":
    if HAN.search(word):
        return re.compile(re.escape(word))
    return re.compile(rf"\b{re.escape(word)}s?\b", re.IGNORECASE)
