"""The database of the console's stores (accounts, sessions, login failures, change history, handled inbox
groups): the tables are defined with every other store's in bot.database, on the same engine, so that
`qicc db upgrade` creates them and replicas share them.
"""

from __future__ import annotations

from sqlalchemy.engine import Engine

from bot.database import (
    accounts,
    changes,
    inbox_handled,
    login_failures,
    metadata,
    sessions,
    store_engine,
)
from bot.settings import settings

# Its tables, for the console's stores (and the tests) to import from here.
__all__ = ["accounts", "changes", "engine", "inbox_handled", "login_failures", "metadata", "sessions"]


def engine() -> Engine:
    """The stores' engine (bot.database): state/console.sqlite3 on one machine, the shared database for replicas."""
    return store_engine(settings().state_dir / "console.sqlite3")
