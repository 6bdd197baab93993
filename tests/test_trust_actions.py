"""Actions as the action server runs them: the answer that fits the words, whichever action the policies chose."""

from __future__ import annotations

from typing import Dict, List, Sequence, Tuple

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.attractions import ActionAttractionSuggest
from actions.center import ActionHours, ActionPhone
from bot.center.facts import current_center
from bot.center.answers import hours_answer, reply
from bot.faq.answers import answer_text
from bot.faq.content import current_faq
from tests.test_faq_actions import logged


def run(action, text: str, ranking: Sequence[Tuple[str, float]], before: Sequence[Dict] = ()) -> List[Dict]:
    """``before``: the conversation's events before this message."""
    ranked = [{"name": name, "confidence": confidence} for name, confidence in ranking]
    message = {"text": text, "intent": ranked[0], "intent_ranking": ranked, "entities": []}
    tracker = Tracker(
        "visitor-7",
        {},
        message,
        [*before, {"event": "user", "text": text, "input_channel": "rest"}],
        False,
        None,
        {},
        "action_listen",
    )
    dispatcher = CollectingDispatcher()
    action.run(dispatcher, tracker, {})
    return dispatcher.messages


def test_hours_the_words_do_not_fit_become_the_honest_reply_and_are_logged(content):
    _, state = content
    [message] = run(ActionHours(), "When is the Qingdao beer festival?", [("ask_hours", 0.95)])
    assert message["text"] == reply(current_center(), "fallback", "en")
    assert [(row[0], row[4]) for row in logged(state)] == [("When is the Qingdao beer festival?", "fallback")]


def test_the_intent_whose_words_fit_answers_in_place_of_the_chosen_action(content):
    text = "can I visit on sunday"
    [message] = run(ActionAttractionSuggest(), text, [("ask_attractions", 0.7), ("ask_hours", 0.2)])
    assert message["text"] == hours_answer(current_center(), "en", text)


def test_an_emergency_question_gets_the_emergency_numbers_from_any_action(content):
    [message] = run(ActionPhone(), "报警电话", [("ask_phone", 0.99)])
    assert message["text"] == reply(current_center(), "emergency", "zh")
    assert current_center().emergency_numbers["police"] in message["text"]


def test_a_button_payload_is_answered_by_its_own_action(content):
    [message] = run(ActionPhone(), "/ask_phone", [("ask_phone", 1.0)])
    assert message["text"] == reply(current_center(), "phone", "en")


def test_an_emergency_with_a_faq_question_gets_the_numbers_then_that_answer(content):
    faq = current_faq()
    messages = run(ActionPhone(), "我的护照被偷了", [("ask_phone", 0.99)])
    assert [m["text"] for m in messages] == [
        reply(current_center(), "emergency", "zh"),
        answer_text(faq.get("lost_passport"), current_center(), "zh"),
    ]


def test_the_faq_entry_about_the_numbers_is_not_said_again_after_them(content):
    [message] = run(ActionPhone(), "叫救护车打什么号码？", [("faq", 0.99)])  # a question of that entry
    assert message["text"] == reply(current_center(), "emergency", "zh")


def test_a_day_alone_is_answered_with_the_hours_right_after_the_hours(content):
    asked = [{"event": "user", "text": "are you open now?"}, {"event": "action", "name": "action_hours"}]
    after_hours = [*asked, {"event": "bot", "text": "..."}, {"event": "action", "name": "action_listen"}]
    [message] = run(ActionHours(), "on saturday?", [("ask_hours", 0.95)], after_hours)
    assert message["text"] == hours_answer(current_center(), "en", "on saturday?")
    after_phone = [{"event": "user", "text": "your number?"}, {"event": "action", "name": "action_phone"}]
    [message] = run(ActionHours(), "on saturday?", [("ask_hours", 0.95)], after_phone)
    assert message["text"] == reply(current_center(), "fallback", "en")
