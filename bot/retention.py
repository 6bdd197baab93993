"""How long the assistant keeps what visitors wrote, and removing one visitor's data on request.

Conversations (the tracker store's events) whose last message is older than the retention period go
whole; unanswered-log entries older than it go one by one. `qicc run` prunes once a day, `qicc state
prune` on demand. What is kept and for how long: docs/privacy.md.
"""
from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from bot.faq.unanswered import log_path, now, unanswered_log
from bot.settings import settings


@dataclass(frozen=True)
class Removed:
    conversations: int
    messages: int  # tracker events of those conversations
    unanswered: int


def conversations_path() -> Path:
    return settings().state_dir / "conversations.sqlite3"


def prune(days: int) -> Removed:
    """Remove what is older than ``days`` days."""
    cutoff = now() - timedelta(days=days)
    conversations = messages = unanswered = 0
    if _has_events(conversations_path()):
        with sqlite3.connect(conversations_path(), timeout=30) as db:
            stale = [row[0] for row in db.execute(
                "SELECT sender_id FROM events GROUP BY sender_id HAVING MAX(timestamp) < ?",
                (cutoff.timestamp(),))]
            for sender in stale:
                messages += db.execute("DELETE FROM events WHERE sender_id = ?", (sender,)).rowcount
            conversations = len(stale)
    if log_path().exists():
        unanswered = unanswered_log().prune(cutoff)
    return Removed(conversations, messages, unanswered)


def forget(conversation: str) -> Removed:
    """Remove one conversation (e.g. ``wechat`` visitor ``oAbc...``: the id `qicc state forget --help` shows)."""
    messages = unanswered = 0
    if _has_events(conversations_path()):
        with sqlite3.connect(conversations_path(), timeout=30) as db:
            messages = db.execute("DELETE FROM events WHERE sender_id = ?", (conversation,)).rowcount
    if log_path().exists():
        unanswered = unanswered_log().forget(conversation)
    return Removed(int(messages > 0), messages, unanswered)


def _has_events(path: Path) -> bool:
    if not path.exists():
        return False
    with sqlite3.connect(path) as db:
        return db.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'events'").fetchone() is not None
