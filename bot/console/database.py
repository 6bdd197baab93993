"""The database of the console's stores (accounts, sessions, login failures, change history).

SQLAlchemy Core against one URL (QICC_DATABASE_URL), so that the same code runs on the embedded
SQLite file in the state folder and on a PostgreSQL server shared by replicas.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from sqlalchemy import (Column, DateTime, Integer, MetaData, String, Table, Text, create_engine, event)
from sqlalchemy.engine import Engine

from bot.settings import settings

metadata = MetaData()

accounts = Table(
    "staff_accounts", metadata,
    Column("name", String(64), primary_key=True),
    Column("role", String(16), nullable=False),  # 'admin' or 'editor'
    Column("password_hash", String(256), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

sessions = Table(
    "staff_sessions", metadata,
    # A SHA-256 of the cookie's value: a copy of the database does not let anyone log in.
    Column("token_hash", String(64), primary_key=True),
    Column("name", String(64), nullable=False, index=True),
    Column("csrf", String(64), nullable=False),
    Column("last_seen", DateTime(timezone=True), nullable=False),
)

login_failures = Table(
    "staff_login_failures", metadata,
    Column("id", Integer, primary_key=True),
    Column("key", String(200), nullable=False, index=True),  # 'name:...' or 'address:...'
    Column("at", DateTime(timezone=True), nullable=False),
)

changes = Table(
    "content_changes", metadata,
    Column("id", Integer, primary_key=True),
    Column("file", String(200), nullable=False, index=True),  # name inside the content folder
    Column("author", String(64), nullable=False),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("summary", Text, nullable=False),
    Column("diff", Text, nullable=False),
    Column("text", Text, nullable=False),  # the whole file after the change, so any version can be restored
)

inbox_handled = Table(
    "inbox_handled", metadata,
    Column("wording", String(500), primary_key=True),  # the normalized wording (bot.faq.content.normalize)
    Column("action", String(32), nullable=False),  # 'added', 'new_entry' or 'dismissed'
    Column("author", String(64), nullable=False),
    Column("at", DateTime(timezone=True), nullable=False),
)


def database_url() -> str:
    config = settings()
    return config.database_url or f"sqlite:///{config.state_dir / 'console.sqlite3'}"


@lru_cache(maxsize=None)
def _engine_for(url: str) -> Engine:
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"timeout": 10, "check_same_thread": False})
        event.listen(engine, "connect", _sqlite_pragmas)
    else:
        engine = create_engine(url, pool_pre_ping=True)
    metadata.create_all(engine)
    return engine


def _sqlite_pragmas(connection, _record) -> None:
    # WAL: the CLI and the console may use the file at the same time.
    connection.execute("PRAGMA journal_mode=WAL")


def engine() -> Engine:
    """One engine (and connection pool) per database URL."""
    url = database_url()
    if url.startswith("sqlite:///"):
        Path(url[len("sqlite:///"):]).parent.mkdir(parents=True, exist_ok=True)
    return _engine_for(url)
