"""The attraction actions, run as the action server runs them, with rasa-sdk trackers.

Expected texts come from data/attractions.yml and data/center.yml, never copied here.
"""

from __future__ import annotations

import json
from typing import Dict, List, Optional

import pytest
from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import attractions as actions
from bot.attractions.catalogue import build_catalogue
from bot.attractions.answers import SUGGESTIONS
from bot.center.answers import reply
from bot.center.facts import current_center
from bot.news.index import NewsIndex
from bot.pages.bundled import index_bundled_pages
from bot.pages.sections import TICKETS
from bot.settings import ROOT, settings
from bot.content.yamlfile import read_yaml
from tests.conftest import FIXED_NOW

CATALOGUE_FILE = ROOT / "data" / "attractions.yml"


@pytest.fixture(scope="module")
def catalogue():
    return build_catalogue(read_yaml(CATALOGUE_FILE), str(CATALOGUE_FILE))


@pytest.fixture(autouse=True)
def frozen_clock(monkeypatch):
    monkeypatch.setenv("QICC_NOW", FIXED_NOW)


def entity(name: str, value: str) -> Dict:
    return {"entity": name, "value": value}


def run(action, text: str, intent: str, entities: List[Dict] = (), slots: Optional[Dict] = None):
    message = {"text": text, "intent": {"name": intent, "confidence": 0.99}, "entities": list(entities)}
    tracker = Tracker("visitor", dict(slots or {}), message, [], False, None, {}, "action_listen")
    dispatcher = CollectingDispatcher()
    events = action.run(dispatcher, tracker, {})
    return dispatcher.messages, events


def text_of(messages: List[Dict]) -> str:
    return "\n".join(m.get("text") or "" for m in messages)


def buttons_of(messages: List[Dict]) -> List[Dict]:
    return [b for m in messages for b in m.get("buttons") or []]


def offered_ids(messages: List[Dict]) -> List[str]:
    """The places on the buttons, read from the payloads the buttons send back."""
    prefix = "/ask_attraction_info"
    return [json.loads(b["payload"][len(prefix) :])["attraction"] for b in buttons_of(messages)]


def test_suggestions_are_up_to_five_buttons_that_ask_for_details(catalogue):
    messages, events = run(actions.ActionAttractionSuggest(), "what should I see in Qingdao?", "ask_attractions")
    buttons = buttons_of(messages)
    assert len(buttons) == min(SUGGESTIONS, len(catalogue.attractions))
    assert [b["title"] for b in buttons] == [p.names.en for p in catalogue.attractions[: len(buttons)]]
    assert all(b["payload"].startswith("/ask_attraction_info{") for b in buttons)
    assert text_of(messages) == catalogue.replies["suggest"]["en"]
    assert SlotSet("attraction_choices", offered_ids(messages)) in events


@pytest.mark.parametrize(
    "text, entities, category",
    [
        ("any beaches?", [entity("attraction_category", "beach")], "beach"),
        ("something for kids", [], "family"),
        ("有什么免费景点", [entity("attraction_category", "免费")], "free"),
    ],
)
def test_suggestions_by_category(catalogue, text, entities, category):
    messages, _ = run(actions.ActionAttractionSuggest(), text, "ask_attractions", entities)
    ids = offered_ids(messages)
    assert ids and all(category in catalogue.get(i).categories for i in ids)
    language = "zh" if "免费" in text else "en"
    assert catalogue.categories[category].label[language] in text_of(messages)


def test_a_place_named_without_a_kind_of_place_gets_its_details_not_a_list(catalogue):
    place = catalogue.get("qingdao_museum")
    text = "when can I visit the Qingdao Museum?"
    messages, events = run(
        actions.ActionAttractionSuggest(), text, "ask_attractions", [entity("attraction", "Qingdao Museum")]
    )
    assert place.texts["hours"]["en"] in text_of(messages) and not buttons_of(messages)
    assert SlotSet("attraction", "qingdao_museum") in events
    # A kind of place the model marked is still asked for as a list, whatever place is named beside it.
    beaches = [entity("attraction_category", "beaches"), entity("attraction", "Zhanqiao")]
    messages, _ = run(actions.ActionAttractionSuggest(), "beaches near Zhanqiao?", "ask_attractions", beaches)
    assert all("beach" in catalogue.get(i).categories for i in offered_ids(messages))


def test_details_of_a_place_named_in_any_form_set_the_slot(catalogue):
    place = catalogue.get("laoshan")
    messages, events = run(
        actions.ActionAttractionDetails(),
        "tell me about lao shan",
        "ask_attraction_info",
        [entity("attraction", "lao shan")],
    )
    text = text_of(messages)
    for field in ("description", "address", "hours", "ticket", "transport"):
        assert place.texts[field]["en"] in text
    assert SlotSet("attraction", "laoshan") in events


def test_details_in_chinese(catalogue):
    place = catalogue.get("zhanqiao")
    messages, events = run(
        actions.ActionAttractionDetails(), "栈桥", "ask_attraction_info", [entity("attraction", "栈桥")]
    )
    assert place.texts["description"]["zh"] in text_of(messages)
    assert place.names.zh in text_of(messages)
    assert SlotSet("language", "zh") in events


def test_a_misspelt_name_the_nlu_missed_is_found_in_the_text(catalogue):
    messages, events = run(
        actions.ActionAttractionDirections(), "how do I get to the beer musuem?", "ask_attraction_directions"
    )
    assert catalogue.get("beer_museum").texts["transport"]["en"] in text_of(messages)
    assert SlotSet("attraction", "beer_museum") in events


@pytest.mark.parametrize(
    "action, field",
    [
        (actions.ActionAttractionDirections(), "transport"),
        (actions.ActionAttractionHours(), "hours"),
        (actions.ActionAttractionTicket(), "ticket"),
    ],
)
def test_follow_ups_are_about_the_place_discussed_last(catalogue, action, field):
    messages, _ = run(action, "and there?", "ask_attraction_" + action.aspect, slots={"attraction": "badaguan"})
    assert catalogue.get("badaguan").texts[field]["en"] in text_of(messages)


def test_a_ticket_answer_says_the_price_is_approximate(catalogue):
    messages, _ = run(
        actions.ActionAttractionTicket(),
        "how much is the ticket?",
        "ask_attraction_ticket",
        slots={"attraction": "laoshan"},
    )
    assert "approximate" in text_of(messages)


def test_how_do_i_get_there_without_an_attraction_is_about_the_center(center):
    messages, events = run(actions.ActionAttractionDirections(), "how do I get there?", "ask_attraction_directions")
    assert text_of(messages) == reply(center, "address", "en")
    assert not [e for e in events if e.get("name") == "attraction"]


def test_when_is_it_open_without_an_attraction_is_about_the_center(center):
    messages, _ = run(actions.ActionAttractionHours(), "when is it open?", "ask_attraction_hours")
    assert text_of(messages) == reply(center, "hours_regular", "en")


def test_a_question_about_something_else_without_a_place_is_not_answered_with_the_center(center):
    """The center is what "how do I get there?" is about, not "how many train stations does Qingdao have?"."""
    text = "how many train stations does Qingdao have?"
    messages, _ = run(actions.ActionAttractionDirections(), text, "ask_attraction_directions")
    assert reply(center, "address", "en") not in text_of(messages)
    messages, _ = run(actions.ActionAttractionHours(), "how old is the city?", "ask_attraction_hours")
    assert reply(center, "hours_regular", "en") not in text_of(messages)


def test_after_a_list_a_follow_up_asks_which_of_the_listed_places(catalogue):
    listed = ["no1_beach", "shilaoren_beach"]
    messages, _ = run(
        actions.ActionAttractionDirections(),
        "how do I get there?",
        "ask_attraction_directions",
        slots={"attraction_choices": listed},
    )
    assert offered_ids(messages) == listed
    assert text_of(messages) == catalogue.replies["which_place"]["en"]


def test_a_ticket_question_about_nothing_asks_which_place(catalogue):
    messages, _ = run(actions.ActionAttractionTicket(), "how much is the ticket?", "ask_attraction_ticket")
    assert text_of(messages) == catalogue.replies["which_place"]["en"] and buttons_of(messages)


def test_two_places_named_in_one_question_are_offered_to_pick_from(catalogue):
    messages, events = run(
        actions.ActionAttractionDirections(),
        "how do I get from Zhanqiao to the Beer Museum?",
        "ask_attraction_directions",
        [entity("attraction", "Beer Museum")],
    )
    assert text_of(messages) == catalogue.replies["which_named"]["en"]
    assert set(offered_ids(messages)) == {"zhanqiao", "beer_museum"}
    assert SlotSet("attraction", None) in events


def test_an_unknown_place_says_so_with_the_closest_matches(catalogue):
    messages, events = run(
        actions.ActionAttractionDetails(),
        "tell me about Qingdao Beer City",
        "ask_attraction_info",
        [entity("attraction", "Qingdao Beer City")],
    )
    assert text_of(messages) == catalogue.replies["unknown"]["en"].format(asked="Qingdao Beer City")
    assert {"beer_street", "beer_museum"} <= set(offered_ids(messages))
    assert SlotSet("attraction", None) in events


def test_an_unknown_place_in_chinese_with_nothing_close_gets_the_honest_reply(catalogue, center):
    messages, _ = run(
        actions.ActionAttractionDetails(),
        "迪士尼乐园怎么样",
        "ask_attraction_info",
        [entity("attraction", "迪士尼乐园")],
    )
    assert text_of(messages) == reply(center, "fallback", "zh")  # no unrelated places offered as an answer
    assert offered_ids(messages) == []


def test_a_broken_catalogue_gives_the_friendly_error_with_the_phone(center, tmp_path, monkeypatch):
    (tmp_path / "attractions.yml").write_text("attractions: [", encoding="utf-8")
    (tmp_path / "center.yml").write_text((ROOT / "data" / "center.yml").read_text(encoding="utf-8"), encoding="utf-8")
    monkeypatch.setenv("QICC_DATA_DIR", str(tmp_path))
    messages, _ = run(actions.ActionAttractionSuggest(), "what should I see?", "ask_attractions")
    assert center.phone in text_of(messages)


def test_a_suggestion_button_answers_in_the_language_of_the_conversation(catalogue):
    payload = '/ask_attraction_info{"attraction": "xiaoyushan"}'
    messages, events = run(
        actions.ActionAttractionDetails(),
        payload,
        "ask_attraction_info",
        [entity("attraction", "xiaoyushan")],
        slots={"language": "zh"},
    )
    assert catalogue.get("xiaoyushan").texts["description"]["zh"] in text_of(messages)
    assert SlotSet("attraction", "xiaoyushan") in events


def test_a_question_about_tickets_in_general_gets_the_entrance_tickets_page(catalogue, tmp_path, monkeypatch):
    monkeypatch.setenv("QICC_NEWS_INDEX", str(tmp_path / "pages.sqlite3"))
    index_bundled_pages(settings())  # as a new installation indexes them at start-up
    index = NewsIndex(tmp_path / "pages.sqlite3")
    [tickets] = [page for page in index.latest(10, section=TICKETS) if page.lang == "en"]
    index.close()
    question = "are there discounts on tickets for students or seniors?"
    messages, _ = run(actions.ActionAttractionTicket(), question, "ask_attraction_ticket")
    assert tickets.title in text_of(messages)
    # The price alone depends on the place: still asked back (test_a_ticket_question_about_nothing_asks_which_place).


def test_a_day_alone_asked_as_a_place_question_is_no_question_about_the_center_hours(catalogue, content):
    messages, _ = run(actions.ActionAttractionHours(), "what day is it today?", "ask_attraction_hours")
    assert text_of(messages) == reply(current_center(), "fallback", "en")
