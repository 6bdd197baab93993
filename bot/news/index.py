"""The index of the center's pages: one SQLite file with the pages (business news articles are the pages
of one section) and an FTS5 full-text table ranked by BM25.

- WAL journal: the action server reads while `qicc news ingest` writes, and sees each batch as soon as
  it is committed, never half of it (one transaction per batch).
- ``articles`` holds what visitors see; ``news_fts`` holds the searchable words (Chinese segmented, see
  words.py) under the same rowid.
- Search terms are always quoted into FTS5 strings, so a visitor's quotes, *, -, NEAR, OR or
  parentheses are words to find, never query syntax.
"""

from __future__ import annotations

import logging
import sqlite3
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, timezone
from functools import lru_cache
from pathlib import Path
from typing import Iterator, List, Optional, Sequence, Set, Tuple, Union

from sqlalchemy.exc import SQLAlchemyError

from bot.database import shared_engine, write_ahead
from bot.settings import settings
from bot.news.article import Article
from bot.news.journal import Change, PageJournal
from bot.news.words import HAN_RUN, segment, words
from bot.pages.sections import NEWS

SCHEMA = """
CREATE TABLE IF NOT EXISTS articles (
    id INTEGER PRIMARY KEY,
    origin TEXT NOT NULL UNIQUE,       -- the article's URL, or the file (and feed entry) it came from
    content_key TEXT NOT NULL UNIQUE,  -- hash of the normalised title and text: the same article elsewhere
    title TEXT NOT NULL,
    published TEXT NOT NULL,           -- YYYY-MM-DD
    byline TEXT NOT NULL,
    category TEXT NOT NULL,
    summary TEXT NOT NULL,
    body TEXT NOT NULL,
    source TEXT NOT NULL,              -- the file or URL it was last read from
    url TEXT NOT NULL,
    section TEXT NOT NULL,             -- "Area/Sub" of the site's menu (bot/pages/sections.py)
    lang TEXT NOT NULL,                -- en or zh
    keywords TEXT NOT NULL,            -- words visitors use for what the page is about
    ingested_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS articles_by_date ON articles (published, id);
CREATE VIRTUAL TABLE IF NOT EXISTS news_fts USING fts5 (
    title, body, tags, tokenize = 'porter unicode61 remove_diacritics 2'
);
-- With replicas: the last change of the shared journal made to this index (bot/news/journal.py).
CREATE TABLE IF NOT EXISTS journal_position (one INTEGER PRIMARY KEY CHECK (one = 1), revision INTEGER NOT NULL);
"""
# Columns an index written before pages had sections lacks; all its articles were business news.
_ADDED_COLUMNS = {"section": f"'{NEWS}'", "lang": "''", "keywords": "''"}
_SECTION_INDEX = "CREATE INDEX IF NOT EXISTS articles_by_section ON articles (section, published)"
# A word in the title counts four times one in the text; keywords, category and byline twice.
RANK = "bm25(news_fts, 4.0, 1.0, 2.0)"
_FIELDS = (
    "title",
    "published",
    "byline",
    "category",
    "summary",
    "body",
    "source",
    "url",
    "section",
    "lang",
    "keywords",
)
_COLUMNS = "a.id, a.title, a.published, a.byline, a.category, a.summary, a.source, a.url, a.section, a.lang"


@dataclass(frozen=True)
class Found:
    """An indexed article as a visitor or staff member sees it."""

    id: int
    title: str
    published: date
    byline: str
    category: str
    summary: str
    source: str
    url: str
    section: str
    lang: str

    @classmethod
    def from_row(cls, row: Sequence) -> "Found":
        return cls(row[0], row[1], date.fromisoformat(row[2]), *row[3:])


class DuplicateText(Exception):
    """The changed article now has the same text as another indexed article."""


log = logging.getLogger(__name__)
Term = Union[str, Sequence[str]]  # a word or phrase, or a group of alternatives (a topic's names)


def _quoted(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def _alternative(name: str) -> str:
    """A Latin name as one phrase; a Chinese one as all of its words (the index holds Chinese cut in
    search mode, where a long word's parts come before it, so its words are not always adjacent)."""
    parts = words(name)
    if not parts or not HAN_RUN.search(name):
        return _quoted(" ".join(parts) or name)
    return "(" + " AND ".join(_quoted(part) for part in parts) + ")"


def match_expression(terms: Sequence[Term]) -> str:
    """An FTS5 query finding articles with every term (any alternative of a group); everything a
    visitor typed is inside quotes, so it is never query syntax."""
    groups = [(term,) if isinstance(term, str) else tuple(term) for term in terms]
    return " AND ".join("(" + " OR ".join(_alternative(name) for name in group) + ")" for group in groups)


def _filter(since: Optional[date], until: Optional[date], section: Optional[str]) -> Tuple[str, List[str]]:
    clauses, values = [], []
    if section:
        clauses.append("a.section = ?")
        values.append(section)
    if since:
        clauses.append("a.published >= ?")
        values.append(since.isoformat())
    if until:
        clauses.append("a.published <= ?")
        values.append(until.isoformat())
    return "".join(f" AND {c}" for c in clauses), values


class Batch:
    """Writes inside one transaction; ``put`` says what happened to each article. ``changes`` are the pages
    added, updated or removed, for the other replicas (bot/news/journal.py)."""

    def __init__(self, db: sqlite3.Connection):
        self.db = db
        self.changes: List[Change] = []

    def put(self, article: Article) -> str:
        result = self._put(article)
        if result != "unchanged":
            self.changes.append((article.origin, article))
        return result

    def remove(self, origin: str) -> None:
        """Take the page of this origin out, if it is there."""
        row = self.db.execute("SELECT id FROM articles WHERE origin = ?", (origin,)).fetchone()
        if row:
            self.db.execute("DELETE FROM articles WHERE id = ?", (row[0],))
            self.db.execute("DELETE FROM news_fts WHERE rowid = ?", (row[0],))
            self.changes.append((origin, None))

    def _put(self, article: Article) -> str:
        """'added', 'updated' or 'unchanged'; raises DuplicateText before writing anything."""
        key = article.content_key
        values = (
            article.title,
            article.published.isoformat(),
            article.byline,
            article.category,
            article.short_summary(),
            article.body,
            article.source,
            article.url,
            article.section,
            article.language,
            article.keywords,
        )
        row = self.db.execute(
            f"SELECT id, content_key, {', '.join(_FIELDS)} FROM articles WHERE origin = ?", (article.origin,)
        ).fetchone()
        if row is None:
            if self.db.execute("SELECT 1 FROM articles WHERE content_key = ?", (key,)).fetchone():
                return "unchanged"  # the same article, already indexed from elsewhere
            cursor = self.db.execute(
                f"INSERT INTO articles (origin, content_key, {', '.join(_FIELDS)}, ingested_at) "
                f"VALUES (?, ?, {', '.join('?' * len(_FIELDS))}, ?)",
                (article.origin, key, *values, _now()),
            )
            assert cursor.lastrowid is not None  # an INSERT always sets it
            self._index_words(cursor.lastrowid, article)
            return "added"
        article_id, old_key = row[0], row[1]
        if old_key == key and tuple(row[2:]) == values:
            return "unchanged"
        other = self.db.execute(
            "SELECT source FROM articles WHERE content_key = ? AND id != ?", (key, article_id)
        ).fetchone()
        if other:
            raise DuplicateText(f"its new text is the same as the article from {other[0]}")
        self.db.execute(
            f"UPDATE articles SET content_key = ?, {', '.join(f + ' = ?' for f in _FIELDS)}, ingested_at = ? "
            "WHERE id = ?",
            (key, *values, _now(), article_id),
        )
        self.db.execute("DELETE FROM news_fts WHERE rowid = ?", (article_id,))
        self._index_words(article_id, article)
        return "updated"

    def _index_words(self, article_id: int, article: Article) -> None:
        self.db.execute(
            "INSERT INTO news_fts (rowid, title, body, tags) VALUES (?, ?, ?, ?)",
            (
                article_id,
                segment(article.title),
                segment(article.body),
                segment(f"{article.keywords} {article.category} {article.byline}"),
            ),
        )


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


class NewsIndex:
    """The index at ``path``; safe to share between threads (each thread has its own connection). With a
    ``journal`` (replicas), every change is published to the others, and ``catch_up`` makes theirs here."""

    def __init__(self, path: Path, journal: Optional[PageJournal] = None, catch_up_every: float = 1.0):
        self.path = Path(path)
        self.journal = journal
        self.catch_up_every = catch_up_every
        self._local = threading.local()
        self._catching_up = threading.Lock()
        self._caught_up_at = 0.0

    @property
    def db(self) -> sqlite3.Connection:
        db = getattr(self._local, "db", None)
        if db is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            # Autocommit: reads never hold a transaction open, so each question sees the latest batch.
            db = sqlite3.connect(self.path, isolation_level=None, timeout=30)
            write_ahead(db)
            db.executescript(SCHEMA)
            _add_missing_columns(db)
            self._local.db = db
        return db

    @contextmanager
    def batch(self, publish: bool = True) -> Iterator[Batch]:
        """One transaction: readers see all of the batch or none of it. Its changes are published before it
        is committed: when the shared database cannot take them, nothing is written here either."""
        self.db.execute("BEGIN IMMEDIATE")
        try:
            batch = Batch(self.db)
            yield batch
            if publish and self.journal:
                self.journal.publish(batch.changes)
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        self.db.execute("COMMIT")

    def catch_up(self) -> None:
        """Make the other replicas' changes here (at most once every ``catch_up_every`` seconds). When the
        shared database cannot be read, this copy answers as it is and catching up is tried again later."""
        if not self.journal or time.monotonic() - self._caught_up_at < self.catch_up_every:
            return
        try:
            self._catch_up(self.journal)
        except SQLAlchemyError as error:
            log.warning("The other replicas' page changes could not be read: %s", error)
        self._caught_up_at = time.monotonic()

    def _catch_up(self, journal: PageJournal) -> None:
        with self._catching_up:
            row = self.db.execute("SELECT revision FROM journal_position").fetchone()
            revision = row[0] if row else 0
            while changes := journal.since(revision):
                with self.batch(publish=False) as batch:
                    for _, origin, article in changes:
                        try:
                            if article:
                                batch.put(article)
                            else:
                                batch.remove(origin)
                        except DuplicateText as error:  # this copy already holds that text elsewhere
                            log.warning("Page %s from the journal not indexed: %s", origin, error)
                    revision = changes[-1][0]
                    batch.db.execute("INSERT OR REPLACE INTO journal_position VALUES (1, ?)", (revision,))

    def count(self, section: Optional[str] = None) -> int:
        where, values = _filter(None, None, section)
        return self.db.execute(f"SELECT count(*) FROM articles a WHERE 1 = 1{where}", values).fetchone()[0]

    def is_empty(self, section: Optional[str] = None) -> bool:
        where, values = _filter(None, None, section)
        return (
            self.db.execute(f"SELECT NOT EXISTS (SELECT 1 FROM articles a WHERE 1 = 1{where})", values).fetchone()[0]
            == 1
        )

    def has_source_in(self, folder: Path) -> bool:
        """Whether any page was read from a file inside ``folder``."""
        prefix = str(Path(folder).resolve()) + "/"
        return (
            self.db.execute(
                "SELECT EXISTS (SELECT 1 FROM articles WHERE substr(source, 1, ?) = ?)", (len(prefix), prefix)
            ).fetchone()[0]
            == 1
        )

    def body(self, article_id: int) -> str:
        row = self.db.execute("SELECT body FROM articles WHERE id = ?", (article_id,)).fetchone()
        return row[0] if row else ""

    def latest(
        self,
        limit: int,
        offset: int = 0,
        since: Optional[date] = None,
        until: Optional[date] = None,
        section: Optional[str] = None,
    ) -> List[Found]:
        where, values = _filter(since, until, section)
        rows = self.db.execute(
            f"SELECT {_COLUMNS} FROM articles a WHERE 1 = 1{where} ORDER BY a.published DESC, a.id DESC "
            "LIMIT ? OFFSET ?",
            (*values, limit, offset),
        ).fetchall()
        return [Found.from_row(row) for row in rows]

    def search(
        self,
        terms: Sequence[Term],
        limit: int,
        offset: int = 0,
        since: Optional[date] = None,
        until: Optional[date] = None,
        section: Optional[str] = None,
    ) -> List[Found]:
        """Articles with every term, best BM25 rank first."""
        where, values = _filter(since, until, section)
        if where:
            sql = (
                f"SELECT {_COLUMNS} FROM news_fts JOIN articles a ON a.id = news_fts.rowid "
                f"WHERE news_fts MATCH ?{where} ORDER BY {RANK} LIMIT ? OFFSET ?"
            )
        else:
            # Rank inside the full-text table first and read only the page's articles: twice as fast as
            # joining every match to its article (bench/news_index.py).
            sql = (
                f"SELECT {_COLUMNS} FROM (SELECT rowid, {RANK} AS score FROM news_fts WHERE news_fts MATCH ? "
                "ORDER BY score LIMIT ? OFFSET ?) f JOIN articles a ON a.id = f.rowid ORDER BY f.score"
            )
        rows = self.db.execute(sql, (match_expression(terms), *values, limit, offset)).fetchall()
        return [Found.from_row(row) for row in rows]

    def known(self, term: Term, section: Optional[str] = None) -> bool:
        """Whether any article (of ``section``) has ``term`` (a question's word that none has is left out)."""
        if section:
            return (
                self.db.execute(
                    "SELECT EXISTS (SELECT 1 FROM news_fts JOIN articles a ON a.id = news_fts.rowid "
                    "WHERE news_fts MATCH ? AND a.section = ?)",
                    (match_expression([term]), section),
                ).fetchone()[0]
                == 1
            )
        return (
            self.db.execute(
                "SELECT EXISTS (SELECT 1 FROM news_fts WHERE news_fts MATCH ?)", (match_expression([term]),)
            ).fetchone()[0]
            == 1
        )

    def rowids_with(self, term: Term, fields: Sequence[str] = ()) -> Set[int]:
        """The ids of the pages that have ``term`` (in ``fields`` only, when given: title, body, tags)."""
        expression = match_expression([term])
        if fields:
            expression = "{" + " ".join(fields) + "} : (" + expression + ")"
        return {row[0] for row in self.db.execute("SELECT rowid FROM news_fts WHERE news_fts MATCH ?", (expression,))}

    def pages(self, ids: Sequence[int]) -> List[Found]:
        if not ids:
            return []
        rows = self.db.execute(
            f"SELECT {_COLUMNS} FROM articles a WHERE a.id IN ({', '.join('?' * len(ids))})", list(ids)
        ).fetchall()
        return [Found.from_row(row) for row in rows]

    def remove(self, article_id: int) -> Optional[Found]:
        """Take one page out of the index (the staff console's Remove); the page it was, or None when there
        is none with that id. Ingesting its file or address again brings it back."""
        with self.batch() as batch:
            rows = batch.db.execute(
                f"SELECT {_COLUMNS}, a.origin FROM articles a WHERE a.id = ?", (article_id,)
            ).fetchall()
            if rows:
                batch.remove(rows[0][-1])
        return Found.from_row(rows[0][:-1]) if rows else None

    def close(self) -> None:
        db = getattr(self._local, "db", None)
        if db is not None:
            db.close()
            self._local.db = None


def _add_missing_columns(db: sqlite3.Connection) -> None:
    have = {row[1] for row in db.execute("PRAGMA table_info(articles)")}
    for column, default in _ADDED_COLUMNS.items():
        if column not in have:
            db.execute(f"ALTER TABLE articles ADD COLUMN {column} TEXT NOT NULL DEFAULT {default}")
    db.execute(_SECTION_INDEX)


@lru_cache(maxsize=None)
def open_index(path: str, database_url: str = "", catch_up_every: float = 1.0) -> NewsIndex:
    """One NewsIndex per file in this process, so its connections are kept and reused; with a shared
    database (replicas), journalled there."""
    journal = PageJournal(shared_engine(database_url)) if database_url else None
    return NewsIndex(Path(path), journal, catch_up_every)


def pages_index() -> NewsIndex:
    """The index the running assistant answers from (QICC_NEWS_INDEX), opened per question so that pages
    ingested meanwhile count at once; with replicas (QICC_DATABASE_URL) journalled, with the other
    replicas' changes made first (within QICC_RELOAD_INTERVAL)."""
    config = settings()
    index = open_index(str(config.news_index), config.database_url, config.reload_interval)
    index.catch_up()
    return index
