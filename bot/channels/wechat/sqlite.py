"""The channel's embedded state database (state/wechat.sqlite3): one connection per process.

SQLite in WAL mode lets several Rasa worker processes on one machine share the duplicate-message
memory and the access token; replicas on several machines need a shared store behind the same
small interfaces instead (see dedup.py, tokens.py, choices.py).
"""
from __future__ import annotations

import sqlite3
import threading
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator


class Database:
    def __init__(self, path: Path, schema: str):
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        path.touch(mode=0o600, exist_ok=True)  # it holds the access token: readable by this user only
        # Autocommit; each statement below is atomic on its own.
        self._connection = sqlite3.connect(str(path), timeout=5, isolation_level=None, check_same_thread=False)
        self._lock = threading.Lock()
        with self.cursor() as cursor:
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.executescript(schema)

    @contextmanager
    def cursor(self) -> Iterator[sqlite3.Cursor]:
        with self._lock:
            cursor = self._connection.cursor()
            try:
                yield cursor
            finally:
                cursor.close()

    def close(self) -> None:
        self._connection.close()
