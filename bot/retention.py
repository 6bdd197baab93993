"""How long the assistant keeps what visitors wrote, and removing one visitor's data on request.

Conversations (the tracker store's events) whose last message is older than the retention period go
whole; unanswered-log entries older than it go one by one. `qicc run` prunes once a day, `qicc state
prune` on demand. What is kept and for how long: docs/privacy.md.
"""
from __future__ import annotations

import sqlite3
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Iterator, Optional

import sqlalchemy as sa

from bot.faq.unanswered import log_path, now, unanswered_log
from bot.settings import settings


@dataclass(frozen=True)
class Removed:
    conversations: int
    messages: int  # tracker events of those conversations
    unanswered: int


def conversations_path() -> Path:
    return settings().state_dir / "conversations.sqlite3"


@contextmanager
def _conversations() -> Iterator[Optional[sa.engine.Connection]]:
    """The tracker store's database (the shared one of replicas, or the SQLite file); None when it has none."""
    url = settings().database_url
    if not url and not _has_events(conversations_path()):
        yield None
        return
    engine = sa.create_engine(url or f"sqlite:///{conversations_path()}", connect_args={} if url else {"timeout": 30})
    try:
        with engine.begin() as connection:
            yield connection
    finally:
        engine.dispose()


def _has_unanswered() -> bool:
    return bool(settings().database_url) or log_path().exists()


_DELETE = sa.text("DELETE FROM events WHERE sender_id = :sender")


def prune(days: int) -> Removed:
    """Remove what is older than ``days`` days."""
    cutoff = now() - timedelta(days=days)
    conversations = messages = unanswered = 0
    with _conversations() as db:
        if db is not None:
            stale = db.execute(sa.text("SELECT sender_id FROM events GROUP BY sender_id HAVING MAX(timestamp) < :t"),
                               {"t": cutoff.timestamp()}).scalars().all()
            for sender in stale:
                messages += db.execute(_DELETE, {"sender": sender}).rowcount
            conversations = len(stale)
    if _has_unanswered():
        unanswered = unanswered_log().prune(cutoff)
    return Removed(conversations, messages, unanswered)


def forget(conversation: str) -> Removed:
    """Remove one conversation (e.g. ``wechat`` visitor ``oAbc...``: the id `qicc state forget --help` shows)."""
    messages = unanswered = 0
    with _conversations() as db:
        if db is not None:
            messages = db.execute(_DELETE, {"sender": conversation}).rowcount
    if _has_unanswered():
        unanswered = unanswered_log().forget(conversation)
    return Removed(int(messages > 0), messages, unanswered)


def _has_events(path: Path) -> bool:
    if not path.exists():
        return False
    with sqlite3.connect(path) as db:
        return db.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'events'").fetchone() is not None
