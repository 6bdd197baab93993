"""The evaluation set of bench/quality.py is well-formed: big enough, covering every section of the
site, every reference resolves in the content files, and no question is a copy or near copy of what the
model is trained on or of a page title."""

from __future__ import annotations

import pytest

from bench.eval_set import (
    EMERGENCY_SERVICES,
    SECTIONS,
    Facts,
    content_titles,
    load_eval_set,
    near_copies,
    page_titles,
    section_name,
    training_texts,
)
from bot.settings import settings
from bot.content.yamlfile import ContentError

# rapidfuzz ratio (0-100) from which a question counts as a near copy of a training example:
# "what's your phone number" and "what is your phone number?" score above it, a new wording below.
NEAR_COPY = 85


@pytest.fixture(scope="module")
def eval_set():
    return load_eval_set()


def test_the_set_is_big_enough_about_half_chinese_with_questions_without_content(eval_set):
    questions = eval_set.questions
    assert len(questions) >= 600
    assert 0.45 <= sum(q.language == "zh" for q in questions) / len(questions) <= 0.55
    assert sum(not q.has_content for q in questions) >= 150


def test_every_section_and_every_emergency_service_is_asked_in_both_languages(eval_set):
    for language in ("en", "zh"):
        asked = {r for q in eval_set.questions if q.language == language for r in q.expect}
        assert not {f"section: {name}" for name in SECTIONS} - asked, language
        assert not {f"emergency: {service}" for service in EMERGENCY_SERVICES} - asked, language


def test_every_reference_resolves_in_the_content_files(eval_set):
    problems = [p for p in Facts(eval_set.now).problems(eval_set) if "section" not in p.message]
    assert not problems, "\n".join(map(str, problems))


@pytest.mark.skipif(not (settings().data_dir / "pages").is_dir(), reason="no data/pages/ folder: no section pages yet")
def test_every_section_has_a_page_to_answer_from(eval_set):
    problems = Facts(eval_set.now).problems(eval_set)
    assert not problems, "\n".join(map(str, problems))


def test_no_question_appears_twice(eval_set):
    texts = [q.text.casefold() for q in eval_set.questions]
    assert len(texts) == len(set(texts))


def test_no_question_copies_a_training_example_or_an_faq_question(eval_set):
    copies = near_copies(eval_set.questions, training_texts() + content_titles(), NEAR_COPY)
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


@pytest.mark.parametrize(
    "expect, message",
    [
        ("'emergency: coastguard'", "write one of police"),
        ("'section: Tourism/Nightlife'", "is not a section of the site"),
        ("[none, 'center: phone']", "cannot be combined"),
    ],
)
def test_the_loader_names_the_line_of_a_malformed_reference(tmp_path, expect, message):
    path = tmp_path / "questions.yml"
    path.write_text(
        f'now: "2026-11-27T10:30:00+08:00"\nquestions:\n  - {{q: ok, lang: en, category: c, expect: none}}\n'
        f"  - {{q: bad, lang: en, category: c, expect: {expect}}}\n",
        encoding="utf-8",
    )
    with pytest.raises(ContentError) as raised:
        load_eval_set(path)
    assert [p.line for p in raised.value.problems] == [4]
    assert message in raised.value.problems[0].message


def test_a_section_may_be_written_as_the_site_writes_it():
    assert section_name("Tourism / Hotels") == "Tourism/Hotels"
    assert section_name("culture>festival") == "Culture/Festival"
    assert section_name("Free Trade Zone") == "Business/Free Trade Zone"
    assert section_name("Nightlife") == "Nightlife"


def test_a_page_gives_its_section_and_each_title(tmp_path):
    page = tmp_path / "page.md"
    page.write_text(
        "---\ntitle: {en: Beer Festival, zh: 啤酒节}\nsection: Culture/Festival\n---\nText\n", encoding="utf-8"
    )
    assert page_titles(page) == [("Culture/Festival", "Beer Festival"), ("Culture/Festival", "啤酒节")]
    page.write_text("# No front matter\n", encoding="utf-8")
    assert page_titles(page) == []
