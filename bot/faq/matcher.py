"""Which FAQ entries a visitor's words are closest to, without the trained model.

Used for entries added since the last training, for the "did you mean" buttons when the
model is unsure, and for grouping similar unanswered questions. Wordings are compared as
TF-IDF vectors of character n-grams (1 to 4 characters inside word boundaries): this
needs no word list, tolerates typos ("wify"), and weighs down what every question shares
("how do I", "怎么"). Chinese, which has no spaces, is first split into words by Jieba (the
tokenizer the trained model uses too), so that n-grams do not run across word boundaries.
Scores are cosine similarities from 0 to 1; bench/faq_matcher.py measures the thresholds.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import List, Optional, Sequence, Tuple

import rjieba

from bot.faq.content import Entry, Faq, wording_key
from bot.faq.tfidf import Index
from bot.language import HAN

# At or above STRONG the words are nearly those of one question: answer it.
STRONG = 0.8
# At or above SUGGEST the closest questions are offered as buttons; below it, the fallback.
SUGGEST = 0.5
# How much closer than any other entry a match must be for the words alone to answer it (Matcher.clear).
CLEAR = 0.1
# Further buttons beside the closest one must reach RELATED, so that no unrelated question is offered.
RELATED = 0.35
MAX_SUGGESTIONS = 3
RECENT_TEXTS = 16  # rankings kept per matcher


def prepare(text: str) -> str:
    """Normalized text, with Chinese split into words."""
    text = wording_key(text)
    return " ".join(w for w in rjieba.cut(text) if w.strip()) if HAN.search(text) else text


def similarity(texts: Sequence[str]) -> List[List[float]]:
    """Pairwise similarity of ``texts`` (used to group similar wordings)."""
    prepared = [prepare(t) for t in texts]
    index = Index(prepared)
    return [index.scores(text) for text in prepared]


@dataclass(frozen=True)
class Match:
    entry: "Entry"
    question: str  # the entry's wording closest to the visitor's
    language: str  # the language of that wording
    score: float


class Matcher:
    """Ranks a Faq's entries by how close a text is to any of their questions."""

    def __init__(self, faq: Faq):
        self.rows = [(entry, lang, q) for entry in faq.entries for lang, q in entry.all_questions()]
        self.index = Index([prepare(q) for _, _, q in self.rows])
        # One message is ranked several times (best, clear, suggestions; by the fit check, then the action).
        self._recent = lru_cache(maxsize=RECENT_TEXTS)(self._ranked)

    def rank(self, text: str, limit: int = MAX_SUGGESTIONS) -> List[Match]:
        """The best match of each entry, closest first (at most ``limit``)."""
        return list(self._recent(text)[:limit])

    def _ranked(self, text: str) -> Tuple[Match, ...]:
        if not wording_key(text):
            return ()
        scores = self.index.scores(prepare(text))
        best: dict = {}
        for (entry, lang, question), score in zip(self.rows, scores, strict=True):
            if entry.id not in best or score > best[entry.id].score:
                best[entry.id] = Match(entry, question, lang, float(score))
        return tuple(sorted(best.values(), key=lambda m: -m.score))

    def best(self, text: str) -> Optional[Match]:
        ranked = self.rank(text, limit=1)
        return ranked[0] if ranked else None

    def clear(self, text: str) -> Optional[Match]:
        """The closest entry when it is worth offering (SUGGEST) and no other entry comes near it (CLEAR):
        the words point at that entry alone, however the model read them."""
        ranked = self.rank(text, limit=2)
        if not ranked or ranked[0].score < SUGGEST:
            return None
        if len(ranked) > 1 and ranked[0].score - ranked[1].score < CLEAR:
            return None
        return ranked[0]

    def suggestions(self, text: str) -> List[Match]:
        """The 1-3 closest entries worth offering, or none when even the closest is too far."""
        ranked = self.rank(text)
        if not ranked or ranked[0].score < SUGGEST:
            return []
        return [ranked[0], *(m for m in ranked[1:] if m.score >= RELATED)]


_last: Optional[Tuple[Faq, Matcher]] = None  # the matcher of the FAQ's current version


def matcher_of(faq: Faq) -> Matcher:
    """The Matcher of ``faq``, built once per version of the file (the live file gives a new Faq when it
    changes), on first use."""
    global _last
    if _last is None or _last[0] is not faq:
        _last = (faq, Matcher(faq))
    return _last[1]
