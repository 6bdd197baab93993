"""Replicas share the pages index through a journal in the shared database: a page ingested, changed or
removed on one replica's index is found, changed or gone on another's once it catches up; reading back its
own changes changes nothing; a change the shared database cannot take is not made locally either. (The
journal runs on SQLite here; tests/test_replicas.py runs it on PostgreSQL between two real replicas.)"""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from bot.database import shared_engine
from bot.news.index import NewsIndex
from bot.news.ingest import ingest
from bot.news.journal import PageJournal
from bot.pages.search import find_pages

LANTERNS = """---
title: Harbour Lantern Night
date: 2026-02-12
section: Culture/Festival
keywords: lanterns, lantern festival
---
On the evening of the Lantern Festival, lanterns line the old harbour and families walk along the pier.
"""


@pytest.fixture
def replicas(tmp_path):
    """Two replicas' own indexes, journalled in one shared database."""
    journal = PageJournal(shared_engine(f"sqlite:///{tmp_path / 'shared.sqlite3'}"))
    a = NewsIndex(tmp_path / "a" / "pages.sqlite3", journal, catch_up_every=0)
    b = NewsIndex(tmp_path / "b" / "pages.sqlite3", journal, catch_up_every=0)
    yield a, b
    a.close()
    b.close()


def titles(index: NewsIndex, question: str) -> list:
    index.catch_up()
    return [match.page.title for match in find_pages(index, question, "en")]


def test_a_page_ingested_changed_and_removed_on_one_replica_is_so_on_the_other(replicas, tmp_path):
    a, b = replicas
    page = tmp_path / "lanterns.md"
    page.write_text(LANTERNS, encoding="utf-8")
    assert ingest(a, [str(page)], default_section=None).added == 1
    assert titles(b, "lantern festival at the harbour") == ["Harbour Lantern Night"]

    page.write_text(LANTERNS.replace("Harbour Lantern Night", "Old Harbour Lantern Night"), encoding="utf-8")
    assert ingest(b, [str(page)], default_section=None).updated == 1  # an edit on the other replica
    assert titles(a, "lantern festival at the harbour") == ["Old Harbour Lantern Night"]
    assert a.count() == b.count() == 1

    [found] = a.latest(1)
    assert a.remove(found.id)
    assert titles(b, "lantern festival at the harbour") == []
    assert titles(a, "lantern festival at the harbour") == []  # its own removal read back: still gone


def test_a_change_the_shared_database_cannot_take_is_not_made_locally(replicas, tmp_path):
    a, _ = replicas
    with a.journal.engine.begin() as db:
        db.execute(sa.text("DROP TABLE page_changes"))  # the shared database refuses every write
    page = tmp_path / "lanterns.md"
    page.write_text(LANTERNS, encoding="utf-8")
    with pytest.raises(sa.exc.OperationalError):
        ingest(a, [str(page)], default_section=None)
    assert a.count() == 0


def test_a_replica_whose_shared_database_is_unreadable_answers_from_its_own_copy(replicas, tmp_path):
    a, b = replicas
    page = tmp_path / "lanterns.md"
    page.write_text(LANTERNS, encoding="utf-8")
    ingest(b, [str(page)], default_section=None)
    assert titles(b, "lantern festival at the harbour") == ["Harbour Lantern Night"]
    with a.journal.engine.begin() as db:
        db.execute(sa.text("DROP TABLE page_changes"))
    assert titles(a, "lantern festival at the harbour") == []  # not caught up, and no error for the visitor
