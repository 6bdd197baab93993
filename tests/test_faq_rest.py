"""The FAQ through the running assistant (REST channel): answers, live edits, new entries, buttons, the log."""

from __future__ import annotations

import hashlib
import hmac
import sqlite3
import time
from contextlib import contextmanager

import pytest

from bot.center.facts import build_center
from bot.faq.answers import answer_text
from bot.faq.content import build_faq
from bot.content.yamlfile import read_yaml

RELOAD_LIMIT = 10  # seconds: staff see an edit used within this time


def faq_of(assistant):
    path = assistant.data_dir / "faq.yml"
    return build_faq(read_yaml(path), str(path))


def expected(assistant, entry_id, language):
    center_file = assistant.data_dir / "center.yml"
    center = build_center(read_yaml(center_file), str(center_file))
    return answer_text(faq_of(assistant).get(entry_id), center, language)


@contextmanager
def edited_faq(assistant):
    """Yield the FAQ file of the running assistant; put the original back afterwards."""
    path = assistant.data_dir / "faq.yml"
    original = path.read_text(encoding="utf-8")
    try:
        yield path, original
    finally:
        path.write_text(original, encoding="utf-8")
        # The file is re-read when a message needs it: ask until the original is live again.
        entry = faq_of(assistant).entries[0]
        question, answer = entry.questions["en"][0], expected(assistant, entry.id, "en")
        wait_for(assistant, question, lambda text: text == answer)


def wait_for(assistant, question, predicate, limit=RELOAD_LIMIT):
    deadline = time.monotonic() + limit
    while True:
        text = assistant.reply_text(question)
        if predicate(text) or time.monotonic() > deadline:
            return text
        time.sleep(0.5)


@pytest.mark.parametrize(
    "entry_id, language",
    [("tap_water", "en"), ("tap_water", "zh"), ("residence_registration", "en"), ("airport", "zh")],
)
def test_a_faq_question_gets_its_answer_in_the_visitors_language(assistant, entry_id, language):
    question = faq_of(assistant).get(entry_id).questions[language][0]
    assert assistant.reply_text(question) == expected(assistant, entry_id, language)


def test_other_wordings_reach_the_answer_through_the_trained_model(assistant):
    assert assistant.reply_text("is it safe to drink water from the tap in qingdao?") == expected(
        assistant, "tap_water", "en"
    )
    assert assistant.reply_text("我需要什么样的转换插头") == expected(assistant, "power_plugs", "zh")


def test_an_edited_answer_is_used_within_ten_seconds(assistant):
    question = faq_of(assistant).get("tipping").questions["en"][0]
    with edited_faq(assistant) as (path, original):
        old = faq_of(assistant).get("tipping").answer["en"]
        path.write_text(original.replace(old.split(":")[0][:40], "Staff edited this answer just now"), encoding="utf-8")
        started = time.monotonic()
        reply = wait_for(assistant, question, lambda text: "Staff edited this answer" in text)
        assert "Staff edited this answer just now" in reply, reply
        assert time.monotonic() - started <= RELOAD_LIMIT


def test_an_invalid_edit_keeps_the_last_good_version(assistant):
    question = faq_of(assistant).get("tipping").questions["en"][0]
    good = expected(assistant, "tipping", "en")
    assert wait_for(assistant, question, lambda text: text == good) == good
    with edited_faq(assistant) as (path, original):
        broken = original.replace("  - id: tipping", "  - id: tipping\n    answer: [unclosed").replace(
            good.split(" ")[0], "BROKEN VERSION", 1
        )
        path.write_text(broken, encoding="utf-8")
        time.sleep(3)  # several reload checks
        assert assistant.reply_text(question) == good


def test_a_new_entry_is_answered_before_the_next_training(assistant):
    new_entry = """
  - id: test_battery_recycling
    questions:
      en:
        - Where can I recycle used batteries?
        - Who takes old batteries for recycling?
      zh:
        - 废旧电池在哪里回收？
        - 旧电池可以扔到哪里？
    answer:
      en: A test answer about batteries, call {phone}.
      zh: 关于电池回收的测试回答，请致电 {phone}。
"""
    with edited_faq(assistant) as (path, original):
        path.write_text(original.rstrip("\n") + "\n" + new_entry, encoding="utf-8")
        reply = wait_for(assistant, "Where can I recycle used batteries?", lambda text: "batteries" in text)
        assert reply == expected(assistant, "test_battery_recycling", "en")
        assert assistant.reply_text("废旧电池在哪里回收？") == expected(assistant, "test_battery_recycling", "zh")


def test_a_weak_match_offers_questions_as_buttons_and_a_click_answers(assistant):
    sender = assistant.new_sender()
    [message] = assistant.ask("visa card?", sender)
    buttons = message.get("buttons") or []
    assert 1 <= len(buttons) <= 3, message
    assert message["text"] == faq_of(assistant).replies["did_you_mean"]["en"]
    chosen = buttons[0]["payload"]
    entry = next(e for e in faq_of(assistant).entries if chosen in e.questions.get("en", ()))
    assert assistant.reply_text(chosen, sender) == expected(assistant, entry.id, "en")


def test_a_conversation_greeting_faq_in_chinese_then_thanks(assistant):
    sender = assistant.new_sender()
    assert assistant.reply_text("你好", sender)
    for entry_id in ("power_plugs", "tap_water"):
        question = faq_of(assistant).get(entry_id).questions["zh"][0]
        assert assistant.reply_text(question, sender) == expected(assistant, entry_id, "zh")
    assert assistant.reply_text("谢谢", sender)


def test_an_unanswered_message_is_recorded_with_the_sender_hashed(assistant, center):
    sender = assistant.new_sender()
    text = "tell me a joke"  # out_of_scope: the fallback, whatever other features the model learnt
    assert center.phone in assistant.reply_text(text, sender)  # the fallback
    key = (assistant.state_dir / "keys" / "sender_hash.key").read_bytes().strip()
    with sqlite3.connect(assistant.state_dir / "unanswered.sqlite3") as connection:
        sender_hash = hmac.new(key, f"rest:{sender}".encode(), hashlib.sha256).hexdigest()[:32]
        rows = connection.execute(
            "SELECT text, language, channel, outcome FROM unanswered WHERE sender_hash = ?", (sender_hash,)
        ).fetchall()
        stored = repr(connection.execute("SELECT * FROM unanswered").fetchall())
    assert rows == [(text, "en", "rest", "fallback")]
    assert sender not in stored
