"""The evaluation set of bench/quality.py is well-formed: big enough, every reference resolves in the
content files, and no question is a copy or near copy of what the model is trained on."""
from __future__ import annotations

import pytest

from bench.eval_set import Facts, load_eval_set, near_copies, training_texts

# rapidfuzz ratio (0-100) from which a question counts as a near copy of a training example:
# "what's your phone number" and "what is your phone number?" score above it, a new wording below.
NEAR_COPY = 85


@pytest.fixture(scope="module")
def eval_set():
    return load_eval_set()


def test_the_set_is_big_enough_in_both_languages(eval_set):
    assert len(eval_set.questions) >= 200
    assert sum(q.language == "zh" for q in eval_set.questions) >= 80


def test_every_reference_resolves_in_the_content_files(eval_set):
    problems = Facts(eval_set.now).problems(eval_set)
    assert not problems, "\n".join(map(str, problems))


def test_no_question_appears_twice(eval_set):
    texts = [q.text.casefold() for q in eval_set.questions]
    assert len(texts) == len(set(texts))


def test_no_question_copies_a_training_example_or_an_faq_question(eval_set):
    copies = near_copies(eval_set.questions, training_texts(), NEAR_COPY)
    assert not copies, "\n".join(f"line {q.line}: {q.text!r} ~ {text!r} ({score:.0f})" for q, text, score in copies)


def test_a_reply_counts_only_when_it_contains_the_fact(eval_set):
    facts = Facts(eval_set.now)
    question = next(q for q in eval_set.questions if q.expect == ("center: phone",))
    assert facts.answered(question, f"Call us at {facts.center.phone}.")
    assert not facts.answered(question, "Sorry, I didn't understand that.")


def test_offering_the_faq_question_as_a_button_is_not_its_answer(eval_set):
    facts = Facts(eval_set.now)
    question = next(q for q in eval_set.questions if q.expect[0].startswith("faq:"))
    entry = facts.faq.get(question.expect[0].split(":", 1)[1].strip())
    did_you_mean = "\n".join(wording for _, wording in entry.all_questions())
    assert not facts.answered(question, did_you_mean)
    assert facts.answered(question, facts.alternatives(question.expect[0], question)[0] + " ...")
