"""Login throttling: after MAX_FAILURES wrong passwords for a name or from an address, wait.

Failures are rows in the database, so replicas behind one address share the count.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Optional

from sqlalchemy import and_, delete, insert, select
from sqlalchemy.engine import Engine

from bot.console.database import login_failures

MAX_FAILURES = 5
WINDOW = timedelta(minutes=15)  # failures older than this no longer count; also the wait


class Throttle:
    def __init__(self, engine: Engine, window: timedelta = WINDOW):
        self.engine = engine
        self.window = window

    @staticmethod
    def keys(name: str, address: str) -> tuple:
        return f"name:{name.casefold()}", f"address:{address}"

    def wait(self, name: str, address: str) -> Optional[timedelta]:
        """How long until the next attempt is allowed, or None when it is allowed now."""
        now = datetime.now(timezone.utc)
        since = now - self.window
        waits = []
        with self.engine.connect() as db:
            for key in self.keys(name, address):
                rows = db.execute(
                    select(login_failures.c.at)
                    .where(and_(login_failures.c.key == key, login_failures.c.at > since))
                    .order_by(login_failures.c.at.desc())
                    .limit(MAX_FAILURES)
                ).fetchall()
                if len(rows) >= MAX_FAILURES:
                    oldest = rows[-1].at if rows[-1].at.tzinfo else rows[-1].at.replace(tzinfo=timezone.utc)
                    waits.append(oldest + self.window - now)
        return max(waits) if waits else None

    def failed(self, name: str, address: str) -> None:
        now = datetime.now(timezone.utc)
        with self.engine.begin() as db:
            db.execute(insert(login_failures), [{"key": key, "at": now} for key in self.keys(name, address)])
            db.execute(delete(login_failures).where(login_failures.c.at < now - self.window))

    def succeeded(self, name: str) -> None:
        with self.engine.begin() as db:
            db.execute(delete(login_failures).where(login_failures.c.key == self.keys(name, "")[0]))
