"""Conversations about attractions with the running assistant (trained model, both servers, REST).

Expected answers are read from data/attractions.yml and data/center.yml (the fixture's copy).
"""

from __future__ import annotations

import json
import time
from typing import Dict, List

import pytest

from bot.attractions.catalogue import build_catalogue
from bot.center.answers import reply
from bot.content.yamlfile import read_yaml


@pytest.fixture(scope="module")
def catalogue(assistant):
    path = assistant.data_dir / "attractions.yml"
    return build_catalogue(read_yaml(path), str(path))


def offered(messages: List[Dict]) -> List[str]:
    prefix = "/ask_attraction_info"
    return [json.loads(b["payload"][len(prefix) :])["attraction"] for m in messages for b in m.get("buttons") or []]


def text(messages: List[Dict]) -> str:
    return "\n".join(m.get("text") or "" for m in messages)


@pytest.mark.parametrize(
    "message, place",
    [
        ("lao shan", "laoshan"),
        ("Mount Lao", "laoshan"),
        ("tell me about laoshan mountain", "laoshan"),
        ("what is the beer musuem like?", "beer_museum"),
        ("zhan qiao", "zhanqiao"),
        ("介绍一下八大关", "badaguan"),
        ("Eight Great Passes", "badaguan"),
    ],
)
def test_a_place_named_in_any_form_gets_its_details(assistant, catalogue, message, place):
    language = "zh" if "八大关" in message else "en"
    assert catalogue.get(place).texts["description"][language] in assistant.reply_text(message)


def test_follow_ups_are_about_the_place_discussed(assistant, catalogue):
    sender = assistant.new_sender()
    place = catalogue.get("badaguan")
    assert place.texts["description"]["en"] in assistant.reply_text("tell me about Badaguan", sender)
    assert place.texts["transport"]["en"] in assistant.reply_text("how do I get there?", sender)
    assert place.texts["hours"]["en"] in assistant.reply_text("when is it open?", sender)
    answer = assistant.reply_text("how much is the ticket?", sender)
    assert place.texts["ticket"]["en"] in answer and "approximate" in answer


def test_follow_ups_in_chinese(assistant, catalogue):
    sender = assistant.new_sender()
    place = catalogue.get("laoshan")
    assert place.texts["description"]["zh"] in assistant.reply_text("崂山怎么样", sender)
    assert place.texts["transport"]["zh"] in assistant.reply_text("怎么去那里", sender)
    assert place.texts["ticket"]["zh"] in assistant.reply_text("门票多少钱", sender)


def test_how_do_i_get_there_without_an_attraction_is_about_the_center(assistant, center):
    assert assistant.reply_text("how do I get there?") == reply(center, "address", "en")


def test_the_center_address_after_an_attraction(assistant, catalogue, center):
    sender = assistant.new_sender()
    assistant.reply_text("tell me about Zhanqiao Pier", sender)
    assert center.address["en"] in assistant.reply_text("how do I get to you?", sender)


@pytest.mark.parametrize(
    "message, category",
    [
        ("any good beaches?", "beach"),
        ("what can I do with my kids?", "family"),
        ("free things to do in Qingdao", "free"),
        ("which museums should I visit", "museum"),
        ("青岛有哪些寺庙", "religious"),
    ],
)
def test_suggestions_by_category_are_buttons(assistant, catalogue, message, category):
    places = offered(assistant.ask(message))
    assert 0 < len(places) <= 5
    assert all(category in catalogue.get(p).categories for p in places), places


def test_general_suggestions_then_a_button(assistant, catalogue):
    sender = assistant.new_sender()
    places = offered(assistant.ask("what should I see in Qingdao?", sender))
    assert places == [p.id for p in catalogue.attractions[:5]]
    chosen = catalogue.get(places[1])
    payload = "/ask_attraction_info" + json.dumps({"attraction": chosen.id})
    assert chosen.texts["description"]["en"] in assistant.reply_text(payload, sender)
    assert chosen.texts["transport"]["en"] in assistant.reply_text("how can I get there?", sender)


def test_an_unknown_place(assistant, catalogue):
    messages = assistant.ask("tell me about the Qingdao Beer City")
    assert text(messages).startswith(catalogue.replies["unknown"]["en"].split("(")[0].strip())
    assert set(offered(messages)) & {"beer_street", "beer_museum"}


def test_an_edit_by_staff_is_live_without_retraining(assistant):
    path = assistant.data_dir / "attractions.yml"
    original = path.read_text(encoding="utf-8")
    try:
        path.write_text(
            original.replace("aliases: [Mount Lao,", "aliases: [Lao Peaks of the East, Mount Lao,"), encoding="utf-8"
        )
        time.sleep(1.5)  # the live file is looked at once a second
        edited = build_catalogue(read_yaml(path), str(path)).get("laoshan")
        assert edited.texts["address"]["en"] in assistant.reply_text("how do I get to Lao Peaks of the East?")
        path.write_text(original.replace("aliases: [Mount Lao,", "aliases: [[Mount Lao,"), encoding="utf-8")
        time.sleep(1.5)  # a broken edit: the last good version stays live
        assert edited.texts["address"]["en"] in assistant.reply_text("how do I get to Lao Peaks of the East?")
    finally:
        path.write_text(original, encoding="utf-8")
