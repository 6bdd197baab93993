"""What the assistant keeps about visitors: no longer than the retention period, and deleted on request."""

from __future__ import annotations

import sqlite3
from datetime import datetime, timedelta, timezone

import pytest

from bot.cli import main
from bot.faq.unanswered import unanswered_log

NOW = datetime(2026, 11, 27, 2, 30, tzinfo=timezone.utc)


@pytest.fixture
def state(tmp_path, monkeypatch):
    monkeypatch.setenv("QICC_STATE_DIR", str(tmp_path))
    monkeypatch.setenv("QICC_NOW", NOW.isoformat())
    monkeypatch.delenv("QICC_SENDER_HASH_KEY", raising=False)
    with sqlite3.connect(tmp_path / "conversations.sqlite3") as db:
        db.execute("CREATE TABLE events (id INTEGER PRIMARY KEY, sender_id TEXT, type_name TEXT, timestamp REAL)")
        for sender, days in [
            ("rest:old", 120),
            ("rest:old", 95),
            ("rest:recent", 200),
            ("rest:recent", 3),
            ("oWeChatOpenId", 1),
        ]:
            db.execute(
                "INSERT INTO events (sender_id, type_name, timestamp) VALUES (?, 'user', ?)",
                (sender, (NOW - timedelta(days=days)).timestamp()),
            )
    log = unanswered_log()
    log.record("old question", "en", "rest", "rest:old", at=NOW - timedelta(days=95))
    log.record("new question", "en", "wechat", "oWeChatOpenId", at=NOW - timedelta(days=1))
    return tmp_path


def senders(state):
    with sqlite3.connect(state / "conversations.sqlite3") as db:
        return sorted(row[0] for row in db.execute("SELECT sender_id FROM events"))


def test_prune_removes_idle_conversations_whole_and_old_unanswered_questions(state, capsys):
    assert main(["state", "prune"]) == 0
    assert (
        "Removed 1 conversations (2 events), 1 unanswered questions and 0 talks with staff older than 90 days"
        in capsys.readouterr().out
    )
    # A conversation still going keeps its history, even its oldest messages.
    assert senders(state) == ["oWeChatOpenId", "rest:recent", "rest:recent"]
    assert [m.text for m in unanswered_log().messages()] == ["new question"]


def test_forget_removes_one_visitors_conversation_and_questions(state, capsys):
    assert main(["state", "forget", "oWeChatOpenId"]) == 0
    assert "Removed 1 conversations (1 events), 1 unanswered questions" in capsys.readouterr().out
    assert "oWeChatOpenId" not in senders(state)
    assert [m.text for m in unanswered_log().messages()] == ["old question"]


def test_forgetting_an_unknown_id_says_so(state, capsys):
    assert main(["state", "forget", "rest:nobody"]) == 0
    assert "Nothing was stored under that id" in capsys.readouterr().out
