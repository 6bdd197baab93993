"""The access token for WeChat's APIs: fetched once, shared, refreshed by a single refresher.

WeChat limits how often a token may be fetched, and fetching a new one retires the old one
after a few minutes, so every sender in a process waits on one lock and re-reads the shared
store before fetching: of many callers that find the token stale or rejected, one fetches.
"""
from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Awaitable, Callable, Optional, Protocol, Tuple, TypeGuard

from bot.channels.wechat.sqlite import Database

# Renew this long before WeChat's expiry (its tokens live 7200 s); at most half the lifetime.
RENEW_EARLY = 300


@dataclass(frozen=True)
class StoredToken:
    value: str
    renew_at: float
    expires_at: float


class TokenStore(Protocol):
    def load(self, account: str) -> Optional[StoredToken]:
        ...

    def save(self, account: str, token: StoredToken) -> None:
        ...


class SQLiteTokenStore:
    SCHEMA = """
        CREATE TABLE IF NOT EXISTS access_tokens (
            account TEXT PRIMARY KEY, value TEXT NOT NULL, renew_at REAL NOT NULL, expires_at REAL NOT NULL);
    """

    def __init__(self, path: Path):
        self.db = Database(path, self.SCHEMA)

    def load(self, account: str) -> Optional[StoredToken]:
        with self.db.cursor() as cursor:
            row = cursor.execute("SELECT value, renew_at, expires_at FROM access_tokens WHERE account = ?",
                                 (account,)).fetchone()
        return StoredToken(*row) if row else None

    def save(self, account: str, token: StoredToken) -> None:
        with self.db.cursor() as cursor:
            cursor.execute("INSERT OR REPLACE INTO access_tokens VALUES (?, ?, ?, ?)",
                           (account, token.value, token.renew_at, token.expires_at))


# Fetches a new token: (token, lifetime in seconds).
Fetch = Callable[[], Awaitable[Tuple[str, int]]]


class AccessTokens:
    def __init__(self, account: str, fetch: Fetch, store: TokenStore, clock: Callable[[], float] = time.time):
        self.account = account
        self._fetch = fetch
        self._store = store
        self._clock = clock
        self._lock = asyncio.Lock()
        self.fetches = 0  # how many tokens this process fetched (shown by the benchmark)

    def _usable(self, token: Optional[StoredToken], rejected: Optional[str]) -> TypeGuard[StoredToken]:
        return token is not None and token.value != rejected and self._clock() < token.renew_at

    async def get(self, rejected: Optional[str] = None) -> str:
        """A valid token; ``rejected`` is one WeChat just refused (40001, 40014, 42001), never returned again."""
        token = self._store.load(self.account)
        if self._usable(token, rejected):
            return token.value
        async with self._lock:
            token = self._store.load(self.account)  # another caller may have renewed it meanwhile
            if self._usable(token, rejected):
                return token.value
            value, lifetime = await self._fetch()
            self.fetches += 1
            now = self._clock()
            early = min(RENEW_EARLY, lifetime / 2)
            self._store.save(self.account, StoredToken(value, now + lifetime - early, now + lifetime))
            return value
