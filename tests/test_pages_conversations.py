"""End-to-end: visitors ask the running assistant (Rasa server and action server over HTTP) about the
sections of the center's site, in English and Chinese, and get the fitting page's passage, title and date,
"more" for the next, or an honest "I don't know that" with the phone number.

The assistant indexed the bundled pages (its copy of data/pages/) when it started; the expected pages come
from indexing the same folder here.
"""

from __future__ import annotations

import pytest

from bot.center.answers import reply
from bot.news.index import NewsIndex
from bot.news.ingest import ingest
from bot.pages.replies import build_replies
from bot.pages.search import find_pages
from bot.content.texts import pick
from bot.content.yamlfile import read_yaml


@pytest.fixture(scope="module")
def replies(assistant):
    path = assistant.data_dir / "pages_replies.yml"
    return build_replies(read_yaml(path), str(path))


@pytest.fixture(scope="module")
def expected(assistant, tmp_path_factory) -> NewsIndex:
    index = NewsIndex(tmp_path_factory.mktemp("expected") / "pages.sqlite3")
    ingest(index, [str(assistant.data_dir / "pages")], default_section=None)
    return index


@pytest.mark.parametrize(
    "question, lang, section",
    [
        ("what festivals are there?", "en", "Culture/Festival"),
        ("where can I eat seafood?", "en", "Tourism/Dining"),
        ("policies for foreign companies", "en", "Business/Policies & Regulations"),
        ("Can you recommend a hotel near the beach?", "en", "Tourism/Hotels"),
        ("酒店推荐", "zh", "Tourism/Hotels"),
        ("青岛啤酒节是什么时候", "zh", "Culture/Festival"),
        ("老舍在青岛住过吗", "zh", "Culture/Culture Figures"),
    ],
)
def test_a_section_question_gets_that_sections_page(assistant, expected, question, lang, section):
    page = next(m.page for m in find_pages(expected, question, lang) if m.page.section == section)
    text = "\n".join(m.get("text", "") for m in assistant.ask(question))
    assert page.title in text, text
    assert ("2026年11月20日" if lang == "zh" else "20 November 2026") in text


def test_the_beer_festival_answer_says_when(assistant):
    assert "summer" in assistant.reply_text("When is the Qingdao beer festival?")
    assert "8月" in assistant.reply_text("青岛啤酒节是什么时候")


def test_more_after_a_pages_answer_gives_the_next_page(assistant, replies):
    sender = assistant.new_sender()
    first = assistant.ask("what is the free trade zone?", sender)
    assert first[-1]["buttons"][0]["title"] == pick(replies["more_button"], "en"), first
    second = assistant.ask("more", sender)
    assert second[0]["text"] == pick(replies["more"], "en")
    assert second[1]["text"] != first[-1]["text"]


def test_a_section_question_without_a_page_is_answered_honestly(assistant, expected, center):
    """Hotels in another city: not the Qingdao hotels page, but the honest reply (or related FAQ questions)."""
    messages = assistant.ask("推荐一家北京的酒店")
    text = "\n".join(m.get("text", "") for m in messages)
    assert not [page for page in expected.latest(100) if page.title in text], text
    assert reply(center, "fallback", "zh") in text or messages[-1].get("buttons"), messages
