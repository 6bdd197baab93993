"""The pages index shared by replicas: every change one replica makes to its index (a page ingested, updated
or removed) is appended to ``page_changes`` in the shared database, and every replica makes the changes it
has not made yet to its own index, within a second of being asked a question.

Each replica keeps its own SQLite FTS5 index (bot/news/index.py) because the search, Jieba-segmented words
ranked by BM25, is SQLite's; PostgreSQL's full-text search has no Chinese segmentation and would rank
differently. The journal makes the copies the same: one ingest (`qicc pages ingest`, the console) on any
replica reaches all of them. Making a change again is harmless (a page put twice is "unchanged"), so a
replica also reads back its own changes. Without QICC_DATABASE_URL there is no journal.
"""

from __future__ import annotations

import dataclasses
import json
import time
from datetime import date
from typing import List, Optional, Sequence, Tuple

import sqlalchemy as sa

from bot.database import page_changes
from bot.news.article import Article

BATCH = 500  # changes read at a time

Change = Tuple[str, Optional[Article]]  # a page's origin, and the page (None: removed)


def _encoded(article: Optional[Article]) -> Optional[str]:
    if article is None:
        return None
    fields = dataclasses.asdict(article)
    fields["published"] = article.published.isoformat()
    return json.dumps(fields, ensure_ascii=False)


def _decoded(text: Optional[str]) -> Optional[Article]:
    if text is None:
        return None
    fields = json.loads(text)
    return Article(**{**fields, "published": date.fromisoformat(fields["published"])})


class PageJournal:
    def __init__(self, engine: sa.engine.Engine):
        self.engine = engine

    def publish(self, changes: Sequence[Change]) -> None:
        if changes:
            now = time.time()
            with self.engine.begin() as db:
                db.execute(
                    page_changes.insert(),
                    [{"origin": origin, "article": _encoded(article), "at": now} for origin, article in changes],
                )

    def since(self, revision: int) -> List[Tuple[int, str, Optional[Article]]]:
        """The changes after ``revision``, oldest first (at most BATCH; ask again from the last one)."""
        query = (
            sa.select(page_changes.c.revision, page_changes.c.origin, page_changes.c.article)
            .where(page_changes.c.revision > revision)
            .order_by(page_changes.c.revision)
            .limit(BATCH)
        )
        with self.engine.connect() as db:
            return [(row.revision, row.origin, _decoded(row.article)) for row in db.execute(query)]
