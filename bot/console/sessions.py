"""Staff sessions: a random cookie value, kept only as a hash, ended by logout or after an idle time."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Optional

from sqlalchemy import delete, insert, select, update
from sqlalchemy.engine import Engine

from bot.console.database import sessions

# last_seen is written at most this often, so that reading a page is not a database write every time.
TOUCH_EVERY = timedelta(seconds=30)


@dataclass(frozen=True)
class Session:
    name: str  # the account
    csrf: str  # the token every form and API call of this session must send back


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _utc(moment: datetime) -> datetime:
    # SQLite gives back naive datetimes; they were written in UTC.
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


class Sessions:
    def __init__(self, engine: Engine, idle: timedelta):
        self.engine = engine
        self.idle = idle

    def start(self, name: str) -> str:
        """A new session for ``name``; returns the cookie value."""
        token = secrets.token_urlsafe(32)
        with self.engine.begin() as db:
            db.execute(
                insert(sessions).values(
                    token_hash=_hash(token),
                    name=name,
                    csrf=secrets.token_urlsafe(32),
                    last_seen=datetime.now(timezone.utc),
                )
            )
        return token

    def get(self, token: Optional[str]) -> Optional[Session]:
        """The live session of this cookie value, its idle clock restarted; None when unknown or idle too long."""
        if not token:
            return None
        now = datetime.now(timezone.utc)
        key = _hash(token)
        with self.engine.connect() as db:
            row = db.execute(select(sessions).where(sessions.c.token_hash == key)).first()
        if not row:
            return None
        last_seen = _utc(row.last_seen)
        if now - last_seen > self.idle:
            self.end(token)
            return None
        if now - last_seen > TOUCH_EVERY:
            with self.engine.begin() as db:
                db.execute(update(sessions).where(sessions.c.token_hash == key).values(last_seen=now))
        return Session(row.name, row.csrf)

    def end(self, token: str) -> None:
        with self.engine.begin() as db:
            db.execute(delete(sessions).where(sessions.c.token_hash == _hash(token)))

    def end_all_of(self, name: str) -> None:
        """After a password change or removal: every browser of that account is logged out."""
        with self.engine.begin() as db:
            db.execute(delete(sessions).where(sessions.c.name == name))
