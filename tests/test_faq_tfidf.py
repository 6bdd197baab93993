"""The FAQ matcher's similarity is scikit-learn's TF-IDF of character n-grams, computed without importing it
(bot/faq/tfidf.py says why): the same score for every visitor question of the evaluation set against every
FAQ wording."""

from __future__ import annotations

import pytest
from sklearn.feature_extraction.text import TfidfVectorizer

from bench.eval_set import load_eval_set
from bot.faq.content import current_faq
from bot.faq.matcher import RELATED, prepare
from bot.faq.tfidf import Index, ngrams


def _sklearn_scores(texts, questions):
    vectorizer = TfidfVectorizer(analyzer="char_wb", ngram_range=(1, 4), sublinear_tf=True)
    matrix = vectorizer.fit_transform(texts)
    return (vectorizer.transform(questions) @ matrix.T).toarray()


def test_scores_are_scikit_learns_for_the_faq_and_the_evaluation_set():
    texts = [prepare(q) for entry in current_faq().entries for _, q in entry.all_questions()]
    questions = [prepare(q.text) for q in load_eval_set().questions] + ["wify", "", "崂山", "x"]
    index = Index(texts)
    expected = _sklearn_scores(texts, questions)
    for row, question in enumerate(questions):
        assert index.scores(question) == pytest.approx(list(expected[row]), abs=1e-9), question


def test_a_short_word_is_one_ngram_and_a_longer_one_all_of_its_own():
    assert ngrams("a") == {" ": 2, "a": 1, " a": 1, "a ": 1, " a ": 1}
    assert ngrams("Hi")[" hi "] == 1 and ngrams("hi")["hi"] == 1


def test_a_copy_scores_one_and_an_unrelated_text_below_the_related_score():
    index = Index(["opening hours", "phone number"])
    opening, phone = index.scores("opening hours")
    assert opening == pytest.approx(1.0) and phone < RELATED  # a space, "n", "o", "e" in common
    assert index.scores("") == [0.0, 0.0]
