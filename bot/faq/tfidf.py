"""How alike two short texts are: TF-IDF weights of the character n-grams (1 to 4) inside word boundaries,
compared by cosine.

The weights are those of scikit-learn's TfidfVectorizer(analyzer="char_wb", ngram_range=(1, 4),
sublinear_tf=True), which the FAQ matcher used before: importing scikit-learn (with numpy and scipy) cost
the action server 62 MB, more than all else it answers with, for a few hundred questions.
tests/test_faq_tfidf.py checks the scores against scikit-learn's.
"""

from __future__ import annotations

import math
from collections import Counter
from typing import Dict, List, Sequence, Tuple

SHORTEST, LONGEST = 1, 4  # n-gram lengths, in characters


def ngrams(text: str) -> Counter:
    """The n-grams of each word with a space on either side; a padded word no longer than n is one n-gram."""
    found: Counter = Counter()
    for word in text.lower().split():
        padded = f" {word} "
        for n in range(SHORTEST, LONGEST + 1):
            if len(padded) <= n:
                found[padded] += 1
                break
            found.update(padded[start : start + n] for start in range(len(padded) - n + 1))
    return found


class Index:
    """The weights learnt from ``texts``; ``scores`` compares a text with each of them."""

    def __init__(self, texts: Sequence[str]):
        counts = [ngrams(text) for text in texts]
        documents = Counter(gram for found in counts for gram in found)
        # Smoothed inverse document frequency: an n-gram in every text still weighs 1.
        self.idf = {gram: math.log((1 + len(texts)) / (1 + n)) + 1 for gram, n in documents.items()}
        self._postings: Dict[str, List[Tuple[int, float]]] = {}
        for row, found in enumerate(counts):
            for gram, weight in self._weights(found).items():
                self._postings.setdefault(gram, []).append((row, weight))
        self.size = len(texts)

    def _weights(self, counts: Counter) -> Dict[str, float]:
        """Unit-length weights; a repeated n-gram counts 1 + log(times), one the texts never had not at all."""
        weights = {gram: (1 + math.log(n)) * self.idf[gram] for gram, n in counts.items() if gram in self.idf}
        norm = math.sqrt(sum(w * w for w in weights.values()))
        return {gram: w / norm for gram, w in weights.items()} if norm else {}

    def scores(self, text: str) -> List[float]:
        """The cosine similarity of ``text`` with each of the texts, in their order."""
        found = [0.0] * self.size
        for gram, weight in self._weights(ngrams(text)).items():
            for row, other in self._postings[gram]:
                found[row] += weight * other
        return found
