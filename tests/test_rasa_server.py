"""The Rasa server's two speed fixes keep Rasa's behaviour: replies are still validated, conversations kept."""
from __future__ import annotations

import asyncio
import sqlite3

import pytest
from jsonschema import ValidationError
from rasa.core.actions.action import RemoteAction
from rasa.core.tracker_store import DialogueStateTracker
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import UserUttered

from bot import rasa_server
from bot.tracker_store import SQLiteTrackerStore


@pytest.fixture
def patched(monkeypatch):
    monkeypatch.setattr(RemoteAction, "_validate_action_result", RemoteAction._validate_action_result)
    rasa_server.install()
    return RemoteAction("action_x", None)


def test_a_valid_action_reply_passes(patched):
    reply = {"events": [{"event": "slot", "name": "language", "value": "en"}],
             "responses": [{"text": "hello", "buttons": []}]}
    assert patched._validate_action_result(reply)


@pytest.mark.parametrize("reply", [{"events": "not a list"}, {"responses": [1, 2]},
                                   {"events": [{"no_event_key": 1}]}])
def test_an_invalid_action_reply_is_still_rejected(patched, reply):
    with pytest.raises(ValidationError):
        patched._validate_action_result(reply)


def test_the_sqlite_tracker_store_keeps_conversations_in_wal_mode(tmp_path):
    store = SQLiteTrackerStore(domain=Domain.empty(), dialect="sqlite", db=str(tmp_path / "conversations.sqlite3"))
    tracker = DialogueStateTracker.from_events("visitor", [UserUttered("hello")])
    asyncio.run(store.save(tracker))
    with sqlite3.connect(tmp_path / "conversations.sqlite3") as connection:
        assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert connection.execute("SELECT COUNT(*) FROM events WHERE sender_id = 'visitor'").fetchone()[0] == 1
