"""action_faq and action_fallback as the action server runs them, on a copy of the content files."""

from __future__ import annotations

import sqlite3
import time
from typing import Dict, List, Optional

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.fallback import ActionFallback
from actions.faq import ActionFaq
from bot.center.answers import reply
from bot.faq.content import build_faq
from bot.content.yamlfile import read_yaml


def faq_of(data):
    return build_faq(read_yaml(data / "faq.yml"), "faq.yml")


def run(
    action, text: str, selected: Optional[str] = None, confidence: float = 0.95, sender: str = "visitor-42"
) -> List[Dict]:
    message = {"text": text, "intent": {"name": "faq", "confidence": 0.9}, "entities": []}
    if selected:
        message["response_selector"] = {
            "faq": {"response": {"intent_response_key": f"faq/{selected}", "confidence": confidence}}
        }
    events = [{"event": "user", "text": text, "input_channel": "rest"}]
    tracker = Tracker(sender, {}, message, events, False, None, {}, "action_listen")
    dispatcher = CollectingDispatcher()
    action.run(dispatcher, tracker, {})
    return dispatcher.messages


def logged(state) -> List[tuple]:
    with sqlite3.connect(state / "unanswered.sqlite3") as connection:
        return connection.execute("SELECT text, language, channel, sender_hash, outcome FROM unanswered").fetchall()


def test_action_faq_answers_the_selected_entry_from_the_live_file(content, center):
    data, _ = content
    entry = faq_of(data).get("tap_water")
    [message] = run(ActionFaq(), "is it ok to drink from the tap", selected="tap_water")
    assert message["text"] == entry.answer["en"]
    [message] = run(ActionFaq(), "自来水能喝不", selected="tap_water")
    assert message["text"] == entry.answer["zh"]


def test_a_confident_choice_about_fewer_of_the_words_than_another_entry_is_asked_back(content):
    data, _ = content
    faq = faq_of(data)
    # "visa card" is a bank card: the entry on visas is about one of its words, the one on paying about both.
    [message] = run(ActionFaq(), "visa card?", selected="visa_free", confidence=0.9)
    assert message["text"] == faq.replies["did_you_mean"]["en"]
    assert message["buttons"]


def test_an_edited_answer_is_used_at_once_and_a_broken_edit_is_not(content):
    data, _ = content
    path = data / "faq.yml"
    original = path.read_text(encoding="utf-8")
    old = faq_of(data).get("tap_water").answer["en"]
    path.write_text(original.replace(old.split(":")[0], "EDITED ANSWER"), encoding="utf-8")
    first = run(ActionFaq(), "tap water?", selected="tap_water")[0]["text"]
    assert first.startswith("EDITED ANSWER")
    time.sleep(0.01)
    path.write_text(original.replace("  - id: tap_water", "  - id: Tap Water!"), encoding="utf-8")
    assert run(ActionFaq(), "tap water?", selected="tap_water")[0]["text"] == first


def test_fallback_answers_a_close_match_without_logging_it(content):
    data, state = content
    question = faq_of(data).get("power_plugs").questions["en"][0]
    [message] = run(ActionFallback(), question.upper())
    assert message["text"] == faq_of(data).get("power_plugs").answer["en"]
    assert not (state / "unanswered.sqlite3").exists() or not logged(state)


def test_fallback_offers_buttons_for_a_weak_match_and_logs_it(content):
    _, state = content
    [message] = run(ActionFallback(), "can i pay with visa card", sender="wechat-openid-123")
    assert 1 <= len(message["buttons"]) <= 3
    assert all(b["title"] == b["payload"] for b in message["buttons"])
    [(text, language, channel, sender_hash, outcome)] = logged(state)
    assert (text, language, channel, outcome) == ("can i pay with visa card", "en", "rest", "suggested")
    assert "wechat-openid-123" not in sender_hash
    assert b"wechat-openid-123" not in (state / "unanswered.sqlite3").read_bytes()


def test_fallback_with_nothing_close_gives_the_centers_reply_and_logs_it(content, center):
    _, state = content
    [message] = run(ActionFallback(), "讲个笑话吧")
    assert message["text"] == reply(center, "fallback", "zh")
    [(text, language, _, _, outcome)] = logged(state)
    assert (text, language, outcome) == ("讲个笑话吧", "zh", "fallback")


def test_a_broken_faq_file_never_breaks_the_fallback(content, center):
    data, _ = content
    (data / "faq.yml").write_text("faq: [", encoding="utf-8")
    [message] = run(ActionFallback(), "blorp")
    assert message["text"] == reply(center, "fallback", "en")
