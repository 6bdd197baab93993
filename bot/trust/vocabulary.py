"""The words each answer is about: its training examples' words and those data/fit.yml adds.

Built once per version of the content files it reads (data/fit.yml, data/faq.yml, data/attractions.yml)
and of the training data in data/nlu/, so a staff edit is used within seconds and nothing is rebuilt per
message.
"""

from __future__ import annotations

import logging
import re
import threading
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Dict, FrozenSet, Iterable, Iterator, List, Optional, Set, Tuple

from rapidfuzz import process
from rapidfuzz.distance import OSA

from bot.attractions.catalogue import current_catalogue
from bot.faq.content import Faq, current_faq
from bot.settings import settings
from bot.training import generated_training_data
from bot.trust.content import FitWords, live_fit_words
from bot.trust.words import NUMBER, is_han, words
from bot.content.yamlfile import ContentError, read_yaml

log = logging.getLogger(__name__)

# Rasa's entity annotations in an example: "[Laoshan](attraction)" or "[Laoshan]{"entity": "attraction"}".
_ANNOTATION = re.compile(r"\[([^\]]*)\](?:\(([^)]*)\)|\{[^}]*\"entity\"\s*:\s*\"([^\"]+)\"[^}]*\})")
# An English word this many typing mistakes (a letter wrong, missing, added, or two swapped: rapidfuzz's
# optimal string alignment distance) from a known one is taken as that word; two for long words. A ratio of
# letters in common was too loose: "marri" (married) shares four of five with "arriv" (arrive).
TYPO_EDITS, LONG_WORD_TYPO_EDITS, LONG_WORD = 1, 2, 8
_TYPO_MIN_LENGTH = 5  # shorter words differ in one letter from too many others ("hour"/"tour")
_LONGEST_HAN_WORD = 8
# Entities whose values are names of one thing (a place), not words of a kind ("beaches"): a name's words say
# what a question is about only when they name that place in it ("market" of "Taidong Night Market" is not
# what the Beer Museum's hours are about), so they are taken from the message (bot.trust.choice), never
# learnt as an answer's words.
NAME_ENTITIES = frozenset({"attraction"})


@dataclass(frozen=True)
class Vocabulary:
    general: FrozenSet[str]
    about: Dict[str, FrozenSet[str]]  # intent -> the words it is about (general words excluded)
    curated: Dict[str, FrozenSet[str]]  # intent -> the words data/fit.yml lists for it
    entities: Dict[str, FrozenSet[str]]  # intent -> the entities its examples mark (its action reads them)
    searching: FrozenSet[str] = frozenset()  # intents whose answer looks any word up in its own content
    context: Dict[str, FrozenSet[str]] = field(default_factory=dict)  # intent -> words that are no cue of it
    asking_for_places: FrozenSet[str] = frozenset()  # words that ask for places; none listed: every question does

    def intents(self) -> List[str]:
        return sorted(self.about)

    def cues(self, intent: str, found: Iterable[str], following: bool = False) -> List[str]:
        """The words of ``found`` that say the message is about ``intent``; its context words ("Saturday" for
        the hours) only when ``following`` its answer ("and on Saturday?")."""
        context = frozenset() if following else self.context.get(intent, frozenset())
        curated = self.curated.get(intent, frozenset())
        return [
            w
            for w in found
            if w != NUMBER
            and (w in curated or (w not in self.general and self.explains(intent, w) and not self._made_of(w, context)))
        ]

    def only_context(self, intent: str, found: Iterable[str]) -> bool:
        """Every word of ``found`` that carries meaning is a context word of ``intent`` (there is one at least)."""
        context = self.context.get(intent, frozenset())
        content = [w for w in self.content_words(found) if w != NUMBER]
        return bool(content) and all(self._made_of(w, context) for w in content)

    def _made_of(self, word: str, listed: FrozenSet[str]) -> bool:
        """``word`` is a listed word, or a Chinese word of listed and general ones (几号: 几 + 号)."""
        return word in listed or (bool(listed) and is_han(word) and _segments_into(word, listed | self.general))

    def asks_for_places(self, found: Iterable[str]) -> bool:
        """A word of ``found`` asks for places ("where", "beaches", 哪里), or no such word is listed."""
        return not self.asking_for_places or any(self._asks_for_places(w) for w in found)

    def _asks_for_places(self, word: str) -> bool:
        """One of the listed words, or a Chinese word made of them and general ones (好玩的: 好玩 + 的) that is
        more than general ones."""
        listed = self.asking_for_places
        return word in listed or (self._made_of(word, listed) and not _segments_into(word, self.general))

    def content_words(self, found: Iterable[str]) -> List[str]:
        return [w for w in found if w not in self.general]

    def explains(self, intent: str, word: str) -> bool:
        known = self.about.get(intent, frozenset())
        if word in known or word in self.general:
            return True
        if is_han(word):
            return _segments_into(word, known | self.general)
        return len(word) >= _TYPO_MIN_LENGTH and _near(word, _typo_candidates(known))


def _segments_into(word: str, known: FrozenSet[str]) -> bool:
    """Jieba splits the same Chinese words differently in different sentences: 开门吗 is 开门 + 吗."""
    reachable = [True] + [False] * len(word)
    for end in range(1, len(word) + 1):
        reachable[end] = any(
            reachable[start] and word[start:end] in known for start in range(max(0, end - _LONGEST_HAN_WORD), end)
        )
    return reachable[-1]


@lru_cache(maxsize=256)
def _typo_candidates(known: FrozenSet[str]) -> Tuple[str, ...]:
    return tuple(w for w in known if len(w) >= _TYPO_MIN_LENGTH - 1 and not is_han(w))


def _near(word: str, candidates: Tuple[str, ...]) -> bool:
    edits = LONG_WORD_TYPO_EDITS if len(word) >= LONG_WORD else TYPO_EDITS
    return process.extractOne(word, candidates, scorer=OSA.distance, score_cutoff=edits) is not None


def _examples(block: Dict) -> Iterator[str]:
    for line in str(block.get("examples") or "").splitlines():
        line = line.strip()
        if line.startswith("- "):
            yield line[2:]


def _intent_of(name: str) -> str:
    """faq/<id> is the one intent faq for the model's ranking."""
    return name.split("/", 1)[0]


def _faq_answers(faq: Faq) -> Dict:
    """An entry's answer says what it is about as much as its questions do ("cash", "ATM" for paying)."""
    texts = [text for entry in faq.entries for text in entry.answer.values()]
    return {"intent": "faq", "examples": "".join(f"- {' '.join(t.split())}\n" for t in texts)}


def nlu_blocks(nlu_dir: Path) -> List[Dict]:
    blocks: List[Dict] = []
    for path in sorted(nlu_dir.glob("*.yml")):
        blocks.extend((read_yaml(path) or {}).get("nlu") or [])
    return blocks


def _entity(match: re.Match) -> str:
    return match[2] or match[3]


def _without_names(example: str) -> str:
    """The example's words, with the spans marked as names left out (NAME_ENTITIES)."""
    return _ANNOTATION.sub(lambda m: "" if _entity(m) in NAME_ENTITIES else m[1], example)


def build_vocabulary(fit: FitWords, blocks: Iterable[Dict]) -> Vocabulary:
    about: Dict[str, Set[str]] = defaultdict(set)
    entities: Dict[str, Set[str]] = defaultdict(set)
    kinds: Dict[str, Set[str]] = defaultdict(set)  # entity -> the words of every value marked in an example
    for block in blocks:
        if "intent" not in block:
            continue
        intent = _intent_of(str(block["intent"]))
        for example in _examples(block):
            about[intent].update(words(_without_names(example)))
            for match in _ANNOTATION.finditer(example):
                entities[intent].add(_entity(match))
                kinds[_entity(match)].update(words(match[1]))
    # A kind of place is what every intent reading its entity can be about, though each is trained with one or two.
    for intent, taken in entities.items():
        for entity in taken - NAME_ENTITIES:
            about[intent].update(kinds[entity])
    for intent, extra in [*fit.intents.items(), *fit.context.items()]:
        about[intent].update(extra)
    general = fit.general
    return Vocabulary(
        general,
        {i: frozenset(w - general) for i, w in about.items()},
        dict(fit.intents),
        {i: frozenset(e) for i, e in entities.items()},
        fit.searching,
        dict(fit.context),
        fit.asking_for_places,
    )


class _Current:
    """The vocabulary of the live content, rebuilt when one of its sources has a new version."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._sources: Optional[Tuple[object, ...]] = None
        self._value: Optional[Vocabulary] = None

    def get(self) -> Vocabulary:
        sources = (live_fit_words().get(), current_faq(), current_catalogue())
        with self._lock:
            if (
                self._value is None
                or self._sources is None
                or any(a is not b for a, b in zip(sources, self._sources, strict=True))
            ):
                self._rebuild(sources)
            assert self._value is not None
            return self._value

    def _rebuild(self, sources: Tuple[object, ...]) -> None:
        try:
            blocks = nlu_blocks(settings().root / "data" / "nlu")
            for generated in generated_training_data():
                blocks.extend(generated.get("nlu") or [])
            blocks.append(_faq_answers(sources[1]))  # type: ignore[arg-type]
            self._value = build_vocabulary(sources[0], blocks)  # type: ignore[arg-type]
        except ContentError:
            if self._value is None:
                raise
            log.exception("the vocabulary could not be rebuilt; keeping the last one")
        self._sources = sources


_CURRENT = _Current()


def current_vocabulary() -> Vocabulary:
    return _CURRENT.get()
