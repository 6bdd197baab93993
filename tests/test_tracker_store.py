"""The SQLite conversation store keeps exactly what Rasa's own SQL store keeps, faster."""

from __future__ import annotations

import asyncio
import json
import sqlite3
import time
from pathlib import Path
from typing import List, Tuple

import pytest
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, BotUttered, SessionStarted, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from bot.rasa import tracker_store
from bot.rasa.tracker_store import SQLiteTrackerStore

DOMAIN = Domain.from_dict({"slots": {"language": {"type": "text", "mappings": [{"type": "custom"}]}}})


def _store(kind, path: Path):
    return kind(domain=DOMAIN, dialect="sqlite", db=str(path))


def _rows(path: Path) -> List[Tuple[str, ...]]:
    """(sender, event type, intent, action, the event without its timestamp) in the order stored."""
    with sqlite3.connect(path) as connection:
        rows = connection.execute(
            "SELECT sender_id, type_name, intent_name, action_name, data, timestamp FROM events ORDER BY id"
        ).fetchall()
    for *_, data, timestamp in rows:
        assert json.loads(data)["timestamp"] == timestamp
    return [(*columns, json.dumps({**json.loads(data), "timestamp": None})) for *columns, data, _ in rows]


def _clock() -> List[float]:
    """Timestamps for the events of a test: later than the ones Rasa gives a new conversation."""
    return [time.time() + 60]


async def _turn(store, sender: str, text: str, clock: List[float], new_session: bool = False) -> None:
    """One message as Rasa handles it: load (or create) the conversation, append, save."""

    def at(event):
        clock[0] += 1
        event.timestamp = clock[0]
        return event

    tracker = await store.get_or_create_tracker(sender)
    if new_session:
        for event in (ActionExecuted("action_session_start"), SessionStarted(), ActionExecuted("action_listen")):
            tracker.update(at(event))
    for event in (
        UserUttered(text, {"name": "greet"}),
        SlotSet("language", "en"),
        ActionExecuted("action_greet"),
        BotUttered(f"reply to {text}"),
        ActionExecuted("action_listen"),
    ):
        tracker.update(at(event))
    await store.save(tracker)


async def _conversations(store) -> None:
    clock = _clock()
    await _turn(store, "anna", "hello", clock, new_session=True)
    await _turn(store, "ben", "你好", clock, new_session=True)
    await _turn(store, "anna", "phone?", clock)
    await _turn(store, "anna", "hello again", clock, new_session=True)  # her session expired
    await _turn(store, "anna", "hours?", clock)
    await _turn(store, "ben", "地址", clock)


def test_it_stores_the_same_events_as_rasas_own_sql_store(tmp_path):
    asyncio.run(_conversations(_store(SQLTrackerStore, tmp_path / "rasa.sqlite3")))
    asyncio.run(_conversations(_store(SQLiteTrackerStore, tmp_path / "ours.sqlite3")))
    ours = _rows(tmp_path / "ours.sqlite3")
    assert ours == _rows(tmp_path / "rasa.sqlite3")
    assert sum(1 for sender, kind, *_ in ours if sender == "anna" and kind == "user") == 4


def test_a_restarted_server_appends_to_the_stored_conversation(tmp_path):
    path, clock = tmp_path / "conversations.sqlite3", _clock()
    asyncio.run(_turn(_store(SQLiteTrackerStore, path), "anna", "hello", clock, new_session=True))
    asyncio.run(_turn(_store(SQLiteTrackerStore, path), "anna", "phone?", clock))
    texts = [row[-1] for row in _rows(path) if row[1] == "user"]
    assert len(texts) == 2 and '"phone?"' in texts[1]


def test_a_conversation_it_did_not_load_is_counted_before_saving(tmp_path):
    path, clock = tmp_path / "conversations.sqlite3", _clock()
    asyncio.run(_turn(_store(SQLiteTrackerStore, path), "anna", "hello", clock, new_session=True))
    loaded = asyncio.run(_store(SQLTrackerStore, path).retrieve("anna"))  # loaded by another store
    loaded.update(UserUttered("phone?", {"name": "ask_phone"}))
    before = len(_rows(path))
    asyncio.run(_store(SQLiteTrackerStore, path).save(loaded))
    assert len(_rows(path)) == before + 1
    assert [row[2] for row in _rows(path) if row[1] == "user"] == ["greet", "ask_phone"]


def test_forgotten_conversations_are_counted_again(tmp_path, monkeypatch):
    monkeypatch.setattr(tracker_store, "REMEMBERED_CONVERSATIONS", 1)

    async def interleaved(store):
        clock = _clock()
        for text in ("one", "two", "three"):
            for sender in ("anna", "ben"):  # each turn forgets the other visitor's count
                await _turn(store, sender, text, clock, new_session=text == "one")

    asyncio.run(interleaved(_store(SQLTrackerStore, tmp_path / "rasa.sqlite3")))
    asyncio.run(interleaved(_store(SQLiteTrackerStore, tmp_path / "ours.sqlite3")))
    ours = _rows(tmp_path / "ours.sqlite3")
    assert ours == _rows(tmp_path / "rasa.sqlite3")
    assert sum(1 for _, kind, *_ in ours if kind == "user") == 6


def test_the_sqlite_tracker_store_keeps_conversations_in_wal_mode(tmp_path):
    store = SQLiteTrackerStore(domain=Domain.empty(), dialect="sqlite", db=str(tmp_path / "conversations.sqlite3"))
    tracker = DialogueStateTracker.from_events("visitor", [UserUttered("hello")])
    asyncio.run(store.save(tracker))
    with sqlite3.connect(tmp_path / "conversations.sqlite3") as connection:
        assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert connection.execute("SELECT COUNT(*) FROM events WHERE sender_id = 'visitor'").fetchone()[0] == 1


def test_a_server_database_is_refused_with_what_to_use_instead():
    with pytest.raises(ValueError, match="type: SQL"):
        SQLiteTrackerStore(domain=DOMAIN, dialect="postgresql", db="conversations")


@pytest.mark.parametrize("kind", [SQLTrackerStore, SQLiteTrackerStore])
def test_a_full_history_holds_every_session(tmp_path, kind):
    store = _store(kind, tmp_path / "conversations.sqlite3")
    asyncio.run(_conversations(store))
    full = asyncio.run(store.retrieve_full_tracker("anna"))
    latest = asyncio.run(store.retrieve("anna"))
    assert sum(isinstance(e, UserUttered) for e in full.events) == 4
    assert sum(isinstance(e, UserUttered) for e in latest.events) == 2
