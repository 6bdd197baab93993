"""Rasa's SQL tracker store, with SQLite set up the way a server needs it.

Rasa's own store commits every message in SQLite's default rollback-journal mode, one fsync each, on
the server's event loop (10 % of its time under load, see README "Measured figures"). Write-ahead
logging with synchronous=NORMAL keeps every committed message across a crash of the process (only a
power cut can lose the last ones) and lets readers work while a message is written. Named in
endpoints.yml; other databases (PostgreSQL for replicas) pass through unchanged.
"""
from __future__ import annotations

from typing import Any

from rasa.core.tracker_store import SQLTrackerStore
from sqlalchemy import event


def _tune_sqlite(connection: Any, _record: Any) -> None:
    cursor = connection.cursor()
    cursor.execute("PRAGMA journal_mode = WAL")
    cursor.execute("PRAGMA synchronous = NORMAL")
    cursor.close()


class SQLiteTrackerStore(SQLTrackerStore):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.engine.dialect.name == "sqlite":
            event.listen(self.engine, "connect", _tune_sqlite)
            self.engine.dispose()  # connections made while creating the tables reopen with the settings
