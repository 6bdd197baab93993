"""The limits every public channel applies, as plain Python: sizes, sender ids, rates, session ids."""

from __future__ import annotations

from datetime import date

import pytest

from bot.center.facts import current_center
from bot.channels.guard import Guard
from bot.channels.webchat.socketio import SessionIds
from bot.limits import MAX_MESSAGE_CHARS, MAX_SEARCH_TERMS, printable, valid_sender
from bot.news.query import parse_question
from bot.ratelimit import RateLimiter


@pytest.mark.parametrize("sender", ["a", "web-0123abcd", "test.visitor_1", "x" * 64])
def test_ids_a_client_may_choose(sender):
    assert valid_sender(sender)


@pytest.mark.parametrize("sender", [None, "", 42, "x" * 65, "o:penid", "a b", "é", "a\n", ["a"]])
def test_ids_refused(sender):
    assert not valid_sender(sender)


def test_printable_drops_terminal_escapes_bidi_overrides_and_nul():
    assert printable("hi\x1b[31m red\x00\u202eevil\u200b") == "hi[31m redevil"
    assert printable("two\nlines\tand 中文 🙂") == "two lines and 中文 🙂"


def test_a_rate_limiter_allows_a_burst_then_one_message_per_interval():
    now = [0.0]
    limiter = RateLimiter(per_minute=6, burst=3, clock=lambda: now[0])
    assert [limiter.allow("a") for _ in range(4)] == [True, True, True, False]
    assert limiter.allow("b")  # another key has its own bucket
    now[0] += 10  # one message's worth (60 / 6 s)
    assert [limiter.allow("a"), limiter.allow("a")] == [True, False]


def test_a_rate_of_zero_turns_the_limit_off():
    limiter = RateLimiter(per_minute=0, burst=1)
    assert all(limiter.allow("a") for _ in range(100))


def test_the_guard_refuses_a_long_message_in_the_visitors_language(monkeypatch):
    center = current_center()
    refusal = Guard("rest").check("请" * (MAX_MESSAGE_CHARS + 1), "a", "127.0.0.1")
    assert refusal.status == 413 and center.phone in refusal.text and str(MAX_MESSAGE_CHARS) in refusal.text
    assert refusal.text.startswith(center.replies["too_long"]["zh"][:4])
    assert Guard("rest").check("x" * MAX_MESSAGE_CHARS, "a", "127.0.0.1") is None


def test_the_guard_asks_a_fast_sender_and_a_busy_address_to_slow_down(monkeypatch):
    monkeypatch.setenv("QICC_RATE_PER_SENDER", "2")
    monkeypatch.setenv("QICC_RATE_PER_ADDRESS", "4")
    guard, center = Guard("rest"), current_center()
    assert guard.check("hello", "a", "10.0.0.1") is None
    refusal = guard.check("hello", "a", "10.0.0.1")
    assert refusal.status == 429 and refusal.text == center.replies["slow_down"]["en"].replace("{phone}", center.phone)
    assert guard.check("hello", "b", "10.0.0.1") is None  # another sender from the same address
    assert guard.check("hello", "c", "10.0.0.1").status == 429  # the address's own limit
    assert guard.check("hello", "d", "10.0.0.2") is None


def test_session_ids_are_issued_and_checked_with_the_servers_key():
    ids = SessionIds(b"k" * 32)
    issued = ids.issue()
    assert ids.genuine(issued) and issued != ids.issue()
    assert not SessionIds(b"other").genuine(issued)
    random_part = issued.split(".")[0]
    for forged in ["", None, random_part, f"{random_part}.{'0' * 32}", issued.upper(), issued + "0"]:
        assert not ids.genuine(forged)


def test_a_news_search_uses_at_most_a_few_terms():
    question = "news about " + " ".join(f"word{i}" for i in range(500))
    terms = parse_question(question, date(2026, 11, 27)).terms
    assert terms == tuple(f"word{i}" for i in range(MAX_SEARCH_TERMS))
