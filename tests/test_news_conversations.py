"""End-to-end: visitors ask the running assistant (Rasa server and action server over HTTP) for news.

The assistant indexed the bundled articles (its copy of data/news/) when it started; the expected titles
come from indexing the same folder here.
"""

from __future__ import annotations

from pathlib import Path
from typing import Dict, List

import pytest

from bot.news.index import NewsIndex
from bot.news.ingest import ingest
from bot.news.replies import build_replies
from bot.content.texts import fill, pick
from bot.content.yamlfile import read_yaml


@pytest.fixture(scope="module")
def replies(assistant):
    path = assistant.data_dir / "news_replies.yml"
    return build_replies(read_yaml(path), str(path))


@pytest.fixture(scope="module")
def expected(assistant, tmp_path_factory) -> NewsIndex:
    index = NewsIndex(tmp_path_factory.mktemp("expected") / "news.sqlite3")
    ingest(index, [str(assistant.data_dir / "news")])
    return index


def titles(messages: List[Dict]) -> List[str]:
    return [m["text"].split("\n")[0] for m in messages[1:]]


def test_latest_news_then_more_typed_and_from_the_button(assistant, replies, expected):
    sender = assistant.new_sender()
    first = assistant.ask("what's the latest business news?", sender)
    assert first[0]["text"] == pick(replies["latest"], "en")
    assert titles(first) == [a.title for a in expected.latest(3)]
    assert first[-1]["buttons"][0]["title"] == pick(replies["more_button"], "en")

    second = assistant.ask("more", sender)
    assert second[0]["text"] == pick(replies["more"], "en")
    assert titles(second) == [a.title for a in expected.latest(3, offset=3)]

    third = assistant.ask(second[-1]["buttons"][0]["payload"], sender)
    assert third[0]["text"] == pick(replies["more"], "en")
    assert titles(third) == [a.title for a in expected.latest(3, offset=6)]


def test_news_about_a_topic(assistant, replies):
    messages = assistant.ask("any news about the free trade zone?")
    assert messages[0]["text"] == fill(replies["about"], "en", {"topic": "free trade zone"})
    assert "Free Trade Zone" in messages[1]["text"].split("\n")[0]


def test_news_about_a_topic_in_a_year(assistant, replies):
    messages = assistant.ask("smart city news in 2021")
    assert messages[0]["text"] == fill(replies["about_during"], "en", {"topic": "smart city", "period": "2021"})
    assert messages[1]["text"].startswith("Led by Mayor, Qingdao Held a Series of Conference")


def test_news_from_a_month(assistant, replies):
    messages = assistant.ask("what was in the news in May 2021?")
    assert messages[0]["text"] == fill(replies["during"], "en", {"period": "May 2021"})
    assert [m["text"].split("\n")[1].split(":")[0] for m in messages[1:]] == ["22 May 2021"]


def test_no_match_offers_the_latest(assistant, replies, expected):
    messages = assistant.ask("is there any business news from this year?")
    assert messages[0]["text"] == fill(replies["none_during"], "en", {"period": "2026"})
    assert titles(messages) == [a.title for a in expected.latest(3)]


def test_a_chinese_question_gets_a_chinese_answer(assistant, replies):
    messages = assistant.ask("最近有什么自贸区的新闻吗")
    assert messages[0]["text"] == fill(replies["about"], "zh", {"topic": "自贸区"})
    assert messages[1]["text"].startswith("示例：")


def test_an_article_ingested_while_the_assistant_runs_is_found_at_once(assistant, tmp_path: Path):
    page = tmp_path / "hydrogen.txt"
    page.write_text(
        "Qingdao Puts Hydrogen Buses on Its Streets\nMarch 3, 2015\n"
        "The city put its first hydrogen fuel-cell buses into service.\n",
        encoding="utf-8",
    )
    summary = ingest(NewsIndex(assistant.state_dir / "news.sqlite3"), [str(page)])
    assert summary.added == 1
    messages = assistant.ask("any news about hydrogen buses?")
    assert messages[1]["text"].startswith("Qingdao Puts Hydrogen Buses on Its Streets")
