"""The log of visitors' messages that no answer covered, for staff to see what to add to the FAQ.

In the stores' database (bot/database.py): one SQLite file under the state folder by default, or the
PostgreSQL database replicas share; written by the action servers and read by `qicc faq unanswered`. The sender is kept only as a keyed hash
(HMAC-SHA256): enough to count distinct visitors, useless for finding out who they are. The key
is QICC_SENDER_HASH_KEY when set (the same on every server), otherwise a random key in its own
file (bot/keys.py), never in the database beside the hashes. Text is recorded without control
characters (bot.limits.printable), so that it cannot rewrite a staff member's terminal. Entries
older than the retention period go (prune(), `qicc state prune`). Replicas set QICC_SENDER_HASH_KEY
alike, so that one visitor has one hash whichever replica recorded them.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from functools import lru_cache
from pathlib import Path
from typing import List, Optional

import sqlalchemy as sa

from bot.database import meta, store_engine, unanswered
from bot.keys import key
from bot.limits import printable
from bot.settings import settings


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
        self._key = key("sender_hash", "QICC_SENDER_HASH_KEY", first_value=self._take_stored_key())

    def _take_stored_key(self) -> Optional[str]:
        """The key an older version kept in the database: moved to the key file, so hashes stay the same."""
        stored = meta.c.name == "sender_hash_key"
        with self.engine.begin() as connection:
            value = connection.execute(sa.select(meta.c.value).where(stored)).scalar()
            connection.execute(meta.delete().where(stored))
        return value

    def sender_hash(self, sender: str) -> str:
        return hmac.new(self._key, sender.encode(), hashlib.sha256).hexdigest()[:32]

    def record(
        self,
        text: str,
        language: str,
        channel: str,
        sender: str,
        outcome: str = "fallback",
        at: Optional[datetime] = None,
    ) -> None:
        at = at or now()
        with self.engine.begin() as connection:
            connection.execute(
                unanswered.insert(),
                {
                    "text": printable(text),
                    "at": _utc(at),
                    "language": language,
                    "channel": printable(channel) or "unknown",
                    "sender_hash": self.sender_hash(sender),
                    "outcome": outcome,
                },
            )

    def messages(self, since: Optional[datetime] = None) -> List[Message]:
        """Every message recorded since ``since`` (all when None), oldest first."""
        columns = [unanswered.c[name] for name in ("text", "at", "language", "channel", "sender_hash", "outcome")]
        query = sa.select(*columns).where(unanswered.c.at >= (_utc(since) if since else "")).order_by(unanswered.c.id)
        with self.engine.connect() as connection:
            rows = connection.execute(query).all()
        return [Message(r[0], datetime.fromisoformat(r[1]), *r[2:]) for r in rows]

    def prune(self, before: datetime) -> int:
        """Remove the entries recorded before ``before``; return how many."""
        return self._delete(unanswered.c.at < _utc(before))

    def forget(self, sender: str) -> int:
        """Remove every entry of one sender (a visitor's request to delete their data)."""
        return self._delete(unanswered.c.sender_hash == self.sender_hash(sender))

    def _delete(self, condition: sa.sql.ColumnElement) -> int:
        with self.engine.begin() as connection:
            return connection.execute(unanswered.delete().where(condition)).rowcount

    def close(self) -> None:
        """Close the pooled connections (SQLite folds its write-ahead log into the file); reopened on use."""
        self.engine.dispose()


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
