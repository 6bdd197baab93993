"""The conversation store's events table (Rasa's SQL tracker store schema), for the readers outside Rasa:
the console's conversation pages and the handoff's chat view read it, retention removes from it.

It is the shared database of replicas (QICC_DATABASE_URL), or state/conversations.sqlite3 on one machine.
"""

from __future__ import annotations

import sqlite3
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator, Optional

import sqlalchemy as sa

from bot.settings import settings


def conversations_path() -> Path:
    return settings().state_dir / "conversations.sqlite3"


@contextmanager
def events_connection() -> Iterator[Optional[sa.engine.Connection]]:
    """A connection (in a transaction) to the database of the events table; None when there is none yet."""
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


def _has_events(path: Path) -> bool:
    if not path.exists():
        return False
    with sqlite3.connect(path) as db:
        return db.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'events'").fetchone() is not None
