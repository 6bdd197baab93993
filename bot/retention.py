"""How long the assistant keeps what visitors wrote, and removing one visitor's data on request.

Conversations (the tracker store's events) whose last message is older than the retention period go
whole; unanswered-log entries and closed handoffs (with what visitor and staff wrote, and a left
message's contact) older than it go one by one. `qicc run` prunes once a day, `qicc state
prune` on demand. What is kept and for how long: docs/privacy.md.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

import sqlalchemy as sa

from bot.conversation_events import events_connection
from bot.handoff.store import handoff_store
from bot.faq.unanswered import log_path, now, unanswered_log
from bot.settings import settings


@dataclass(frozen=True)
class Removed:
    conversations: int
    messages: int  # tracker events of those conversations
    unanswered: int
    handoffs: int = 0  # conversations handed to staff, with what was said and any contact left


def _has_unanswered() -> bool:
    return bool(settings().database_url) or log_path().exists()


_DELETE = sa.text("DELETE FROM events WHERE sender_id = :sender")


def prune(days: int) -> Removed:
    """Remove what is older than ``days`` days."""
    cutoff = now() - timedelta(days=days)
    conversations = messages = unanswered = 0
    with events_connection() as db:
        if db is not None:
            stale = (
                db.execute(
                    sa.text("SELECT sender_id FROM events GROUP BY sender_id HAVING MAX(timestamp) < :t"),
                    {"t": cutoff.timestamp()},
                )
                .scalars()
                .all()
            )
            for sender in stale:
                messages += db.execute(_DELETE, {"sender": sender}).rowcount
            conversations = len(stale)
    if _has_unanswered():
        unanswered = unanswered_log().prune(cutoff)
    return Removed(conversations, messages, unanswered, handoff_store().prune(cutoff.timestamp()))


def forget(conversation: str) -> Removed:
    """Remove one conversation (e.g. ``wechat`` visitor ``oAbc...``: the id `qicc state forget --help` shows)."""
    messages = unanswered = 0
    with events_connection() as db:
        if db is not None:
            messages = db.execute(_DELETE, {"sender": conversation}).rowcount
    if _has_unanswered():
        unanswered = unanswered_log().forget(conversation)
    return Removed(int(messages > 0), messages, unanswered, handoff_store().forget(conversation))
