"""The unanswered inbox: groups of similar questions from the unanswered log that staff have not handled.

A wording that staff handled (added to an entry, made a new entry, dismissed) leaves the inbox; a
visitor asking it again afterwards brings it back, since the assistant still did not answer it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Dict, Iterable, List, Optional

from sqlalchemy import delete, insert, select
from sqlalchemy.engine import Engine

from bot.console.database import inbox_handled
from bot.faq.content import Faq, wording_key
from bot.faq.grouping import Group, group
from bot.faq.unanswered import Message, days_ago, log_path, unanswered_log

ACTIONS = ("added", "new_entry", "dismissed")
DAYS = 90  # how far back the inbox looks


@dataclass(frozen=True)
class InboxGroup:
    group: Group
    languages: Dict[str, str]  # each wording -> the language it was asked in


def _utc(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


class Inbox:
    def __init__(self, engine: Engine):
        self.engine = engine

    def handled(self) -> Dict[str, datetime]:
        with self.engine.connect() as db:
            return {row.wording: _utc(row.at) for row in db.execute(select(inbox_handled))}

    def mark(self, wordings: Iterable[str], action: str, author: str) -> None:
        keys = sorted({wording_key(w) for w in wordings if wording_key(w)})
        now = datetime.now(timezone.utc)
        with self.engine.begin() as db:
            db.execute(delete(inbox_handled).where(inbox_handled.c.wording.in_(keys)))
            if keys:
                db.execute(
                    insert(inbox_handled), [{"wording": k, "action": action, "author": author, "at": now} for k in keys]
                )

    def groups(self, faq: Optional[Faq]) -> List[InboxGroup]:
        if not log_path().exists():
            return []
        handled = self.handled()
        messages = [m for m in unanswered_log().messages(since=days_ago(DAYS)) if not _was_handled(m, handled)]
        languages = {m.text: m.language for m in messages}
        return [InboxGroup(g, {w: languages[w] for w in g.wordings}) for g in group(messages, faq)]


def _was_handled(message: Message, handled: Dict[str, datetime]) -> bool:
    at = handled.get(wording_key(message.text))
    return at is not None and _utc(message.at) <= at
