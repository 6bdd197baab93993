"""Visitors' news answers (title, date, summary, source; "more"; no match), the actions with rasa-sdk
trackers, the replies file, and the `qicc news` commands."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Dict, List, Optional

import pytest
from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import news as news_actions
from bot import cli
from bot.news.answers import answer_more, answer_question, day_text
from bot.news.index import NewsIndex
from bot.news.ingest import ingest
from bot.news.replies import build_replies
from bot.settings import ROOT
from bot.content.texts import fill, pick
from bot.content.yamlfile import ContentError, parse_yaml, read_yaml
from tests.conftest import FIXED_NOW

TODAY = date.fromisoformat(FIXED_NOW[:10])
REPLIES_FILE = ROOT / "data" / "news_replies.yml"


@pytest.fixture(scope="module")
def replies():
    return build_replies(read_yaml(REPLIES_FILE), str(REPLIES_FILE))


@pytest.fixture
def index(tmp_path: Path, monkeypatch) -> NewsIndex:
    path = tmp_path / "news.sqlite3"
    monkeypatch.setenv("QICC_NEWS_INDEX", str(path))
    monkeypatch.setenv("QICC_NOW", FIXED_NOW)
    index = NewsIndex(path)
    assert not ingest(index, [str(ROOT / "data" / "news")]).failed
    yield index
    index.close()


def ask(index, replies, text, language="en", phone="(+86) 0532-68873099"):
    return answer_question(index, replies, text, language, TODAY, phone)


def test_latest_news_gives_title_date_summary_and_source(index, replies):
    newest = index.latest(3)
    answer = ask(index, replies, "what's the latest business news?")
    assert answer.messages[0] == pick(replies["latest"], "en")
    assert len(answer.messages) == 4
    for article, message in zip(newest, answer.messages[1:], strict=True):
        assert message.startswith(article.title)
        assert day_text(article.published, "en") in message
        assert article.summary in message
        assert "Source: " in message


def test_the_seed_page_answers_about_the_smart_city(index, replies):
    answer = ask(index, replies, "anything on the smart city?")
    assert answer.messages[0] == fill(replies["about"], "en", {"topic": "smart city"})
    assert answer.messages[1].startswith("Led by Mayor, Qingdao Held a Series of Conference")
    assert "22 May 2021" in answer.messages[1] and "Source: iqingdao" in answer.messages[1]
    assert answer.paging is None  # nothing more on this topic


def test_a_period_only_shows_articles_from_it_newest_first(index, replies):
    answer = ask(index, replies, "news from 2019 to 2021", "en")
    dates = [a.published for a in index.latest(20) if date(2019, 1, 1) <= a.published <= date(2021, 12, 31)]
    assert len(answer.messages) == 1 + min(3, len(dates))
    shown = [m.split("\n")[1].split(":")[0] for m in answer.messages[1:]]
    assert shown == [day_text(day, "en") for day in dates[:3]]


def test_topic_and_period_together(index, replies):
    answer = ask(index, replies, "smart city news in 2021")
    assert answer.messages[0] == fill(replies["about_during"], "en", {"topic": "smart city", "period": "2021"})
    assert answer.messages[1].startswith("Led by Mayor")
    nothing = ask(index, replies, "smart city news in 2019")
    assert nothing.messages[0] == fill(replies["none_about_during"], "en", {"topic": "smart city", "period": "2019"})


def test_no_match_says_so_and_offers_the_latest(index, replies):
    answer = ask(index, replies, "news about bitcoin mining")
    assert answer.messages[0] == fill(replies["none_about"], "en", {"topic": "bitcoin mining"})
    assert [m.split("\n")[0] for m in answer.messages[1:]] == [a.title for a in index.latest(3)]
    this_year = ask(index, replies, "what's the news this year?")
    assert this_year.messages[0] == fill(replies["none_during"], "en", {"period": "2026"})


def test_more_pages_on_without_repeating_and_then_says_that_is_all(index, replies):
    seen: List[str] = []
    answer = ask(index, replies, "latest news")
    seen += answer.messages[1:]
    while answer.paging:
        answer = answer_more(index, replies, answer.paging, "en", "phone")
        assert answer.messages[0] == pick(replies["more"], "en")
        seen += answer.messages[1:]
    assert len(seen) == len(set(seen)) == index.count()
    last = answer_more(index, replies, {"terms": [], "count": 3, "offset": index.count()}, "en", "phone")
    assert last.messages == [pick(replies["no_more"], "en")] and last.paging is None


def test_more_keeps_the_topic_and_the_period(index, replies):
    first = ask(index, replies, "the 1 latest news from 2019")
    assert first.paging and first.paging["since"] == "2019-01-01"
    second = answer_more(index, replies, first.paging, "en", "phone")
    assert "2019" in second.messages[1] and second.messages[1] != first.messages[1]


def test_chinese_question_chinese_answer(index, replies):
    answer = ask(index, replies, "有没有自贸区的新闻", "zh")
    assert answer.messages[0] == fill(replies["about"], "zh", {"topic": "自贸区"})
    (article,) = [a for a in index.latest(20) if a.title.startswith("示例：")]
    assert answer.messages[1] == fill(
        replies["article"],
        "zh",
        {"title": article.title, "date": "2019年8月30日", "summary": article.summary, "source": article.byline},
    )


def test_an_empty_index_says_so_with_the_phone(tmp_path, replies, center):
    empty = NewsIndex(tmp_path / "empty.sqlite3")
    answer = answer_question(empty, replies, "latest news", "en", TODAY, center.phone)
    assert answer.messages == [fill(replies["empty"], "en", {"phone": center.phone})]


def test_the_replies_file_needs_both_languages_and_known_placeholders():
    text = REPLIES_FILE.read_text(encoding="utf-8")
    broken = text.replace('zh: "更多商务新闻："', "").replace("Business news about {topic}:", "About {subject}:")
    with pytest.raises(ContentError) as error:
        build_replies(parse_yaml(broken, "news_replies.yml"), "news_replies.yml")
    messages = [str(p) for p in error.value.problems]
    assert any("'more' has no zh text" in m for m in messages)
    assert any("{subject}" in m and m.startswith("news_replies.yml:") for m in messages)


# The actions, as the action server runs them.


def run(action, text: str, slots: Optional[Dict] = None):
    message = {"text": text, "intent": {"name": "ask_news", "confidence": 0.99}, "entities": []}
    tracker = Tracker("visitor", slots or {}, message, [], False, None, {}, "action_listen")
    dispatcher = CollectingDispatcher()
    return dispatcher.messages, action.run(dispatcher, tracker, {})


def paging_of(events) -> Optional[Dict]:
    return next(e["value"] for e in events if e.get("name") == news_actions.PAGING_SLOT)


def test_action_news_says_each_article_and_offers_more(index, replies):
    messages, events = run(news_actions.ActionNews(), "what's the latest business news?")
    assert [m["text"].split("\n")[0] for m in messages[1:]] == [a.title for a in index.latest(3)]
    assert messages[-1]["buttons"] == [
        {"title": pick(replies["more_button"], "en"), "payload": news_actions.MORE_PAYLOAD}
    ]
    assert paging_of(events)["offset"] == 3
    assert SlotSet("language", "en") in events


def test_action_more_from_the_button_keeps_the_visitors_language(index, replies):
    _, events = run(news_actions.ActionNews(), "最新新闻")
    messages, events = run(
        news_actions.ActionNewsMore(),
        news_actions.MORE_PAYLOAD,
        {"language": "zh", news_actions.PAGING_SLOT: paging_of(events)},
    )
    assert messages[0]["text"] == pick(replies["more"], "zh")
    assert [m["text"].split("\n")[0] for m in messages[1:]] == [a.title for a in index.latest(3, offset=3)]
    assert not [event for event in events if event.get("name") == "language"]  # still Chinese


def test_action_finds_articles_ingested_after_it_started(index, tmp_path):
    run(news_actions.ActionNews(), "latest news")  # the action server's connection is open
    fresh = tmp_path / "fresh.txt"
    fresh.write_text(
        "Qingdao Opens a Hydrogen Bus Line\n2026-11-20\nThe city opened a hydrogen bus line.\n", encoding="utf-8"
    )
    ingest(NewsIndex(index.path), [str(fresh)])  # as `qicc news ingest` does, from another process
    messages, _ = run(news_actions.ActionNews(), "any news about hydrogen buses?")
    assert messages[1]["text"].startswith("Qingdao Opens a Hydrogen Bus Line")


# The staff commands.


def test_cli_ingest_list_and_search(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("QICC_NEWS_INDEX", str(tmp_path / "cli.sqlite3"))
    monkeypatch.setenv("QICC_NOW", FIXED_NOW)
    (tmp_path / "broken.txt").write_text("no date here\n", encoding="utf-8")
    assert cli.main(["news", "ingest", str(ROOT / "data" / "news"), str(tmp_path / "broken.txt")]) == 1
    out = capsys.readouterr().out
    assert "7 added, 0 updated, 0 unchanged, 1 failed" in out and "broken.txt: no publish date" in out
    assert cli.main(["news", "ingest", str(ROOT / "data" / "news")]) == 0
    assert "0 added, 0 updated, 7 unchanged, 0 failed" in capsys.readouterr().out
    assert cli.main(["news", "list", "-n", "2"]) == 0
    assert "2 of 7 articles" in capsys.readouterr().out
    assert cli.main(["news", "search", "smart", "city", "news", "in", "2021"]) == 0
    out = capsys.readouterr().out
    assert "Topic: smart city; time: 2021" in out and "Led by Mayor" in out and "1 found" in out


@pytest.mark.parametrize(
    "command", [["news"], ["news", "ingest"], ["news", "list"], ["news", "search"], ["news", "check"]]
)
def test_every_news_command_has_help(command, capsys):
    with pytest.raises(SystemExit) as done:
        cli.main([*command, "--help"])
    assert done.value.code == 0 and "usage: qicc news" in capsys.readouterr().out


def test_cli_check_reports_the_replies_file(capsys):
    assert cli.main(["news", "check"]) == 0
    assert "news_replies.yml: OK" in capsys.readouterr().out
