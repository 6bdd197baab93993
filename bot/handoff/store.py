"""Who has a conversation (the assistant or a person), what was said while a person had it, and who on the
staff is there to take one: the store behind the handoff, shared by the action server (a visitor asks for a
person), the Rasa server's channels (routing and delivering messages) and the console (staff answer).

Every change of who has a conversation is one conditional UPDATE (``... WHERE state = 'waiting'``), so that
two staff members taking the same visitor, or two replicas timing out the same wait, cannot both win: the
loser sees zero rows changed. A text for the visitor is written as 'pending' and delivered by whichever
server holds the visitor's channel, after it claimed the row the same way, so it goes out once.

In the stores' database (bot/database.py): state/handoff.sqlite3 on one machine, the shared PostgreSQL
database for replicas.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Dict, Iterable, List, Optional

import sqlalchemy as sa

from bot.database import handoff_messages, handoffs, staff_presence, store_engine
from bot.limits import printable
from bot.settings import settings

OPEN = ("waiting", "active", "message")
OUTCOMES = ("answered", "timed_out", "message_left", "cancelled")
PRESENCE_SECONDS = 90  # a console page sends a heartbeat every 20 s; after this long without, nobody is there
STALE_CLAIM_SECONDS = 60  # a delivery claimed this long ago by a server that stopped is tried again


@dataclass(frozen=True)
class Handoff:
    id: int
    conversation: str
    channel: str
    language: str
    state: str
    outcome: str
    staff: str
    contact: str
    created_at: float
    taken_at: Optional[float]
    closed_at: Optional[float]
    answered_at: Optional[float]

    @property
    def is_open(self) -> bool:
        return self.state in OPEN


@dataclass(frozen=True)
class Message:
    id: int
    handoff: int
    author: str  # 'visitor', 'staff' or 'assistant'
    staff: str
    text: str
    at: float
    state: str
    error: str


@dataclass(frozen=True)
class Delivery:
    """A text claimed for delivery to a visitor."""

    message: Message
    conversation: str
    channel: str


def _handoff(row: sa.engine.Row) -> Handoff:
    return Handoff(**{column: getattr(row, column) for column in Handoff.__dataclass_fields__})


def _message(row: sa.engine.Row) -> Message:
    return Message(**{column: getattr(row, column) for column in Message.__dataclass_fields__})


class Handoffs:
    def __init__(self, engine: sa.engine.Engine, clock=time.time):
        self.engine = engine
        self.clock = clock

    # --- A conversation's owner -----------------------------------------------------------------------

    def open_for(self, conversation: str) -> Optional[Handoff]:
        """The conversation's handoff that is not closed, if any."""
        query = sa.select(handoffs).where(handoffs.c.conversation == conversation, handoffs.c.state.in_(OPEN))
        with self.engine.connect() as db:
            row = db.execute(query.order_by(handoffs.c.id.desc()).limit(1)).first()
        return _handoff(row) if row else None

    def get(self, handoff_id: int) -> Optional[Handoff]:
        with self.engine.connect() as db:
            row = db.execute(sa.select(handoffs).where(handoffs.c.id == handoff_id)).first()
        return _handoff(row) if row else None

    def open(self, conversation: str, channel: str, language: str, state: str) -> Handoff:
        """The conversation's open handoff, or a new one in ``state`` ('waiting' or 'message')."""
        with self.engine.begin() as db:
            existing = db.execute(
                sa.select(handoffs.c.id).where(handoffs.c.conversation == conversation, handoffs.c.state.in_(OPEN))
            ).scalar()
            if existing is None:
                existing = db.execute(
                    handoffs.insert().values(
                        conversation=conversation,
                        channel=channel,
                        language=language,
                        state=state,
                        created_at=self.clock(),
                    )
                ).inserted_primary_key[0]
        found = self.get(existing)
        assert found is not None
        return found

    def _move(self, handoff_id: int, from_states: Iterable[str], **values) -> bool:
        """Change a handoff only if it is still in one of ``from_states``: True for the one caller that did."""
        with self.engine.begin() as db:
            changed = db.execute(
                handoffs.update()
                .where(handoffs.c.id == handoff_id, handoffs.c.state.in_(tuple(from_states)))
                .values(**values)
            ).rowcount
        return changed == 1

    def take(self, handoff_id: int, staff: str) -> bool:
        return self._move(handoff_id, ("waiting",), state="active", staff=staff, taken_at=self.clock())

    def take_message(self, handoff_id: int) -> bool:
        """A wait that ran out becomes the taking of a message."""
        return self._move(handoff_id, ("waiting",), state="message", outcome="timed_out")

    def close(self, handoff_id: int, outcome: str, contact: str = "") -> bool:
        assert outcome in OUTCOMES, outcome
        values = {"state": "closed", "outcome": outcome, "closed_at": self.clock()}
        if contact:
            values["contact"] = contact
        return self._move(handoff_id, OPEN, **values)

    def mark_answered(self, handoff_id: int) -> None:
        """A left message answered from the console."""
        with self.engine.begin() as db:
            db.execute(handoffs.update().where(handoffs.c.id == handoff_id).values(answered_at=self.clock()))

    def older_than(self, state: str, minutes: float) -> List[Handoff]:
        """Handoffs in ``state`` that began more than ``minutes`` ago."""
        cutoff = self.clock() - minutes * 60
        query = sa.select(handoffs).where(handoffs.c.state == state, handoffs.c.created_at < cutoff)
        with self.engine.connect() as db:
            return [_handoff(row) for row in db.execute(query)]

    # --- Lists for the console ------------------------------------------------------------------------

    def in_state(self, *states: str, staff: str = "") -> List[Handoff]:
        query = sa.select(handoffs).where(handoffs.c.state.in_(states))
        if staff:
            query = query.where(handoffs.c.staff == staff)
        with self.engine.connect() as db:
            return [_handoff(row) for row in db.execute(query.order_by(handoffs.c.created_at))]

    def left_messages(self, limit: int = 100) -> List[Handoff]:
        """Messages visitors left, unanswered first, newest first within each."""
        query = (
            sa.select(handoffs)
            .where(handoffs.c.outcome == "message_left")
            .order_by(handoffs.c.answered_at.is_not(None), handoffs.c.created_at.desc())
            .limit(limit)
        )
        with self.engine.connect() as db:
            return [_handoff(row) for row in db.execute(query)]

    def outcomes(self, since: float) -> Dict[str, int]:
        """Closed handoffs since ``since`` by outcome, and the ones still open."""
        query = (
            sa.select(handoffs.c.state, handoffs.c.outcome, sa.func.count())
            .where(handoffs.c.created_at >= since)
            .group_by(handoffs.c.state, handoffs.c.outcome)
        )
        counts = dict.fromkeys((*OUTCOMES, "open"), 0)
        with self.engine.connect() as db:
            for state, outcome, count in db.execute(query):
                key = outcome if state == "closed" else "open"
                counts[key] = counts.get(key, 0) + count
        return counts

    def typical_wait(self, default_seconds: float = 120, last: int = 20) -> float:
        """The median time staff took to take one of the last ``last`` visitors (``default_seconds`` with none)."""
        query = (
            sa.select(handoffs.c.taken_at - handoffs.c.created_at)
            .where(handoffs.c.taken_at.is_not(None))
            .order_by(handoffs.c.id.desc())
            .limit(last)
        )
        with self.engine.connect() as db:
            waits = sorted(db.execute(query).scalars())
        return waits[len(waits) // 2] if waits else default_seconds

    # --- What was said --------------------------------------------------------------------------------

    def add(self, handoff_id: int, author: str, text: str, staff: str = "") -> int:
        """Record a text; one for the visitor (staff's, the assistant's) waits as 'pending' for delivery."""
        state = "received" if author == "visitor" else "pending"
        with self.engine.begin() as db:
            return db.execute(
                handoff_messages.insert().values(
                    handoff=handoff_id,
                    author=author,
                    staff=staff,
                    text=printable(text) if author == "visitor" else text,
                    at=self.clock(),
                    state=state,
                )
            ).inserted_primary_key[0]

    def messages(self, handoff_id: int, after: int = 0) -> List[Message]:
        query = sa.select(handoff_messages).where(
            handoff_messages.c.handoff == handoff_id, handoff_messages.c.id > after
        )
        with self.engine.connect() as db:
            return [_message(row) for row in db.execute(query.order_by(handoff_messages.c.id))]

    def last_visitor_message_at(self, conversation: str) -> Optional[float]:
        query = (
            sa.select(sa.func.max(handoff_messages.c.at))
            .select_from(handoff_messages.join(handoffs, handoffs.c.id == handoff_messages.c.handoff))
            .where(handoffs.c.conversation == conversation, handoff_messages.c.author == "visitor")
        )
        with self.engine.connect() as db:
            return db.execute(query).scalar()

    # --- Delivery to the visitor ----------------------------------------------------------------------

    def undelivered(self, channels: Iterable[str] = (), conversation: str = "") -> List[Delivery]:
        """Texts waiting for a visitor on one of ``channels`` (or in one ``conversation``), oldest first: not
        yet claimed, or claimed by a server that stopped before it delivered them."""
        stale = self.clock() - STALE_CLAIM_SECONDS
        waiting = sa.or_(
            handoff_messages.c.state == "pending",
            sa.and_(handoff_messages.c.state == "sending", handoff_messages.c.claimed_at < stale),
        )
        query = (
            sa.select(handoff_messages, handoffs.c.conversation, handoffs.c.channel)
            .select_from(handoff_messages.join(handoffs, handoffs.c.id == handoff_messages.c.handoff))
            .where(waiting)
        )
        query = (
            query.where(handoffs.c.conversation == conversation)
            if conversation
            else query.where(handoffs.c.channel.in_(tuple(channels)))
        )
        with self.engine.connect() as db:
            return [
                Delivery(_message(row), row.conversation, row.channel)
                for row in db.execute(query.order_by(handoff_messages.c.id))
            ]

    def claim(self, delivery: Delivery) -> bool:
        """Take a text for delivery: True for the one server that does, so that it goes out once."""
        now = self.clock()
        # A claim taken over from a server that stopped is still 'sending': only while that claim is stale,
        # or two servers taking it over at once would both win (state 'sending' matches for both) and the
        # visitor would get the text twice. The first one's new claimed_at makes it fresh for the second.
        still_stale = (
            [handoff_messages.c.claimed_at < now - STALE_CLAIM_SECONDS] if delivery.message.state == "sending" else []
        )
        return self._set_message(
            delivery.message.id, delivery.message.state, *still_stale, state="sending", claimed_at=now
        )

    def _set_message(self, message_id: int, from_state: str, *conditions: sa.ColumnElement, **values) -> bool:
        with self.engine.begin() as db:
            return (
                db.execute(
                    handoff_messages.update()
                    .where(handoff_messages.c.id == message_id, handoff_messages.c.state == from_state, *conditions)
                    .values(**values)
                ).rowcount
                == 1
            )

    def delivered(self, message_id: int) -> None:
        self._set_message(message_id, "sending", state="delivered")

    def failed(self, message_id: int, error: str) -> None:
        self._set_message(message_id, "sending", state="failed", error=error)

    # --- Staff who are there --------------------------------------------------------------------------

    def seen(self, name: str, available: Optional[bool] = None) -> None:
        """A console heartbeat of ``name``; ``available`` changes whether they take visitors."""
        values = {"seen_at": self.clock(), **({"available": available} if available is not None else {})}
        with self.engine.begin() as db:
            if db.execute(staff_presence.update().where(staff_presence.c.name == name).values(**values)).rowcount == 0:
                db.execute(staff_presence.insert().values(name=name, available=bool(available), seen_at=self.clock()))

    def away(self, name: str) -> None:
        """Signed out: no longer counted as there."""
        with self.engine.begin() as db:
            db.execute(staff_presence.delete().where(staff_presence.c.name == name))

    def is_available(self, name: str) -> bool:
        with self.engine.connect() as db:
            return bool(db.execute(sa.select(staff_presence.c.available).where(staff_presence.c.name == name)).scalar())

    def available_staff(self) -> List[str]:
        """Staff with a console open (a recent heartbeat) who said they take visitors."""
        query = sa.select(staff_presence.c.name).where(
            staff_presence.c.available.is_(True), staff_presence.c.seen_at >= self.clock() - PRESENCE_SECONDS
        )
        with self.engine.connect() as db:
            return list(db.execute(query.order_by(staff_presence.c.name)).scalars())

    # --- Privacy (bot/retention.py) -------------------------------------------------------------------

    def prune(self, before: float) -> int:
        """Remove closed handoffs (and what was said) closed before ``before``; return how many."""
        return self._remove(sa.and_(handoffs.c.state == "closed", handoffs.c.closed_at < before))

    def forget(self, conversation: str) -> int:
        return self._remove(handoffs.c.conversation == conversation)

    def _remove(self, condition: sa.ColumnElement) -> int:
        with self.engine.begin() as db:
            ids = db.execute(sa.select(handoffs.c.id).where(condition)).scalars().all()
            if ids:
                db.execute(handoff_messages.delete().where(handoff_messages.c.handoff.in_(ids)))
                db.execute(handoffs.delete().where(handoffs.c.id.in_(ids)))
        return len(ids)


def handoff_path() -> Path:
    return settings().state_dir / "handoff.sqlite3"


@lru_cache(maxsize=None)
def _handoffs(path: Path, database_url: str) -> Handoffs:
    return Handoffs(store_engine(path))


def handoff_store() -> Handoffs:
    """This process's store (one per state folder and database, so tests that change them get their own)."""
    return _handoffs(handoff_path(), settings().database_url)
