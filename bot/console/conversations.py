"""Visitors' conversations as staff read them: from the conversation store's events table (Rasa's SQL
tracker store schema), sender ids shown only as pseudonyms, each message with its outcome.

The outcome comes from the unanswered log: a message recorded there with 'fallback' was not answered,
with 'suggested' it was asked back ("did you mean"); any other message was answered.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import Dict, List, Optional, Tuple

from sqlalchemy import text

from bot.conversation_events import events_connection
from bot.faq.unanswered import log_path, unanswered_log
from bot.language import detect

OUTCOMES = ("answered", "asked_back", "not_answered")
_FROM_LOG = {"fallback": "not_answered", "suggested": "asked_back"}


@dataclass(frozen=True)
class Line:
    at: datetime
    by_visitor: bool
    text: str
    outcome: str = ""  # for a visitor's message
    intent: str = ""


@dataclass
class Conversation:
    pseudonym: str
    channel: str = ""
    lines: List[Line] = field(default_factory=list)

    @property
    def language(self) -> str:
        """The language of the visitor's latest message that has words: the one the conversation is in now."""
        languages = [detect(line.text) for line in self.lines if line.by_visitor]
        return next((lang for lang in reversed(languages) if lang), "en")

    @property
    def outcomes(self) -> set:
        return {line.outcome for line in self.lines if line.by_visitor}

    @property
    def last(self) -> datetime:
        return self.lines[-1].at


def _outcomes() -> Dict[Tuple[str, str], str]:
    """(sender hash, text) -> outcome, from the unanswered log."""
    if not log_path().exists():
        return {}
    return {(m.sender_hash, m.text): _FROM_LOG.get(m.outcome, "not_answered") for m in unanswered_log().messages()}


def read_conversations(days: int = 30) -> List[Conversation]:
    """Every conversation with a message in the last ``days`` days, the most recent first."""
    since = (datetime.now(timezone.utc) - timedelta(days=days)).timestamp()
    return _read("timestamp >= :since", since=since)


def conversation_of(sender_id: str) -> Optional[Conversation]:
    """One conversation, whole (the handoff's chat view shows staff what was said before)."""
    found = _read("sender_id = :sender", sender=sender_id)
    return found[0] if found else None


def _read(condition: str, **values) -> List[Conversation]:
    with events_connection() as db:
        if db is None:
            return []
        rows = db.execute(
            text(
                "SELECT sender_id, type_name, timestamp, data FROM events "
                f"WHERE type_name IN ('user', 'bot') AND {condition} ORDER BY id"
            ),
            values,
        ).fetchall()
    outcomes, hasher = _outcomes(), unanswered_log()
    found: Dict[str, Conversation] = {}
    for sender_id, kind, timestamp, data in rows:
        event = json.loads(data)
        hashed = hasher.sender_hash(sender_id)
        conversation = found.setdefault(sender_id, Conversation(f"visitor-{hashed[:8]}"))
        at = datetime.fromtimestamp(timestamp, timezone.utc)
        message = event.get("text") or ""
        if kind == "user":
            conversation.channel = event.get("input_channel") or conversation.channel or "unknown"
            intent = ((event.get("parse_data") or {}).get("intent") or {}).get("name") or ""
            conversation.lines.append(Line(at, True, message, outcomes.get((hashed, message), "answered"), intent))
        elif message:
            conversation.lines.append(Line(at, False, message))
    return sorted((c for c in found.values() if c.lines), key=lambda c: c.last, reverse=True)


def matching(
    conversations: List[Conversation], channel: str = "", language: str = "", outcome: str = ""
) -> List[Conversation]:
    return [
        c
        for c in conversations
        if (not channel or c.channel == channel)
        and (not language or c.language == language)
        and (not outcome or outcome in c.outcomes)
    ]


def visitor_messages(conversations: List[Conversation]) -> List[Tuple[Conversation, Line]]:
    return [(c, line) for c in conversations for line in c.lines if line.by_visitor]


def pseudonym_of(conversations: List[Conversation], pseudonym: str) -> Optional[Conversation]:
    return next((c for c in conversations if c.pseudonym == pseudonym), None)
