"""The database behind our own stores: a SQLite file each on one machine, one PostgreSQL database for replicas.

Every store (WeChat duplicate messages, offered choices and access tokens, the unanswered log) asks
``store_engine(its_sqlite_file)``: with QICC_DATABASE_URL empty it gets an engine on that file (the
embedded default, nothing to install); with a postgresql:// URL every store gets the same engine on that
database, so replicas on several machines share them. The stores write plain SQL that both understand
(``INSERT ... ON CONFLICT``), so there is one code path, not one per database.

The schema is versioned (``schema_version``) and brought up to date by ``upgrade()``: by `qicc db
upgrade` before replicas start, and by the first store opened in each process. It only creates what is
missing, under a lock on PostgreSQL, so running it again, or while replicas serve, changes nothing.
"""

from __future__ import annotations

import logging
import threading
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable, List

import sqlalchemy as sa

from bot.settings import settings

log = logging.getLogger(__name__)

metadata = sa.MetaData()

seen_messages = sa.Table(
    "seen_messages",
    metadata,  # WeChat's duplicate-message memory (bot/channels/wechat/dedup.py)
    sa.Column("key", sa.Text, primary_key=True),
    sa.Column("state", sa.Text, nullable=False),
    sa.Column("reply", sa.Text, nullable=False, server_default=""),
    sa.Column("at", sa.Float(precision=53), nullable=False, index=True),
)
seen_nonces = sa.Table(
    "seen_nonces",
    metadata,  # plaintext mode's replay memory (bot/channels/wechat/nonces.py)
    sa.Column("pair", sa.Text, primary_key=True),
    sa.Column("body", sa.Text, nullable=False),
    sa.Column("until", sa.Float(precision=53), nullable=False, index=True),
)
offered_choices = sa.Table(
    "offered_choices",
    metadata,  # numbered buttons offered on WeChat (bot/channels/wechat/choices.py)
    sa.Column("visitor", sa.Text, primary_key=True),
    sa.Column("payloads", sa.Text, nullable=False),
    sa.Column("at", sa.Float(precision=53), nullable=False),
)
access_tokens = sa.Table(
    "access_tokens",
    metadata,  # WeChat and WeCom API tokens (bot/channels/wechat/tokens.py)
    sa.Column("account", sa.Text, primary_key=True),
    sa.Column("value", sa.Text, nullable=False),
    sa.Column("renew_at", sa.Float(precision=53), nullable=False),
    sa.Column("expires_at", sa.Float(precision=53), nullable=False),
)
token_refreshes = sa.Table(
    "token_refreshes",
    metadata,  # who is fetching a new token, until when: one fetch across replicas
    sa.Column("account", sa.Text, primary_key=True),
    sa.Column("until", sa.Float(precision=53), nullable=False),
)
unanswered = sa.Table(
    "unanswered",
    metadata,  # messages no answer covered (bot/faq/unanswered.py)
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("at", sa.Text, nullable=False, index=True),  # ISO 8601 in UTC, so that text order is time order
    sa.Column("language", sa.Text, nullable=False),
    sa.Column("channel", sa.Text, nullable=False),
    sa.Column("sender_hash", sa.Text, nullable=False),
    sa.Column("outcome", sa.Text, nullable=False),  # 'fallback': no answer; 'suggested': closest offered
)
meta = sa.Table(
    "meta",
    metadata,  # named values of the stores (where an older version kept the sender-hash key)
    sa.Column("name", sa.Text, primary_key=True),
    sa.Column("value", sa.Text, nullable=False),
)
accounts = sa.Table(
    "staff_accounts",
    metadata,  # staff console accounts (bot/console/accounts.py)
    sa.Column("name", sa.String(64), primary_key=True),
    sa.Column("role", sa.String(16), nullable=False),  # 'admin' or 'editor'
    sa.Column("password_hash", sa.String(256), nullable=False),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
)

sessions = sa.Table(
    "staff_sessions",
    metadata,  # staff console sessions (bot/console/sessions.py)
    # A SHA-256 of the cookie's value: a copy of the database does not let anyone log in.
    sa.Column("token_hash", sa.String(64), primary_key=True),
    sa.Column("name", sa.String(64), nullable=False, index=True),
    sa.Column("csrf", sa.String(64), nullable=False),
    sa.Column("last_seen", sa.DateTime(timezone=True), nullable=False),
)

login_failures = sa.Table(
    "staff_login_failures",
    metadata,  # login throttling (bot/console/throttle.py)
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("key", sa.String(200), nullable=False, index=True),  # 'name:...' or 'address:...'
    sa.Column("at", sa.DateTime(timezone=True), nullable=False),
)

changes = sa.Table(
    "content_changes",
    metadata,  # every change of a content file (bot/console/history.py)
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("file", sa.String(200), nullable=False, index=True),  # name inside the content folder
    sa.Column("author", sa.String(64), nullable=False),
    sa.Column("at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("summary", sa.Text, nullable=False),
    sa.Column("diff", sa.Text, nullable=False),
    sa.Column("text", sa.Text, nullable=False),  # the whole file after the change, so any version can be restored
)

inbox_handled = sa.Table(
    "inbox_handled",
    metadata,  # unanswered questions staff handled (bot/console/inbox.py)
    sa.Column("wording", sa.String(500), primary_key=True),  # the normalized wording (bot.faq.content.wording_key)
    sa.Column("action", sa.String(32), nullable=False),  # 'added', 'new_entry' or 'dismissed'
    sa.Column("author", sa.String(64), nullable=False),
    sa.Column("at", sa.DateTime(timezone=True), nullable=False),
)
handoffs = sa.Table(
    "handoffs",
    metadata,  # conversations handed to staff (bot/handoff/store.py)
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("conversation", sa.Text, nullable=False, index=True),  # the tracker's sender id, to deliver to
    sa.Column("channel", sa.String(32), nullable=False),
    sa.Column("language", sa.String(8), nullable=False),
    # 'waiting' for staff, 'active' with a staff member, 'message' taking a message, 'closed'.
    sa.Column("state", sa.String(16), nullable=False, index=True),
    # Of a closed one: 'answered', 'timed_out', 'message_left', 'cancelled'.
    sa.Column("outcome", sa.String(16), nullable=False, server_default=""),
    sa.Column("staff", sa.String(64), nullable=False, server_default=""),  # who took it
    sa.Column("contact", sa.Text, nullable=False, server_default=""),  # a left message's e-mail or phone
    sa.Column("created_at", sa.Float(precision=53), nullable=False),  # Unix times, like the other stores'
    sa.Column("taken_at", sa.Float(precision=53)),
    sa.Column("closed_at", sa.Float(precision=53)),
    sa.Column("answered_at", sa.Float(precision=53)),  # a left message answered from the console
)
handoff_messages = sa.Table(
    "handoff_messages",
    metadata,  # what visitor, staff and assistant wrote while a person had it
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("handoff", sa.Integer, sa.ForeignKey("handoffs.id", ondelete="CASCADE"), nullable=False, index=True),
    sa.Column("author", sa.String(16), nullable=False),  # 'visitor', 'staff' or 'assistant'
    sa.Column("staff", sa.String(64), nullable=False, server_default=""),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("at", sa.Float(precision=53), nullable=False),
    # Of a text for the visitor: 'pending', 'sending', 'delivered', 'failed'; a visitor's: 'received'.
    sa.Column("state", sa.String(16), nullable=False, index=True),
    sa.Column("error", sa.Text, nullable=False, server_default=""),  # why a delivery failed, for staff
    sa.Column("claimed_at", sa.Float(precision=53)),
)
staff_presence = sa.Table(
    "staff_presence",
    metadata,  # who is signed in to the console and takes visitors (bot/handoff/store.py)
    sa.Column("name", sa.String(64), primary_key=True),
    sa.Column("available", sa.Boolean, nullable=False),
    sa.Column("seen_at", sa.Float(precision=53), nullable=False),  # the console page's last heartbeat
)
page_changes = sa.Table(
    "page_changes",
    metadata,  # every change to the pages index, for the other replicas to make too (bot/news/journal.py)
    sa.Column("revision", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("origin", sa.Text, nullable=False),  # the page's identity (Article.origin)
    sa.Column("article", sa.Text),  # the page's fields as JSON; NULL: the page was removed
    sa.Column("at", sa.Float(precision=53), nullable=False),
)
schema_version = sa.Table(
    "schema_version",
    metadata,
    sa.Column("version", sa.Integer, primary_key=True),
)


def _create_missing_tables(connection: sa.engine.Connection) -> None:
    metadata.create_all(connection, checkfirst=True)


def _add_handoff_tables(connection: sa.engine.Connection) -> None:
    metadata.create_all(connection, tables=[handoffs, handoff_messages, staff_presence], checkfirst=True)


def _add_page_changes(connection: sa.engine.Connection) -> None:
    page_changes.create(connection, checkfirst=True)


# Version n is reached by MIGRATIONS[n - 1]; append new steps, never change an old one.
MIGRATIONS: List[Callable[[sa.engine.Connection], None]] = [
    _create_missing_tables,
    _add_handoff_tables,
    _add_page_changes,
]
LATEST = len(MIGRATIONS)
_UPGRADE_LOCK = 711_011  # PostgreSQL advisory lock key held while the schema is upgraded


def write_ahead(connection: Any, _record: Any = None) -> None:
    """Tune a new SQLite connection (also an SQLAlchemy "connect" listener): with write-ahead logging
    readers do not wait for a writer, other processes share the file, and synchronous=NORMAL keeps every
    commit across a crash of the process (only a power cut may lose the last ones), one fsync a checkpoint."""
    cursor = connection.cursor()
    cursor.execute("PRAGMA journal_mode = WAL")
    cursor.execute("PRAGMA synchronous = NORMAL")
    cursor.close()


@lru_cache(maxsize=None)
def _engine(url: str) -> sa.engine.Engine:
    if url.startswith("sqlite"):
        engine = sa.create_engine(
            url,
            poolclass=sa.pool.QueuePool,
            pool_size=1,
            max_overflow=4,
            connect_args={"timeout": 5, "check_same_thread": False},
        )
        sa.event.listen(engine, "connect", write_ahead)
    else:
        # pre_ping: a connection that a database restart broke is replaced, not handed to a store.
        engine = sa.create_engine(url, pool_pre_ping=True, pool_size=2, max_overflow=8)
    upgrade(engine)
    return engine


def shared_engine(url: str) -> sa.engine.Engine:
    """The engine of the shared database at ``url`` (replicas), its schema upgraded."""
    return _engine(url)


def store_engine(sqlite_file: Path) -> sa.engine.Engine:
    """The engine a store uses: the shared database when QICC_DATABASE_URL is set, else ``sqlite_file``."""
    url = settings().database_url
    if not url:
        sqlite_file.parent.mkdir(parents=True, exist_ok=True)
        sqlite_file.touch(mode=0o600, exist_ok=True)  # it may hold an access token: this user only
        url = f"sqlite:///{sqlite_file}"
    return _engine(url)


_upgrading = threading.Lock()


def upgrade(engine: sa.engine.Engine) -> int:
    """Bring the schema to the latest version; return the version it had before."""
    with _upgrading, engine.begin() as connection:
        if engine.dialect.name == "postgresql":
            # Transactional DDL under a lock: replicas starting together upgrade one after the other.
            connection.execute(sa.text("SELECT pg_advisory_xact_lock(:key)"), {"key": _UPGRADE_LOCK})
        else:
            connection.exec_driver_sql("BEGIN IMMEDIATE")  # SQLite: one writer, other processes wait
        schema_version.create(connection, checkfirst=True)
        before = connection.execute(sa.select(sa.func.max(schema_version.c.version))).scalar() or 0
        for version in range(before + 1, LATEST + 1):
            MIGRATIONS[version - 1](connection)
            connection.execute(schema_version.insert(), {"version": version})
            log.debug("Store schema of %s upgraded to version %d", engine.url.render_as_string(), version)
    return before
