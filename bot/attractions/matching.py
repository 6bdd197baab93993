"""Finding the place a visitor means, whatever name, spelling or script they use.

Names are compared without case, spaces or punctuation, so "lao shan", "Laoshan" and
"LAO-SHAN" are one name, and with rapidfuzz's edit-distance ratio, so that "beer musuem"
still finds the Beer Museum. A name that appears whole inside a longer text ("how do I get
to zhanqiao") counts through rapidfuzz's partial ratio, but only when each of its words is
among the visitor's: letters in common are not a name ("Times Square" is not 54 Square, the
"lou" of "Louvre" not Zongdu Lou).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Callable, Dict, FrozenSet, Iterable, List, Optional, Sequence, Tuple

from rapidfuzz import fuzz
from bot.language import HAN, folded

# A score (0-100) at or above which a name is taken as what the visitor meant: one or two typing
# mistakes in a name of ten letters stay above it, an unrelated name of similar length does not.
MATCH_SCORE = 85
# Below this a name is not even offered as a "did you mean" suggestion ("Disneyland" suggests nothing).
SUGGEST_SCORE = 65
# A word of a name counts as written when the visitor's word is this close (one typo in six letters).
WORD_SCORE = 80
# Chinese has no spaces: a name found inside a Chinese query shares at least this much of it.
HAN_INSIDE_SCORE = 75
RECENT_QUERIES = 16  # rankings kept per index: a message is ranked several times while it is answered
# Leading words that say nothing about which place is meant.
_FILLER = re.compile(r"^(?:the|a|an)\s+", re.IGNORECASE)
_NOT_WORD = re.compile(r"[\W_]+", re.UNICODE)


def name_key(text: str) -> str:
    """The form place names are compared in: 'The Beer-Museum ' -> 'beermuseum' (folded, bot.language)."""
    return _NOT_WORD.sub("", _FILLER.sub("", folded(text)))


def _long_enough_to_find_inside(name: str) -> bool:
    """Short Latin names ("bada") would be found inside unrelated words; two Han characters are a word."""
    return len(name) >= (2 if HAN.search(name) else 5)


def _word_list(text: str) -> List[str]:
    return [word for word in _NOT_WORD.split(_FILLER.sub("", folded(text))) if word]


@dataclass(frozen=True)
class Written:
    """A name or a query in the forms they are compared in, worked out once."""

    key: str  # name_key()
    words: Tuple[str, ...]
    spellings: FrozenSet[str]  # the words, and up to three neighbours run together ("lao shan" for laoshan)
    han: bool

    @classmethod
    def of(cls, text: str) -> "Written":
        words = _word_list(text)
        spellings = frozenset("".join(words[i:j]) for i in range(len(words)) for j in range(i + 1, i + 4))
        return cls(name_key(text), tuple(words), spellings, bool(HAN.search(text)))


def _words_inside(part: Written, text: Written) -> bool:
    """Every word of ``part`` is one of ``text``'s, spelt within WORD_SCORE, or all of them are one of its
    words spaced otherwise ("lao shan"; not "54 square" for "square"); for Chinese, which has no spaces,
    most of its characters run on inside ``text``."""
    if part.han:
        return fuzz.partial_ratio(part.key, text.key) >= HAN_INSIDE_SCORE
    if all(any(fuzz.ratio(word, w) >= WORD_SCORE for w in text.spellings) for word in part.words):
        return True
    return any(fuzz.ratio(part.key, w) >= WORD_SCORE and all(x in w for x in part.words) for w in text.spellings)


def score(query: Written, name: Written) -> float:
    """How well the visitor's ``query`` names ``name``, 0-100: as a whole, or found inside a longer query."""
    best = fuzz.ratio(query.key, name.key)
    if len(name.key) < len(query.key) and _long_enough_to_find_inside(name.key) and _words_inside(name, query):
        best = max(best, fuzz.partial_ratio(name.key, query.key))
    return best


def _suggestion_score(query: Written, name: Written) -> float:
    """Whole-name similarity, or a short query found inside a name: the NLU may have caught only
    "beer" of "Qingdao Beer City", and the beer places are then the ones to suggest."""
    best = fuzz.ratio(query.key, name.key)
    if len(query.key) < len(name.key) and (len(query.key) >= 4 or query.han) and _words_inside(query, name):
        best = max(best, fuzz.partial_ratio(query.key, name.key))
    return best


def _only_part_of(query: str, name: str) -> bool:
    """Some of a name's words and nothing else ("square" of "54 Square", "beach" of "Golden Beach"): close
    by spelling, but they say which kind of place, not which place."""
    asked = frozenset(_word_list(query))
    return bool(asked) and asked < frozenset(_word_list(name))


@dataclass(frozen=True)
class Match:
    key: str  # the id of what was found
    name: str  # the name it was found by
    score: float


class NameIndex:
    """Ids with every name they go by; built once per version of the content file."""

    def __init__(self, names: Dict[str, Sequence[str]]):
        self._entries: List[Tuple[str, str, Written]] = [
            (key, name, Written.of(name)) for key, key_names in names.items() for name in key_names if name_key(name)
        ]
        # One message is ranked several times (the fit check's near-verbatim rule and the places it names,
        # then the action): each ranking scores every name, most of the fit check's time.
        self._recent = lru_cache(maxsize=RECENT_QUERIES)(self._ranked)

    def ranked(self, query: str, scorer: Callable[[Written, Written], float] = score) -> List[Match]:
        """Every id once, with its best-scoring name, best first."""
        return list(self._recent(query, scorer))

    def _ranked(self, query: str, scorer: Callable[[Written, Written], float]) -> Tuple[Match, ...]:
        wanted = Written.of(query)
        if not wanted.key:
            return ()
        # Equal scores: the longer name is the more specific one ("中山公园" over "中山路" for 中山公园).
        best: Dict[str, Tuple[float, int, Match]] = {}
        for key, name, written in self._entries:
            candidate = scorer(wanted, written)
            ranking = (candidate, len(written.key), Match(key, name, candidate))
            if key not in best or ranking[:2] > best[key][:2]:
                best[key] = ranking
        return tuple(match for _, _, match in sorted(best.values(), key=lambda r: (-r[0], -r[1])))

    def find(self, query: str) -> Optional[Match]:
        """The id ``query`` names, or None when no name is close enough."""
        ranked = self.ranked(query)
        if not ranked or ranked[0].score < MATCH_SCORE or _only_part_of(query, ranked[0].name):
            return None
        return ranked[0]

    def named_in(self, text: str) -> List[Match]:
        """Every id a name of which ``text`` contains ("Taidong Night Market" and "Beer Museum" in "is there a
        night market near the beer museum")."""
        return [m for m in self.ranked(text) if m.score >= MATCH_SCORE and not _only_part_of(text, m.name)]

    def find_first(self, queries: Iterable[str]) -> Optional[Match]:
        """The best match for any of ``queries`` (several extractors may each have found a span)."""
        found = [m for m in (self.find(q) for q in queries if q) if m]
        return max(found, key=lambda m: m.score, default=None)

    def closest(self, query: str, limit: int) -> List[Match]:
        """Up to ``limit`` ids whose names look somewhat like ``query`` as a whole.

        Whole-name similarity only: a name found inside an unknown one ("Qingdao" in "Qingdao TV
        Tower") says little about which place was meant.
        """
        return [m for m in self.ranked(query, _suggestion_score) if m.score >= SUGGEST_SCORE][:limit]
