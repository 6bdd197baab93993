"""The log of visitors' messages that no answer covered, for staff to see what to add to the FAQ.

One SQLite file under the state folder (WAL mode, one connection per process), written by the
action server and read by `qicc faq unanswered`. The sender is kept only as a keyed hash
(HMAC-SHA256): enough to count distinct visitors, useless for finding out who they are. The key
is QICC_SENDER_HASH_KEY when set (the same on every server), otherwise a random key in its own
file (bot/keys.py), never in the database beside the hashes. Text is recorded without control
characters (bot.limits.printable), so that it cannot rewrite a staff member's terminal. Entries
older than the retention period go (prune(), `qicc state prune`). Replicas on several machines
would put a shared store behind the same methods.
"""
from __future__ import annotations

import hashlib
import hmac
import sqlite3
import threading
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from functools import lru_cache
from pathlib import Path
from typing import List, Optional

from bot.keys import key
from bot.limits import printable
from bot.settings import settings

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
        self._key = key("sender_hash", "QICC_SENDER_HASH_KEY", first_value=self._take_stored_key())

    def _take_stored_key(self) -> Optional[str]:
        """The key an older version kept in the database: moved to the key file, so hashes stay the same."""
        with self._lock:
            row = self._connection.execute("SELECT value FROM meta WHERE name = 'sender_hash_key'").fetchone()
            self._connection.execute("DELETE FROM meta WHERE name = 'sender_hash_key'")
        return row[0] if row else None

    def sender_hash(self, sender: str) -> str:
        return hmac.new(self._key, sender.encode(), hashlib.sha256).hexdigest()[:32]

    def record(self, text: str, language: str, channel: str, sender: str, outcome: str = "fallback",
               at: Optional[datetime] = None) -> None:
        at = at or now()
        with self._lock:
            self._connection.execute(
                "INSERT INTO unanswered (text, at, language, channel, sender_hash, outcome) VALUES (?, ?, ?, ?, ?, ?)",
                (printable(text), _utc(at), language, printable(channel) or "unknown", self.sender_hash(sender),
                 outcome))

    def messages(self, since: Optional[datetime] = None) -> List[Message]:
        """Every message recorded since ``since`` (all when None), oldest first."""
        query = "SELECT text, at, language, channel, sender_hash, outcome FROM unanswered WHERE at >= ? ORDER BY id"
        start = _utc(since) if since else ""
        with self._lock:
            rows = self._connection.execute(query, (start,)).fetchall()
        return [Message(r[0], datetime.fromisoformat(r[1]), *r[2:]) for r in rows]

    def prune(self, before: datetime) -> int:
        """Remove the entries recorded before ``before``; return how many."""
        with self._lock:
            return self._connection.execute("DELETE FROM unanswered WHERE at < ?", (_utc(before),)).rowcount

    def forget(self, sender: str) -> int:
        """Remove every entry of one sender (a visitor's request to delete their data)."""
        with self._lock:
            return self._connection.execute("DELETE FROM unanswered WHERE sender_hash = ?",
                                            (self.sender_hash(sender),)).rowcount

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
