"""The access token for WeChat's APIs: fetched once, shared, refreshed by a single refresher.

WeChat limits how often a token may be fetched, and fetching a new one retires the old one
after a few minutes, so every sender in a process waits on one lock and re-reads the shared
store before fetching, and the processes (replicas too) claim the refresh in the store: of many
callers that find the token stale or rejected, one fetches and the others use its token.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Awaitable, Callable, Optional, Protocol, Tuple, TypeGuard

import sqlalchemy as sa

from bot.database import store_engine

# Renew this long before WeChat's expiry (its tokens live 7200 s); at most half the lifetime.
RENEW_EARLY = 300
# How long one refresher may take to fetch a token before another caller may try; others wait meanwhile.
REFRESH_SECONDS = 15
WAIT_STEP = 0.1  # seconds between looks at the store while another replica fetches


@dataclass(frozen=True)
class StoredToken:
    value: str
    renew_at: float
    expires_at: float


class TokenStore(Protocol):
    def load(self, account: str) -> Optional[StoredToken]: ...

    def save(self, account: str, token: StoredToken) -> None:
        """Store the new token and end the refresh claimed for it."""

    def claim_refresh(self, account: str, now: float) -> bool:
        """True for the one caller (of all processes and replicas) that may fetch a new token now."""

    def end_refresh(self, account: str) -> None:
        """The claimed fetch failed: let the next caller try at once."""


class SQLTokenStore:
    """In the stores' database (bot/database.py): a SQLite file, or PostgreSQL shared by replicas."""

    def __init__(self, path: Path):
        self.engine = store_engine(path)

    def load(self, account: str) -> Optional[StoredToken]:
        with self.engine.connect() as connection:
            row = connection.execute(_LOAD, {"account": account}).first()
        return StoredToken(*row) if row else None

    def save(self, account: str, token: StoredToken) -> None:
        with self.engine.begin() as connection:
            connection.execute(
                _SAVE,
                {"account": account, "value": token.value, "renew_at": token.renew_at, "expires_at": token.expires_at},
            )
            connection.execute(_END_REFRESH, {"account": account})

    def end_refresh(self, account: str) -> None:
        with self.engine.begin() as connection:
            connection.execute(_END_REFRESH, {"account": account})

    def claim_refresh(self, account: str, now: float) -> bool:
        with self.engine.begin() as connection:
            claimed = connection.execute(
                _CLAIM_REFRESH, {"account": account, "now": now, "until": now + REFRESH_SECONDS}
            )
        return claimed.rowcount == 1


_LOAD = sa.text("SELECT value, renew_at, expires_at FROM access_tokens WHERE account = :account")
_SAVE = sa.text(
    "INSERT INTO access_tokens (account, value, renew_at, expires_at) "
    "VALUES (:account, :value, :renew_at, :expires_at) ON CONFLICT (account) DO UPDATE SET "
    "value = excluded.value, renew_at = excluded.renew_at, expires_at = excluded.expires_at"
)
_END_REFRESH = sa.text("DELETE FROM token_refreshes WHERE account = :account")
# A claim succeeds when nobody holds one, or the holder's time ran out (it died while fetching).
_CLAIM_REFRESH = sa.text(
    "INSERT INTO token_refreshes (account, until) VALUES (:account, :until) "
    "ON CONFLICT (account) DO UPDATE SET until = excluded.until "
    "WHERE token_refreshes.until < :now"
)


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
            while True:
                token = self._store.load(self.account)  # another caller may have renewed it meanwhile
                if self._usable(token, rejected):
                    return token.value
                if self._store.claim_refresh(self.account, self._clock()):
                    break
                await asyncio.sleep(WAIT_STEP)  # another process or replica is fetching: use its token
            # Claimed, but the token may have been renewed between the look above and the claim.
            token = self._store.load(self.account)
            if self._usable(token, rejected):
                self._store.end_refresh(self.account)
                return token.value
            try:
                value, lifetime = await self._fetch()
            except BaseException:
                self._store.end_refresh(self.account)
                raise
            self.fetches += 1
            now = self._clock()
            early = min(RENEW_EARLY, lifetime / 2)
            self._store.save(self.account, StoredToken(value, now + lifetime - early, now + lifetime))
            return value
