"""The log of visitors' messages that no answer covered, for staff to see what to add to the FAQ.

In the stores' database (bot/database.py): one SQLite file under the state folder by default, or
the PostgreSQL database replicas share; written by the action servers and read by `qicc faq
unanswered`. The sender is kept only as a keyed hash (HMAC-SHA256): enough to count distinct visitors, useless for finding out who they are. The key
is QICC_SENDER_HASH_KEY when set (the same on every server), otherwise a random key kept in the
database itself, so replicas sharing a database share the key too.
"""
from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from functools import lru_cache
from pathlib import Path
from typing import List, Optional

import sqlalchemy as sa

from bot.database import store_engine, unanswered
from bot.settings import env_value, settings

@dataclass(frozen=True)
class Message:
    text: str
    at: datetime
    language: str
    channel: str
    sender_hash: str
    outcome: str


class UnansweredLog:
    def __init__(self, path: Path):
        self.path = path
        self.engine = store_engine(path)
        self._key = (env_value("QICC_SENDER_HASH_KEY") or self._stored_key()).encode()

    def _stored_key(self) -> str:
        with self.engine.begin() as connection:
            connection.execute(_NEW_KEY, {"value": secrets.token_hex(32)})  # kept only if none is stored
            return connection.execute(_KEY).scalar_one()

    def sender_hash(self, sender: str) -> str:
        return hmac.new(self._key, sender.encode(), hashlib.sha256).hexdigest()[:32]

    def record(self, text: str, language: str, channel: str, sender: str, outcome: str = "fallback",
               at: Optional[datetime] = None) -> None:
        at = at or now()
        with self.engine.begin() as connection:
            connection.execute(unanswered.insert(), {
                "text": text, "at": _utc(at), "language": language, "channel": channel or "unknown",
                "sender_hash": self.sender_hash(sender), "outcome": outcome})

    def messages(self, since: Optional[datetime] = None) -> List[Message]:
        """Every message recorded since ``since`` (all when None), oldest first."""
        columns = [unanswered.c[name] for name in ("text", "at", "language", "channel", "sender_hash", "outcome")]
        query = sa.select(*columns).where(unanswered.c.at >= (_utc(since) if since else "")).order_by(unanswered.c.id)
        with self.engine.connect() as connection:
            rows = connection.execute(query).all()
        return [Message(r[0], datetime.fromisoformat(r[1]), *r[2:]) for r in rows]

    def close(self) -> None:
        """Close the pooled connections (SQLite folds its write-ahead log into the file); reopened on use."""
        self.engine.dispose()


_NEW_KEY = sa.text("INSERT INTO meta (name, value) VALUES ('sender_hash_key', :value) ON CONFLICT (name) DO NOTHING")
_KEY = sa.text("SELECT value FROM meta WHERE name = 'sender_hash_key'")


def _utc(moment: datetime) -> str:
    return moment.astimezone(timezone.utc).isoformat(timespec="seconds")


def now() -> datetime:
    return settings().fixed_now or datetime.now(timezone.utc)


def days_ago(days: int) -> datetime:
    return now() - timedelta(days=days)


def log_path() -> Path:
    return settings().state_dir / "unanswered.sqlite3"


@lru_cache(maxsize=None)
def _log(path: str) -> UnansweredLog:
    return UnansweredLog(Path(path))


def unanswered_log() -> UnansweredLog:
    """This process's connection to the log in the current state folder."""
    return _log(str(log_path()))
