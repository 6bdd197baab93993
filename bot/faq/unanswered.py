"""The log of visitors' messages that no answer covered, for staff to see what to add to the FAQ.

One SQLite file under the state folder (WAL mode, one connection per process), written by the
action server and read by `qicc faq unanswered`. The sender is kept only as a keyed hash
(HMAC-SHA256): enough to count distinct visitors, useless for finding out who they are. The key
is QICC_SENDER_HASH_KEY when set (the same on every server), otherwise a random key kept in the
database itself. Replicas on several machines would put a shared store behind the same two
methods, record() and messages().
"""
from __future__ import annotations

import hashlib
import hmac
import secrets
import sqlite3
import threading
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from functools import lru_cache
from pathlib import Path
from typing import List, Optional

from bot.settings import env_value, settings

SCHEMA = """
CREATE TABLE IF NOT EXISTS unanswered (
    id INTEGER PRIMARY KEY,
    text TEXT NOT NULL,
    at TEXT NOT NULL,          -- ISO 8601 in UTC, so that text order is time order
    language TEXT NOT NULL,
    channel TEXT NOT NULL,
    sender_hash TEXT NOT NULL,
    outcome TEXT NOT NULL      -- 'fallback': no answer; 'suggested': closest questions offered
);
CREATE INDEX IF NOT EXISTS unanswered_at ON unanswered (at);
CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT NOT NULL);
"""


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
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self._connection = sqlite3.connect(str(path), timeout=5, isolation_level=None, check_same_thread=False)
        self._lock = threading.Lock()
        with self._lock:
            self._connection.execute("PRAGMA journal_mode=WAL")
            self._connection.executescript(SCHEMA)
        self._key = (env_value("QICC_SENDER_HASH_KEY") or self._stored_key()).encode()

    def _stored_key(self) -> str:
        with self._lock:
            self._connection.execute("INSERT OR IGNORE INTO meta VALUES ('sender_hash_key', ?)",
                                     (secrets.token_hex(32),))
            return self._connection.execute("SELECT value FROM meta WHERE name = 'sender_hash_key'").fetchone()[0]

    def sender_hash(self, sender: str) -> str:
        return hmac.new(self._key, sender.encode(), hashlib.sha256).hexdigest()[:32]

    def record(self, text: str, language: str, channel: str, sender: str, outcome: str = "fallback",
               at: Optional[datetime] = None) -> None:
        at = at or now()
        with self._lock:
            self._connection.execute(
                "INSERT INTO unanswered (text, at, language, channel, sender_hash, outcome) VALUES (?, ?, ?, ?, ?, ?)",
                (text, _utc(at), language, channel or "unknown", self.sender_hash(sender),
                 outcome))

    def messages(self, since: Optional[datetime] = None) -> List[Message]:
        """Every message recorded since ``since`` (all when None), oldest first."""
        query = "SELECT text, at, language, channel, sender_hash, outcome FROM unanswered WHERE at >= ? ORDER BY id"
        start = _utc(since) if since else ""
        with self._lock:
            rows = self._connection.execute(query, (start,)).fetchall()
        return [Message(r[0], datetime.fromisoformat(r[1]), *r[2:]) for r in rows]

    def close(self) -> None:
        self._connection.close()


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
