"""Staff accounts: a name, a role (admin or editor) and an Argon2 password hash."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import List, Optional

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import delete, insert, select, update
from sqlalchemy.engine import Engine

from bot.console.database import accounts

ROLES = ("admin", "editor")
NAME_PATTERN = re.compile(r"^[A-Za-z0-9_.@-]{1,64}$")
MIN_PASSWORD = 10
_hasher = PasswordHasher()
# Verified when the name is unknown, so that a wrong name takes as long as a wrong password.
_DUMMY_HASH = _hasher.hash("no such account")


class AccountError(ValueError):
    """A request the accounts store refuses; the message says what to do instead."""


@dataclass(frozen=True)
class Account:
    name: str
    role: str
    created_at: datetime

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"


def check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise AccountError(f"the password needs at least {MIN_PASSWORD} characters")


class Accounts:
    def __init__(self, engine: Engine):
        self.engine = engine

    def add(self, name: str, role: str, password: str) -> Account:
        if not NAME_PATTERN.match(name):
            raise AccountError("a name is 1 to 64 letters, digits or . _ @ -")
        if role not in ROLES:
            raise AccountError(f"the role is one of: {', '.join(ROLES)}")
        check_password(password)
        if self.get(name):
            raise AccountError(f"there is already an account named {name}")
        now = datetime.now(timezone.utc)
        with self.engine.begin() as db:
            db.execute(
                insert(accounts).values(name=name, role=role, password_hash=_hasher.hash(password), created_at=now)
            )
        return Account(name, role, now)

    def get(self, name: str) -> Optional[Account]:
        with self.engine.connect() as db:
            row = db.execute(select(accounts).where(accounts.c.name == name)).first()
        return Account(row.name, row.role, row.created_at) if row else None

    def all(self) -> List[Account]:
        with self.engine.connect() as db:
            rows = db.execute(select(accounts).order_by(accounts.c.name)).fetchall()
        return [Account(r.name, r.role, r.created_at) for r in rows]

    def set_password(self, name: str, password: str) -> None:
        check_password(password)
        self._update(name, password_hash=_hasher.hash(password))

    def set_role(self, name: str, role: str) -> None:
        if role not in ROLES:
            raise AccountError(f"the role is one of: {', '.join(ROLES)}")
        if role != "admin":
            self._keep_an_admin(name)
        self._update(name, role=role)

    def remove(self, name: str) -> None:
        self._keep_an_admin(name)
        with self.engine.begin() as db:
            if not db.execute(delete(accounts).where(accounts.c.name == name)).rowcount:
                raise AccountError(f"there is no account named {name}")

    def verify(self, name: str, password: str) -> Optional[Account]:
        """The account when the password is right, otherwise None (same work either way)."""
        with self.engine.connect() as db:
            row = db.execute(select(accounts).where(accounts.c.name == name)).first()
        try:
            _hasher.verify(row.password_hash if row else _DUMMY_HASH, password)
        except (VerificationError, InvalidHashError):
            return None
        if not row:
            return None
        if _hasher.check_needs_rehash(row.password_hash):
            self._update(name, password_hash=_hasher.hash(password))
        return Account(row.name, row.role, row.created_at)

    def _update(self, name: str, **values) -> None:
        with self.engine.begin() as db:
            if not db.execute(update(accounts).where(accounts.c.name == name).values(**values)).rowcount:
                raise AccountError(f"there is no account named {name}")

    def _keep_an_admin(self, name: str) -> None:
        """The console must keep someone who can manage accounts."""
        account = self.get(name)
        if account and account.is_admin and sum(a.is_admin for a in self.all()) == 1:
            raise AccountError(f"{name} is the only admin; make another admin first")
