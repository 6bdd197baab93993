"""The news index: idempotent ingestion, duplicates, broken files, whole batches, and search input that
looks like FTS5 syntax."""

from __future__ import annotations

import http.server
import threading
from datetime import date
from pathlib import Path

import pytest

from bot.news.answers import find_articles
from bot.news.article import Article
from bot.news.index import NewsIndex
from bot.news.ingest import ingest, ingest_articles
from bot.news.query import parse_question
from bot.news.sources import Source
from bot.settings import ROOT, settings
from tests.test_news_extract import HTML_PAGE

TODAY = date(2026, 11, 27)


def page(title: str, day: str, body: str) -> str:
    return f"{title}\n{day}\n{body}\n"


@pytest.fixture
def index(tmp_path: Path) -> NewsIndex:
    index = NewsIndex(tmp_path / "state" / "news.sqlite3")
    yield index
    index.close()


@pytest.fixture
def bundled(index: NewsIndex) -> NewsIndex:
    summary = ingest(index, [str(ROOT / "data" / "news")])
    assert not summary.failed
    return index


def test_the_index_file_comes_from_the_environment(monkeypatch, tmp_path: Path):
    monkeypatch.setenv("QICC_NEWS_INDEX", str(tmp_path / "elsewhere.sqlite3"))
    assert settings().news_index == tmp_path / "elsewhere.sqlite3"


def test_ingesting_the_same_files_again_changes_nothing(index: NewsIndex):
    first = ingest(index, [str(ROOT / "data" / "news")])
    second = ingest(index, [str(ROOT / "data" / "news")])
    assert first.added == index.count() > 0 and not first.failed
    assert (second.added, second.updated, second.unchanged) == (0, 0, first.added)
    assert index.count() == first.added


def test_an_edited_file_is_updated_not_duplicated(index: NewsIndex, tmp_path: Path):
    path = tmp_path / "port.txt"
    path.write_text(page("Port Grows", "2024-03-01", "The port grew by five percent."), encoding="utf-8")
    ingest(index, [str(path)])
    path.write_text(page("Port Grows Faster", "2024-03-02", "The port grew by six percent."), encoding="utf-8")
    summary = ingest(index, [str(path)])
    assert (summary.added, summary.updated) == (0, 1)
    (article,) = index.latest(5)
    assert (article.title, article.published) == ("Port Grows Faster", date(2024, 3, 2))
    assert [a.title for a in index.search(["six"], 5)] == ["Port Grows Faster"]
    assert index.search(["five"], 5) == []  # the old words are gone from the full-text index


def test_the_same_article_in_another_file_is_not_added_twice(index: NewsIndex, tmp_path: Path):
    (tmp_path / "a.txt").write_text(page("Port Grows", "2024-03-01", "The port  grew."), encoding="utf-8")
    (tmp_path / "b.txt").write_text(page("PORT GROWS", "2024-03-01", "The port grew.\n"), encoding="utf-8")
    summary = ingest(index, [str(tmp_path)])
    assert (summary.added, summary.unchanged, index.count()) == (1, 1, 1)


def test_an_edit_that_copies_another_article_is_refused_and_both_stay(index: NewsIndex, tmp_path: Path):
    (tmp_path / "a.txt").write_text(page("Port Grows", "2024-03-01", "The port grew."), encoding="utf-8")
    (tmp_path / "b.txt").write_text(page("Zone Opens", "2024-03-02", "The zone opened."), encoding="utf-8")
    ingest(index, [str(tmp_path)])
    (tmp_path / "a.txt").write_text(page("Zone Opens", "2024-03-02", "The zone opened."), encoding="utf-8")
    summary = ingest(index, [str(tmp_path / "a.txt")])
    (failure,) = summary.failed
    assert failure.label.endswith("a.txt") and "b.txt" in failure.reason
    assert sorted(a.title for a in index.latest(5)) == ["Port Grows", "Zone Opens"]


def test_the_same_url_is_the_same_article_even_with_new_text(index: NewsIndex):
    def at(text: str) -> Article:
        return Article(
            title="Port",
            published=date(2024, 1, 1),
            body=text,
            source=f"feed-{text}.xml",
            origin="https://news.example.org/port",
            url="https://news.example.org/port",
        )

    assert ingest_articles(index, [at("First text.")]).added == 1
    assert ingest_articles(index, [at("Corrected text.")]).updated == 1
    assert index.count() == 1


def test_a_broken_file_is_reported_and_the_rest_of_the_batch_is_indexed(index: NewsIndex, tmp_path: Path):
    (tmp_path / "good.txt").write_text(page("Port Grows", "2024-03-01", "The port grew."), encoding="utf-8")
    (tmp_path / "nodate.txt").write_text("Title only\n\nNo date anywhere here.\n", encoding="utf-8")
    (tmp_path / "binary.html").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    (tmp_path / "bad.md").write_text("---\ntitle: [oops\n---\ntext\n", encoding="utf-8")
    (tmp_path / "notes.docx").write_bytes(b"ignored: not a news format")
    summary = ingest(index, [str(tmp_path)])
    assert summary.added == 1 and index.count() == 1
    failed = {Path(f.label).name: f.reason for f in summary.failed}
    assert set(failed) == {"nodate.txt", "binary.html", "bad.md"}
    assert "date" in failed["nodate.txt"] and "line" in failed["bad.md"]


def test_each_page_read_is_reported_as_it_happens(index: NewsIndex, tmp_path: Path):
    (tmp_path / "good.txt").write_text(page("Port Grows", "2024-03-01", "The port grew."), encoding="utf-8")
    (tmp_path / "nodate.txt").write_text("Title only\n\nNo date anywhere here.\n", encoding="utf-8")
    heard: list = []
    ingest(
        index,
        [str(tmp_path / "good.txt"), str(tmp_path / "nodate.txt"), str(tmp_path / "gone.txt")],
        report=heard.append,
    )
    assert [(Path(o.source).name, o.result, o.title) for o in heard] == [
        ("gone.txt", "failed", ""),
        ("good.txt", "added", "Port Grows"),
        ("nodate.txt", "failed", ""),
    ]
    assert "no such file" in heard[0].reason and "date" in heard[2].reason
    again: list = []
    ingest(index, [str(tmp_path / "good.txt")], report=again.append)
    assert [o.result for o in again] == ["unchanged"]


def test_a_source_with_a_name_is_the_page_of_that_name_wherever_it_is_read_from(index: NewsIndex, tmp_path: Path):
    for number, text in enumerate(["The port grew.", "The port grew fast."]):
        copy = tmp_path / f"upload-{number}" / "1.txt"  # a temporary copy, as the console keeps an upload
        copy.parent.mkdir()
        copy.write_text(page("Port Grows", "2024-03-01", text), encoding="utf-8")
        summary = ingest(index, [Source(str(copy), name="port.txt")])
    assert (summary.added, summary.updated, index.count()) == (0, 1, 1)
    assert index.latest(1)[0].source == "port.txt"


def test_a_removed_page_is_neither_listed_nor_found(index: NewsIndex, tmp_path: Path):
    (tmp_path / "a.txt").write_text(page("Port Grows", "2024-03-01", "The port grew."), encoding="utf-8")
    (tmp_path / "b.txt").write_text(page("Zone Opens", "2024-03-02", "The zone opened."), encoding="utf-8")
    ingest(index, [str(tmp_path)])
    port = next(found for found in index.latest(5) if found.title == "Port Grows")
    assert index.remove(port.id) == port
    assert [found.title for found in index.latest(5)] == ["Zone Opens"] and index.count() == 1
    assert index.search(["port"], 5) == [] and index.rowids_with("port") == set()
    assert index.remove(port.id) is None  # already gone
    assert ingest(index, [str(tmp_path / "a.txt")]).added == 1  # its file brings it back


def test_readers_never_see_half_a_batch(index: NewsIndex):
    reader = NewsIndex(index.path)  # another connection, like the action server's
    articles = [
        Article(title=f"Article {n}", published=date(2024, 1, n), body=f"Text {n}.", source="x", origin=f"x#{n}")
        for n in range(1, 4)
    ]
    with index.batch() as batch:
        batch.put(articles[0])
        batch.put(articles[1])
        assert reader.count() == 0
    assert reader.count() == 2  # and at once after the commit
    with pytest.raises(KeyboardInterrupt):
        with index.batch() as batch:
            batch.put(articles[2])
            raise KeyboardInterrupt  # an interrupted run leaves the index as it was
    assert reader.count() == 2
    reader.close()


def test_urls_are_fetched_and_a_failing_url_is_reported(index: NewsIndex):
    pages = {"/news/port.html": ("text/html", HTML_PAGE)}

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            if self.path not in pages:
                self.send_error(404)
                return
            kind, text = pages[self.path]
            self.send_response(200)
            self.send_header("Content-Type", f"{kind}; charset=utf-8")
            self.end_headers()
            self.wfile.write(text.encode())

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        summary = ingest(index, [f"{base}/news/port.html", f"{base}/missing.html"])
    finally:
        server.shutdown()
    assert summary.added == 1
    (failure,) = summary.failed
    assert failure.label.endswith("/missing.html") and "Not Found" in failure.reason
    (article,) = index.latest(1)
    assert article.title == "Qingdao Port Handles More Containers"


PLAIN = "smart city"
TRICKY = [
    '"smart city"',
    '"smart city',
    "smart* city",
    "smart -city",
    "smart - city",
    "smart NEAR city",
    "NEAR(smart city)",
    "smart OR city",
    "smart AND city",
    "smart NOT city",
    "(smart city",
    "smart city)",
    "smart) (city",
    "smart:city",
    "^smart city",
    "smart + city",
    "smart city's",
]


@pytest.mark.parametrize("question", TRICKY)
def test_fts5_syntax_in_a_question_neither_fails_nor_changes_its_meaning(bundled: NewsIndex, question: str):
    expected, _ = find_articles(bundled, parse_question(PLAIN, TODAY).terms, None, 10)
    assert expected  # the seed page is about the smart city
    found, _ = find_articles(bundled, parse_question(question, TODAY).terms, None, 10)
    assert [a.id for a in found] == [a.id for a in expected]


def test_or_does_not_widen_a_search(bundled: NewsIndex):
    port_only, _ = find_articles(bundled, ("port",), None, 10)
    either, _ = find_articles(bundled, parse_question("port OR smart", TODAY).terms, None, 10)
    assert port_only and either == []  # no article is about both: OR is a word, not a union


def test_raw_terms_with_quotes_and_operators_are_safe(bundled: NewsIndex):
    for terms in (['"'], ['sm"art'], ["*"], ["NEAR", "("], [")"], ["-"]):
        bundled.search(terms, 5)  # no sqlite3.OperationalError


def test_a_word_no_article_has_is_left_out(bundled: NewsIndex):
    found, _ = find_articles(bundled, ("lately", "smart", "city"), None, 5)
    assert found and found[0].title.startswith("Led by Mayor")


def test_topic_search_ranks_the_title_first(bundled: NewsIndex):
    found, _ = find_articles(bundled, ("port",), None, 5)
    assert "Port" in found[0].title


def test_chinese_articles_are_found_by_chinese_words(bundled: NewsIndex):
    for question in ("自贸区的新闻", "自由贸易试验区", "青岛片区"):
        found, _ = find_articles(bundled, parse_question(question, TODAY).terms, None, 5)
        assert found and found[0].title.startswith("示例"), question


def _titles(index: NewsIndex, question: str):
    found, _ = find_articles(index, parse_question(question, TODAY).terms, None, 10)
    return [article.title for article in found]


def test_a_chinese_question_finds_english_articles_on_its_topic(bundled: NewsIndex):
    # The topic map (data/news_topics.yml) says 智慧城市 is "smart city" and 自贸区 "free trade zone".
    assert any(title.startswith("Led by Mayor") for title in _titles(bundled, "有没有智慧城市的新闻"))
    fta = _titles(bundled, "自贸区的新闻")
    assert any(title.startswith("示例") for title in fta) and any(title.startswith("Sample") for title in fta)


def test_an_english_question_finds_chinese_articles_on_its_topic(bundled: NewsIndex):
    assert any(title.startswith("示例") for title in _titles(bundled, "news about the free trade zone"))


def test_a_topic_phrase_is_not_split_into_loose_words(bundled: NewsIndex):
    # "smart city" as a phrase: an article that only has "city" somewhere does not count as a match.
    assert _titles(bundled, "smart city news") == _titles(bundled, "智慧城市")
