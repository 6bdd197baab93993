"""Places outside Qingdao (data/fit.yml's elsewhere:): content answers them only when it names them too."""

from __future__ import annotations

import pytest

from actions.fallback import ActionFallback
from actions.faq import ActionFaq
from bot.center.facts import current_center
from bot.center.answers import reply
from bot.faq.answers import answer_text
from bot.faq.content import current_faq
from bot.faq.matcher import STRONG, matcher_of
from bot.trust.choice import FAQ_ENTRY, choose
from bot.trust.content import build_fit_words
from bot.trust.elsewhere import names_all, places_elsewhere
from bot.content.yamlfile import ContentError, parse_yaml
from tests.test_faq_actions import run


@pytest.mark.parametrize(
    "text,places",
    [
        ("香港打车贵不贵", ["香港"]),
        ("how much is a taxi in Hong Kong", ["hong kong"]),
        ("what museums are there in Xi'an", ["xi'an"]),
        ("去上海路怎么走", []),  # a street of Qingdao's old town
        ("a train ticket to Beijing", []),  # a journey from Qingdao
        ("从北京怎么去长城", ["北京"]),
        ("is there a hostel near the beach", []),
        ("I live in Parisian style", []),  # a word, not a part of one
    ],
)
def test_places_elsewhere_are_found_as_whole_names(text, places):
    assert places_elsewhere(text) == places


def test_a_text_answers_a_place_only_when_it_names_it():
    assert names_all(["beijing"], ["Most countries have their embassy in Beijing."])
    assert not names_all(["香港"], ["可以在路边招手打出租车。"])
    assert names_all([], ["anything"])


def test_the_faq_entry_of_qingdao_is_no_answer_for_another_city(content):
    messages = run(ActionFaq(), "香港打车贵不贵", selected="taxi", confidence=0.95)
    assert answer_text(current_faq().get("taxi"), current_center(), "zh") not in [m["text"] for m in messages]
    [train] = run(ActionFaq(), "where do I buy a high speed train ticket to Beijing?", selected="trains")
    assert train["text"] == answer_text(current_faq().get("trains"), current_center(), "en")


def test_the_faq_entry_about_another_place_is_still_given_for_it(content):
    [message] = run(ActionFaq(), "which embassies are in Beijing?", selected="consulates", confidence=0.9)
    assert message["text"] == answer_text(current_faq().get("consulates"), current_center(), "en")
    assert message["text"] != reply(current_center(), "fallback", "en")


def test_an_empty_place_is_refused_with_its_line():
    text = "general: {en: [so], zh: [吧]}\nemergency: {}\nintents: {}\nelsewhere:\n  en: [beijing, '']\n  zh: [北京]\n"
    with pytest.raises(ContentError) as raised:
        build_fit_words(parse_yaml(text, "fit.yml"), "fit.yml")
    assert any("'elsewhere:' (en) has an empty entry" in str(p) for p in raised.value.problems)


@pytest.mark.parametrize("here,there", [("Qingdao", "Tokyo"), ("青岛", "东京")])
def test_a_faq_question_nearly_quoted_about_another_city_is_not_answered_by_its_entry(content, here, there):
    faq = current_faq()
    language = "en" if here.isascii() else "zh"
    question = next(q for lang, q in faq.get("climate").all_questions() if lang == language and here in q)
    asked = question.replace(here, there)
    assert matcher_of(faq).best(asked).score >= STRONG  # nearly the entry's own words
    assert choose(asked, [("faq", 0.95)], [], "climate").kind != FAQ_ENTRY
    for action in (ActionFaq(), ActionFallback()):  # the fallback too looks for a close FAQ question
        messages = run(action, asked, selected="climate", confidence=0.95)
        assert answer_text(faq.get("climate"), current_center(), language) not in [m["text"] for m in messages]
