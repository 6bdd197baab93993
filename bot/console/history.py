"""The change history of the content files: who changed which file when, the diff, and the whole text after
the change, so that an admin can restore any earlier version. Pages ingested into or removed from the
pages index are in it too (``note``): who, when and which pages, with no version to restore."""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import List, Optional

from sqlalchemy import desc, insert, select
from sqlalchemy.engine import Engine

from bot.console.database import changes

HAND_EDIT = "(by hand)"  # the author of a version found in the file that the console did not write
PAGES_INDEX = "(pages index)"  # the "file" of the changes to the pages index
MODEL = "(model)"  # the "file" of the trainings that made a model live
# What is changed without being a content file, as the history names it (a text key of the console).
RECORDS = {PAGES_INDEX: "nav_pages", MODEL: "nav_training"}


@dataclass(frozen=True)
class Change:
    id: int
    file: str
    author: str
    at: datetime
    summary: str
    diff: str
    text: str


def unified_diff(old: str, new: str, file: str) -> str:
    return "".join(
        difflib.unified_diff(old.splitlines(True), new.splitlines(True), f"{file} (before)", f"{file} (after)", n=2)
    )


def _change(row) -> Change:
    at = row.at if row.at.tzinfo else row.at.replace(tzinfo=timezone.utc)
    return Change(row.id, row.file, row.author, at, row.summary, row.diff, row.text)


class History:
    def __init__(self, engine: Engine):
        self.engine = engine

    def record(self, file: str, author: str, summary: str, old: str, new: str) -> int:
        """Keep one change; a version in the file that the history does not know (a hand edit) is kept
        first, so that it can be restored too."""
        latest = self.latest(file)
        if latest is None or latest.text != old:
            base = latest.text if latest else ""
            self._insert(
                file, HAND_EDIT, "the file as it was before the console's change", unified_diff(base, old, file), old
            )
        return self._insert(file, author, summary, unified_diff(old, new, file), new)

    def note(self, author: str, summary: str, lines: List[str], record: str = PAGES_INDEX) -> int:
        """A change to one of RECORDS, by default the pages index: ``lines`` say what changed ("+ ..." added,
        "- ..." removed)."""
        return self._insert(record, author, summary, "".join(f"{line}\n" for line in lines), "")

    def _insert(self, file: str, author: str, summary: str, diff: str, text: str) -> int:
        with self.engine.begin() as db:
            result = db.execute(
                insert(changes).values(
                    file=file, author=author, at=datetime.now(timezone.utc), summary=summary, diff=diff, text=text
                )
            )
            return result.inserted_primary_key[0]

    def latest(self, file: str) -> Optional[Change]:
        with self.engine.connect() as db:
            row = db.execute(
                select(changes).where(changes.c.file == file).order_by(desc(changes.c.id)).limit(1)
            ).first()
        return _change(row) if row else None

    def get(self, change_id: int) -> Optional[Change]:
        with self.engine.connect() as db:
            row = db.execute(select(changes).where(changes.c.id == change_id)).first()
        return _change(row) if row else None

    def recent(self, file: Optional[str] = None, limit: int = 100) -> List[Change]:
        query = select(changes).order_by(desc(changes.c.id)).limit(limit)
        if file:
            query = query.where(changes.c.file == file)
        with self.engine.connect() as db:
            return [_change(row) for row in db.execute(query)]
