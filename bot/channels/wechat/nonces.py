"""The replay memory of plaintext mode: which (timestamp, nonce) pairs signed which body.

In plaintext mode the signature covers the token, the timestamp and the nonce, but not the body: one
signed URL copied from a proxy's log would otherwise carry any body for as long as its timestamp is
accepted. So the first body seen with a pair is remembered for that window, and the same pair with
another body is refused. The same pair with the same body (WeChat's own retry) is let through to the
duplicate-message memory, which answers it once.
"""
from __future__ import annotations

import time
from pathlib import Path
from typing import Protocol

from bot.channels.wechat.sqlite import Database


class NonceMemory(Protocol):
    def first_body(self, timestamp: str, nonce: str, body_digest: str, keep_seconds: float) -> bool:
        """True when ``body_digest`` is the body first seen with this pair (remembered ``keep_seconds``)."""


class SQLiteNonceMemory:
    SCHEMA = """
        CREATE TABLE IF NOT EXISTS seen_nonces (
            pair TEXT PRIMARY KEY, body TEXT NOT NULL, until REAL NOT NULL);
        CREATE INDEX IF NOT EXISTS seen_nonces_until ON seen_nonces (until);
    """

    def __init__(self, path: Path):
        self.db = Database(path, self.SCHEMA)

    def first_body(self, timestamp: str, nonce: str, body_digest: str, keep_seconds: float) -> bool:
        now, pair = time.time(), f"{timestamp}:{nonce}"
        with self.db.cursor() as cursor:
            cursor.execute("DELETE FROM seen_nonces WHERE until < ?", (now,))
            cursor.execute("INSERT OR IGNORE INTO seen_nonces (pair, body, until) VALUES (?, ?, ?)",
                           (pair, body_digest, now + keep_seconds))
            row = cursor.execute("SELECT body FROM seen_nonces WHERE pair = ?", (pair,)).fetchone()
        return row is None or row[0] == body_digest
