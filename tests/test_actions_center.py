"""The center's actions, run as the action server runs them, with rasa-sdk trackers."""

from __future__ import annotations

from typing import Dict, List, Optional

import pytest
from rasa_sdk import Tracker
from rasa_sdk.events import ActionExecuted, SessionStarted, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import center as center_actions
from actions.fallback import ActionFallback
from actions.session import ActionSessionStart
from bot.center import phrasing
from tests.conftest import FIXED_NOW


def tracker_for(text: str, intent: str, language: Optional[str] = None) -> Tracker:
    message = {"text": text, "intent": {"name": intent, "confidence": 0.99}, "entities": []}
    return Tracker("visitor", {"language": language}, message, [], False, None, {}, "action_listen")


def language_changes(events: List[Dict]) -> List[Dict]:
    return [event for event in events if event.get("event") == "slot" and event.get("name") == "language"]


def run(action, text: str, intent: str = "", language: Optional[str] = None):
    dispatcher = CollectingDispatcher()
    events = action.run(dispatcher, tracker_for(text, intent, language), {})
    return dispatcher.messages, events


def texts(messages: List[Dict]) -> str:
    return "\n".join(m.get("text") or "" for m in messages)


@pytest.fixture(autouse=True)
def frozen_clock(monkeypatch):
    monkeypatch.setenv("QICC_NOW", FIXED_NOW)


def test_phone_in_english(center):
    messages, events = run(center_actions.ActionPhone(), "what's your phone number?", "ask_phone")
    assert center.phone in texts(messages)
    assert SlotSet("language", "en") in events


def test_phone_in_chinese_follows_the_message(center):
    messages, events = run(center_actions.ActionPhone(), "电话多少", "ask_phone", language="en")
    assert center.phone in texts(messages)
    assert center.replies["phone"]["zh"][:4] in texts(messages)
    assert SlotSet("language", "zh") in events


def test_a_message_without_words_keeps_the_language(center):
    messages, events = run(ActionFallback(), "👍", "nlu_fallback", language="zh")
    assert not language_changes(events)
    assert texts(messages).startswith(center.replies["fallback"]["zh"][:4])
    assert center.phone in texts(messages)


def test_open_now_on_a_weekday_morning():
    messages, _ = run(center_actions.ActionHours(), "are you open now?", "ask_hours")
    assert texts(messages).startswith("Yes")


def test_saturday_is_closed_and_says_when_it_opens_next():
    messages, _ = run(center_actions.ActionHours(), "are you open on Saturday?", "ask_hours")
    reply = texts(messages)
    assert reply.startswith("No") and "Monday" in reply and "9:00am" in reply


def test_general_hours_come_from_the_content_file(center):
    messages, _ = run(center_actions.ActionHours(), "what are your opening hours", "ask_hours")
    assert phrasing.weekly_summary(center.weekly, "en") in texts(messages)


def test_handoff_says_whether_someone_is_there(center):
    messages, _ = run(center_actions.ActionHandoff(), "I want to talk to a person", "human_handoff")
    reply = texts(messages)
    assert center.phone in reply and "right now" in reply


def test_an_error_inside_an_action_still_answers_with_the_phone(center, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("simulated failure")

    monkeypatch.setattr(center_actions, "hours_answer", broken)
    messages, _ = run(center_actions.ActionHours(), "are you open now?", "ask_hours")
    assert len(messages) == 1 and center.phone in texts(messages)


def test_asking_for_chinese_in_english_switches_and_sticks(center):
    messages, events = run(center_actions.ActionSwitchLanguage(), "can you speak Chinese please?", "switch_language")
    assert SlotSet("language_preference", "zh") in events
    assert texts(messages) == center.replies["language_switched"]["zh"]


def test_a_preference_wins_over_the_language_of_the_message(center):
    dispatcher = CollectingDispatcher()
    tracker = tracker_for("what's your phone number?", "ask_phone")
    tracker.slots["language_preference"] = "zh"
    center_actions.ActionPhone().run(dispatcher, tracker, {})
    assert texts(dispatcher.messages).startswith(center.replies["phone"]["zh"].split("{")[0])


def test_a_button_payload_keeps_the_language_of_the_conversation(center):
    messages, events = run(center_actions.ActionPhone(), "/ask_phone", "ask_phone", language="zh")
    assert not language_changes(events)
    assert texts(messages).startswith(center.replies["phone"]["zh"].split("{")[0])


def test_a_new_session_keeps_the_language_but_not_the_place_discussed():
    tracker = Tracker(
        "visitor",
        {"language": "zh", "language_preference": None, "attraction": "laoshan"},
        {},
        [],
        False,
        None,
        {},
        "action_listen",
    )
    events = ActionSessionStart().run(CollectingDispatcher(), tracker, {})
    assert events[0] == SessionStarted()
    assert SlotSet("language", "zh") in events
    assert not any(e.get("name") == "attraction" for e in events)
    assert events[-1] == ActionExecuted("action_listen")
