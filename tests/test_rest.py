"""The running assistant over Rasa's REST channel, as a website or a test client reaches it."""

from __future__ import annotations

import sqlite3

import pytest

from bot.center import phrasing


def test_phone_number(assistant, center):
    assert center.phone in assistant.reply_text("what's your phone number")


def test_open_now_with_the_frozen_clock(assistant):
    # The fixture's clock is a Friday morning in Qingdao.
    assert assistant.reply_text("are you open now?").startswith("Yes")


def test_closed_on_saturday_and_when_it_opens(assistant):
    reply = assistant.reply_text("are you open on Saturday?")
    assert reply.startswith("No") and "Monday" in reply


def test_hours_and_address(assistant, center):
    assert phrasing.weekly_summary(center.weekly, "en") in assistant.reply_text("what are your opening hours?")
    assert center.address["en"] in assistant.reply_text("where are you located?")


def test_chinese_question_gets_a_chinese_answer(assistant, center):
    reply = assistant.reply_text("你们的电话是多少？")
    assert center.phone in reply and center.replies["phone"]["zh"].split("{")[0] in reply


@pytest.mark.parametrize(
    "message",
    [
        "",
        "   ",
        "x" * 2_000,
        "🙂🙂🙂",
        "hello\x00\x07\x1b[31m there",
        "<script>alert('x')</script>",
        "<b>bold</b> &amp; <img src=x onerror=alert(1)>",
        "/restart",
        "/no_such_intent",
        '/greet{"x": ',
        "/",
        "}{][\"'\\",
    ],
)
def test_bad_input_always_gets_a_sensible_reply(assistant, message):
    replies = assistant.ask(message)
    assert replies, f"no reply to {message[:30]!r}"
    assert all((r.get("text") or "").strip() or r.get("buttons") for r in replies)


def test_unclear_message_gets_the_fallback_with_the_phone(assistant, center):
    assert center.phone in assistant.reply_text("blorp quantum zebra noodles")


def test_conversations_are_kept_in_sqlite(assistant):
    sender = assistant.new_sender()
    assistant.ask("hello", sender)
    database = assistant.state_dir / "conversations.sqlite3"
    with sqlite3.connect(database) as connection:
        rows = connection.execute("SELECT COUNT(*) FROM events WHERE sender_id = ?", (f"rest:{sender}",)).fetchone()
    assert rows[0] > 0


def test_a_visitor_can_switch_language(assistant, center):
    sender = assistant.new_sender()
    assert assistant.reply_text("请用英文回答", sender) == center.replies["language_switched"]["en"]
    assert assistant.reply_text("你们电话多少", sender).startswith(center.replies["phone"]["en"].split("{")[0])
    assistant.ask("please speak Chinese", sender)
    assert assistant.reply_text("what's your phone number?", sender).startswith(
        center.replies["phone"]["zh"].split("{")[0]
    )
