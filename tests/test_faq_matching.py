"""The runtime matcher and the choice between an answer, "did you mean" buttons and the fallback."""

from __future__ import annotations

import pytest

from bot.center.answers import common_values
from bot.faq.answers import answer_text, decide, suggestion_buttons
from bot.faq.content import build_faq
from bot.faq.matcher import STRONG, matcher_of
from bot.settings import ROOT
from bot.content.yamlfile import parse_yaml, read_yaml
from tests.test_faq_content import GOOD


@pytest.fixture(scope="module")
def shipped():
    path = ROOT / "data" / "faq.yml"
    return build_faq(read_yaml(path), str(path))


@pytest.fixture
def small():
    return build_faq(parse_yaml(GOOD, "faq.yml"), "faq.yml")


def test_every_question_of_the_shipped_file_finds_its_own_entry(shipped):
    for entry in shipped.entries:
        for _, question in entry.all_questions():
            best = matcher_of(shipped).best(question)
            assert best.entry.id == entry.id and best.score >= STRONG, question


@pytest.mark.parametrize(
    "text, entry_id",
    [
        ("is ther free wify", "public_wifi"),
        ("can I drink water from the tap", "tap_water"),
        ("有免费的wifi吗", "public_wifi"),
        ("自来水可以直接喝吗", "tap_water"),
        ("how do I go to huangdao", "west_coast"),
    ],
)
def test_typos_and_other_wordings_rank_the_right_entry_first(shipped, text, entry_id):
    assert matcher_of(shipped).rank(text)[0].entry.id == entry_id


def test_a_verbatim_question_is_answered_even_against_the_models_choice(small):
    outcome = decide(small, "Is tap water safe?", selected="wifi", confidence=0.9)
    assert outcome.entry.id == "tap_water"


def test_the_models_confident_choice_is_answered_when_the_words_are_new(small):
    assert decide(small, "any internet access around?", selected="wifi", confidence=0.9).entry.id == "wifi"


def test_an_unsure_choice_the_live_files_matcher_agrees_with_is_answered(shipped):
    text = "my visa runs out next week, can I extend it?"
    assert decide(shipped, text, selected="visa_extension", confidence=0.1).entry.id == "visa_extension"
    outcome = decide(shipped, text, selected="visa_free", confidence=0.1)  # the two disagree: asked back
    assert outcome.unanswered and "visa_free" in [m.entry.id for m in outcome.suggestions]


def test_words_that_point_at_one_entry_alone_are_answered_against_an_unsure_model(shipped):
    text = "中国的插座是什么样的，电压多少"  # the plugs entry, far ahead of any other
    assert matcher_of(shipped).clear(text).entry.id == "power_plugs"
    assert decide(shipped, text, selected="climate", confidence=0.1, words_fit=True).entry.id == "power_plugs"
    assert decide(shipped, text, selected="climate", confidence=0.1).unanswered  # words the FAQ is not about
    assert matcher_of(shipped).clear("How do I get a cab in Qingdao?") is None  # buses, metro, west coast alike


def test_a_choice_the_live_file_no_longer_has_is_not_answered(small):
    outcome = decide(small, "blorp", selected="removed_entry", confidence=0.99)
    assert outcome.unanswered and not outcome.suggestions


def test_a_weak_match_offers_the_closest_questions_instead_of_guessing(shipped):
    outcome = decide(shipped, "can i pay with visa card")
    assert outcome.unanswered and 1 <= len(outcome.suggestions) <= 3
    assert "paying" in [m.entry.id for m in outcome.suggestions]


def test_an_unsure_model_choice_is_offered_first(small):
    outcome = decide(small, "hmm", selected="wifi", confidence=0.2)
    assert outcome.unanswered and outcome.suggestions[0].entry.id == "wifi"


def test_unrelated_text_gets_nothing(shipped):
    for text in ("tell me a joke", "讲个笑话", "🙂🙂", ""):
        outcome = decide(shipped, text)
        assert outcome.unanswered and not outcome.suggestions, text


def test_buttons_show_and_send_a_question_in_the_visitors_language(small):
    suggestions = decide(small, "hmm", selected="wifi", confidence=0.2).suggestions
    assert suggestion_buttons(suggestions, "zh") == [{"title": "这里有免费wifi吗？", "payload": "这里有免费wifi吗？"}]
    assert suggestion_buttons(suggestions, "en")[0]["title"] in small.get("wifi").questions["en"]


def test_the_answer_gets_the_centers_phone_and_the_links(small, center):
    entry = small.get("wifi")
    assert answer_text(entry, center, "zh") == f"有，请致电 {common_values(center, 'zh')['phone']}。"
    linked = build_faq(
        parse_yaml(
            GOOD.replace(
                "    answer:\n      en: Yes", "    links: [https://example.org/wifi]\n    answer:\n      en: Yes"
            ),
            "f",
        ),
        "f",
    ).get("wifi")
    assert answer_text(linked, center, "en").splitlines() == [f"Yes, call {center.phone}.", "https://example.org/wifi"]
