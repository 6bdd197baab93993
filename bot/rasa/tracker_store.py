"""Conversations in one SQLite file: Rasa's SQL tracker store, with the costs it has on SQLite taken out.

Same table, same rows and same answers as Rasa's SQLTrackerStore (tests/test_tracker_store.py compares
them), measured under load (docs/benchmarks.md):

- Rasa commits every message in SQLite's default rollback-journal mode, one fsync each, on the server's
  event loop. Write-ahead logging with synchronous=NORMAL keeps every committed message across a crash of
  the process (only a power cut can lose the last ones) and lets readers work while a message is written.
- SQLAlchemy 1.4 opens a new SQLite connection for every read and every write (its default pool for
  SQLite files keeps none). A pool keeps them open, so the journal settings are made once per connection.
- Rasa builds each read and write through SQLAlchemy's ORM and counts the stored events with a query
  before each write. Here they are two plain SQL statements, and the store knows which events are new:
  it loaded or saved the others itself.

For one Rasa server (as `qicc run` starts it). Several servers side by side need a server database:
Rasa's own store on PostgreSQL and a Redis lock store, which `qicc run` uses when QICC_DATABASE_URL and
QICC_REDIS_URL are set (bot/processes/servers.py, docs/replicas.md).
"""

from __future__ import annotations

import json
from collections import OrderedDict
from itertools import islice
from typing import Any, Dict, List, Optional, Text

import sqlalchemy as sa
from rasa.core.tracker_store import SQLTrackerStore, create_engine_kwargs
from rasa.shared.core.events import Event, SessionStarted
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.nlu.constants import INTENT_NAME_KEY

from bot.database import write_ahead
from bot.rasa.version import check_rasa_version

# Conversations whose stored-event count is remembered; an older one costs one count query again.
REMEMBERED_CONVERSATIONS = 10_000

# Rasa's query for a conversation's latest session: the events from its latest SessionStarted on, or
# all of them before the first one.
_LATEST_SESSION = """
    WITH latest AS (SELECT MAX(timestamp) AS start FROM events
                    WHERE sender_id = :sender_id AND type_name = :session_started)
    SELECT {columns} FROM events, latest
    WHERE sender_id = :sender_id AND (latest.start IS NULL OR timestamp >= latest.start)"""
LATEST_SESSION_EVENTS = sa.text(_LATEST_SESSION.format(columns="data") + " ORDER BY id")
LATEST_SESSION_COUNT = sa.text(_LATEST_SESSION.format(columns="COUNT(*)"))
ALL_EVENTS = sa.text("SELECT data FROM events WHERE sender_id = :sender_id ORDER BY id")


def _row(sender_id: Text, event: Event) -> Dict[str, Any]:
    """The events table's columns for one event, filled as Rasa fills them."""
    data = event.as_dict()
    return {
        "sender_id": sender_id,
        "type_name": event.type_name,
        "timestamp": data.get("timestamp"),
        "intent_name": data.get("parse_data", {}).get("intent", {}).get(INTENT_NAME_KEY),
        "action_name": data.get("name"),
        "data": json.dumps(data),
    }


class SQLiteTrackerStore(SQLTrackerStore):
    engine: Any  # made by SQLTrackerStore.__init__, replaced below

    def __init__(self, domain: Any = None, dialect: Text = "sqlite", db: Text = "rasa.db", **kwargs: Any) -> None:
        if dialect != "sqlite":
            raise ValueError(
                f"{type(self).__name__} keeps conversations in SQLite only, not {dialect}: "
                "for a server database use Rasa's own store (type: SQL) in endpoints.yml"
            )
        check_rasa_version()
        super().__init__(domain, dialect=dialect, db=db, **kwargs)
        url = self.engine.url
        self.engine.dispose()
        # Connections are used from the server's event loop thread, one operation at a time.
        self.engine = sa.create_engine(url, poolclass=sa.pool.QueuePool, pool_size=2, max_overflow=8)
        sa.event.listen(self.engine, "connect", write_ahead)
        self.sessionmaker = sa.orm.session.sessionmaker(bind=self.engine)
        self._insert = self.SQLEvent.__table__.insert()
        # sender id -> how many events of the tracker last loaded or saved for it are in the database.
        self._stored: "OrderedDict[Text, int]" = OrderedDict()

    async def _retrieve(self, sender_id: Text, fetch_events_from_all_sessions: bool) -> Optional[DialogueStateTracker]:
        query = ALL_EVENTS if fetch_events_from_all_sessions else LATEST_SESSION_EVENTS
        with self.engine.connect() as connection:
            rows = connection.execute(query, self._parameters(sender_id)).scalars().all()
        if not rows or not self.domain:
            return None
        tracker = DialogueStateTracker.from_dict(sender_id, [json.loads(row) for row in rows], self.domain.slots)
        if fetch_events_from_all_sessions:
            self._stored.pop(sender_id, None)  # not the count of the latest session's events
        else:
            self._remember(sender_id, len(tracker.events))
        return tracker

    async def save(self, tracker: DialogueStateTracker) -> None:
        await self.stream_events(tracker)
        with self.engine.begin() as connection:
            rows = [_row(tracker.sender_id, event) for event in self._new_events(connection, tracker)]
            if rows:
                connection.execute(self._insert, rows)
        self._remember(tracker.sender_id, len(tracker.events))

    def _new_events(self, connection: sa.engine.Connection, tracker: DialogueStateTracker) -> List[Event]:
        """The tracker's events not yet in the database.

        Rasa counts the stored events of the latest session with a query. The tracker Rasa saves is the one
        this store loaded (the latest session's events) or saved last, with the new events appended, and the
        lock store lets only one message of a conversation run at a time, so the number remembered then is
        that count. Without one (first message since start, or forgotten), the query answers.
        """
        stored = self._stored.get(tracker.sender_id)
        if stored is None or stored > len(tracker.events):
            stored = connection.execute(LATEST_SESSION_COUNT, self._parameters(tracker.sender_id)).scalar()
        return list(islice(tracker.events, stored, None))

    @staticmethod
    def _parameters(sender_id: Text) -> Dict[str, str]:
        return {"sender_id": sender_id, "session_started": SessionStarted.type_name}

    def _remember(self, sender_id: Text, count: int) -> None:
        self._stored[sender_id] = count
        self._stored.move_to_end(sender_id)
        if len(self._stored) > REMEMBERED_CONVERSATIONS:
            self._stored.popitem(last=False)


class PostgreSQLTrackerStore(SQLTrackerStore):
    """Rasa's SQL tracker store on PostgreSQL for replicas, its connections checked before each use.

    Rasa's own keeps pooled connections that a database restart has broken and hands the next message one
    of them: that message fails, and the REST channel answers it with an empty reply. Checking a
    connection first (SQLAlchemy's pool_pre_ping, one round trip) replaces a broken one instead.
    """

    engine: sa.engine.Engine

    def __init__(self, domain: Any = None, **kwargs: Any) -> None:
        super().__init__(domain, **kwargs)
        url = self.engine.url
        self.engine.dispose()
        self.engine = sa.create_engine(url, pool_pre_ping=True, **create_engine_kwargs(url))
        self.sessionmaker = sa.orm.session.sessionmaker(bind=self.engine)
