"""The examples of a confident wrong answer, asked of the running assistant: each now gets the right fact or
the honest reply with the phone number (recorded for staff), never an answer about something else."""

from __future__ import annotations

import pytest

from bot.center import phrasing
from bot.center.answers import reply
from tests.test_faq_rest import edited_faq, wait_for


def honest(center, language):
    return reply(center, "fallback", language)


@pytest.mark.parametrize(
    "question,service",
    [
        ("急救电话是多少", "ambulance"),
        ("报警电话", "police"),
        ("火警电话多少", "fire"),
        ("what number do I call for an ambulance?", "ambulance"),
        ("there was a car accident, who do I call", "traffic"),
    ],
)
def test_an_emergency_question_gets_the_emergency_numbers_not_the_office(assistant, center, question, service):
    text = assistant.reply_text(question)
    assert center.emergency_numbers[service] in text
    assert center.phone not in text


@pytest.mark.parametrize(
    "question,language,about",
    [
        ("When is the Qingdao beer festival?", "en", "beer"),
        ("青岛啤酒节是什么时候", "zh", "啤酒"),
        ("Can you recommend a hotel near the beach?", "en", "hotel"),
        ("推荐一家酒店", "zh", "酒店"),
        ("What events are on this weekend?", "en", "event"),
    ],
)
def test_a_question_beside_an_intent_gets_its_topic_or_the_honest_reply(assistant, center, question, language, about):
    text = assistant.reply_text(question)
    # The honest reply names the opening hours among what the assistant can tell; any other reply is about
    # the topic asked, never the opening hours.
    assert text == honest(center, language) or (
        about in text.lower() and phrasing.weekly_summary(center.weekly, language) not in text
    )


@pytest.mark.parametrize(
    "question,language",
    [
        ("Do you offer Chinese language classes?", "en"),
        ("你们有中文课吗", "zh"),
        ("I want to volunteer at the center", "en"),
        ("what is 2+2", "en"),
    ],
)
def test_a_question_without_content_gets_the_honest_reply(assistant, center, question, language):
    assert assistant.reply_text(question) == honest(center, language)


def test_contact_details_are_the_phone_number(assistant, center):
    assert center.phone in assistant.reply_text("contact details please")


def test_a_visit_on_sunday_is_about_the_opening_hours(assistant, center):
    text = assistant.reply_text("can I visit on sunday")
    assert text.startswith("No") and "Sunday" in text


def test_in_the_morning_is_no_hour_the_visitor_said(assistant, center):
    text = assistant.reply_text("what time does the office open in the morning")
    assert phrasing.weekly_summary(center.weekly, "en") in text and "10:00" not in text


def test_a_new_faq_entry_is_answered_for_its_own_question_whatever_the_model_predicts(assistant):
    new_entry = """
  - id: test_kite_festival
    questions:
      en:
        - When is the Weifang kite festival?
        - What are the dates of the Weifang kite festival?
    answer:
      en: A test answer about kites in Weifang.
      zh: 关于潍坊风筝的测试回答。
"""
    with edited_faq(assistant) as (path, original):
        path.write_text(original.rstrip("\n") + "\n" + new_entry, encoding="utf-8")
        text = wait_for(assistant, "When is the Weifang kite festival?", lambda t: "kites in Weifang" in t)
        assert text == "A test answer about kites in Weifang."
