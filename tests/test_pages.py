"""The center's pages: sections (front matter, navigation trail, web address, --section), the index with
a section per page (and an index from before sections), the search and its threshold (a question with no
page gets None), the answer's passage and "more", the actions with rasa-sdk trackers and `qicc pages`."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path
from typing import Dict, Optional

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions import news as news_actions
from actions import pages as pages_actions
from actions.fallback import ActionPages
from bot import cli
from bot.center.facts import current_center
from bot.center.answers import reply
from bot.news.answers import answer_question, day_text
from bot.news.index import NewsIndex
from bot.news.ingest import ingest
from bot.news.markdownpage import extract_markdown
from bot.news.replies import build_replies as build_news_replies
from bot.news.textpage import extract_text_page
from bot.pages.answers import answer_from_pages, answer_more, best_answer, best_passage
from bot.pages.bundled import index_bundled_pages
from bot.pages.replies import build_replies
from bot.pages.search import find_pages, question_terms
from bot.pages.sections import NEWS, SECTIONS, parse_section, section_from_trail, section_from_url
from bot.settings import ROOT, settings
from bot.content.texts import fill, pick
from bot.content.yamlfile import read_yaml
from tests.conftest import FIXED_NOW

PAGES = ROOT / "data" / "pages"
REPLIES_FILE = ROOT / "data" / "pages_replies.yml"


@pytest.fixture(scope="module")
def replies():
    return build_replies(read_yaml(REPLIES_FILE), str(REPLIES_FILE))


@pytest.fixture
def index(tmp_path: Path, monkeypatch) -> NewsIndex:
    """The bundled pages and news, as a new installation indexes them at start-up."""
    monkeypatch.setenv("QICC_NEWS_INDEX", str(tmp_path / "pages.sqlite3"))
    monkeypatch.setenv("QICC_NOW", FIXED_NOW)
    index_bundled_pages(settings())
    index = NewsIndex(tmp_path / "pages.sqlite3")
    yield index
    index.close()


# Sections.


@pytest.mark.parametrize(
    "name, section",
    [
        ("Tourism/Hotels", "Tourism/Hotels"),
        ("hotels", "Tourism/Hotels"),
        ("Entrance tickets", "Tourism/Entrance tickets"),
        ("policies-regulations", "Business/Policies & Regulations"),
        ("Fashion and Traditions", "Culture/Fashion & Traditions"),
        ("culture/food", "Culture/Food"),
        ("tickets", "Tourism/Entrance tickets"),
        ("Weather", None),
        ("", None),
        ("Culture", None),
    ],
)
def test_a_section_is_named_as_the_menu_or_by_its_sub_section(name, section):
    assert parse_section(name) == section


def test_the_section_comes_from_the_navigation_trail_even_run_together():
    assert section_from_trail("HOMEBusinessBusiness NewsText") == NEWS
    assert section_from_trail("HOME Culture Festival") == "Culture/Festival"
    assert section_from_trail("HOME Contact us") is None


def test_the_section_comes_from_the_web_address():
    assert section_from_url("http://www.example.org/tourism/hotels/2024/12.html") == "Tourism/Hotels"
    assert section_from_url("https://example.org/culture/culture-figures/lao-she") == "Culture/Culture Figures"
    assert section_from_url("https://example.org/about/") is None


def test_every_section_of_the_menu_has_bundled_pages_in_both_languages(index):
    have = {(page.section, page.lang) for page in index.latest(1000)}
    assert have == {(section, lang) for section in SECTIONS for lang in ("en", "zh")}


def test_bundled_pages_are_marked_as_samples():
    for path in PAGES.glob("*.md"):
        text = path.read_text(encoding="utf-8")
        assert path.name.startswith("sample-") and "sample: true" in text and "source: sample" in text, path
        assert "*Sample page" in text or "*示例页面" in text, path


def test_front_matter_names_section_and_language():
    page = extract_markdown(
        "---\ntitle: Hostels\nsection: hotels\ndate: 2026-01-05\nlang: zh\nkeywords: hostel, dorm\n---\nText.\n", "x.md"
    )
    assert (page.section, page.lang, page.keywords) == ("Tourism/Hotels", "zh", "hostel, dorm")


def test_an_unknown_section_names_its_line_and_the_sections():
    with pytest.raises(Exception) as error:
        extract_markdown("---\ntitle: Hostels\ndate: 2026-01-05\nsection: Sleeping\n---\nText.\n", "x.md")
    assert "line 4" in str(error.value) and "unknown section 'Sleeping'" in str(error.value)
    assert "Tourism/Hotels" in str(error.value)


def test_a_text_page_takes_its_section_from_its_trail():
    page = extract_text_page(
        "HOME Culture Festival\n\nLantern Show\n\n2026-02-10\n\nLanterns at the temple fair.\n", "lantern.txt"
    )
    assert page.section == "Culture/Festival" and page.language == "en"


def test_section_at_ingest_wins_and_a_page_without_one_fails(tmp_path):
    index = NewsIndex(tmp_path / "i.sqlite3")
    page = tmp_path / "tickets.md"
    page.write_text(
        "---\ntitle: Ferry tickets\ndate: 2026-03-01\n---\nBuy ferry tickets at the pier.\n", encoding="utf-8"
    )
    summary = ingest(index, [str(page)], default_section=None)
    assert summary.added == 0 and "no section" in str(summary.failed[0]) and "--section" in str(summary.failed[0])
    assert ingest(index, [str(page)], section="Tourism/Entrance tickets").added == 1
    assert [p.section for p in index.latest(5)] == ["Tourism/Entrance tickets"]


def test_an_index_from_before_sections_keeps_its_news(tmp_path):
    path = tmp_path / "old.sqlite3"
    old = sqlite3.connect(path)
    old.executescript(
        "CREATE TABLE articles (id INTEGER PRIMARY KEY, origin TEXT NOT NULL UNIQUE, content_key TEXT NOT NULL "
        "UNIQUE, title TEXT NOT NULL, published TEXT NOT NULL, byline TEXT NOT NULL, category TEXT NOT NULL, "
        "summary TEXT NOT NULL, body TEXT NOT NULL, source TEXT NOT NULL, url TEXT NOT NULL, ingested_at TEXT NOT NULL);"
        "INSERT INTO articles VALUES (1, 'a', 'k', 'Port news', '2021-05-01', '', '', 'S', 'Port text.', 'a.txt', '', 'x');"
    )
    old.close()
    index = NewsIndex(path)
    assert [(p.title, p.section) for p in index.latest(5, section=NEWS)] == [("Port news", NEWS)]


# The search and its threshold.


@pytest.mark.parametrize(
    "question, lang, section",
    [
        ("what festivals are there?", "en", "Culture/Festival"),
        ("When is the Qingdao beer festival?", "en", "Culture/Festival"),
        ("青岛啤酒节是什么时候", "zh", "Culture/Festival"),
        ("where can I eat seafood?", "en", "Tourism/Dining"),
        ("policies for foreign companies", "en", "Business/Policies & Regulations"),
        ("酒店推荐", "zh", "Tourism/Hotels"),
        ("Can you recommend a hotel near the beach?", "en", "Tourism/Hotels"),
        ("老舍在青岛住过吗", "zh", "Culture/Culture Figures"),
        ("when was Qingdao a German concession", "en", "Culture/History"),
        ("外商投资负面清单", "zh", "Business/Policies & Regulations"),
    ],
)
def test_a_section_question_finds_a_page_of_that_section_in_its_language(index, question, lang, section):
    best = find_pages(index, question, lang)[0]
    assert (best.page.section, best.page.lang) == (section, lang)


@pytest.mark.parametrize(
    "question",
    [
        "what is 2+2",
        "contact details please",
        "can I visit on sunday",
        "I want to volunteer at the center",
        "Do you offer Chinese language classes?",
        "你们有中文课吗",
        "What events are on this weekend?",
        "what time does the office open in the morning",
        "急救电话是多少",
        "hotels in Beijing",
        "上海的酒店",
        "北京有什么好吃的",
        "is there a cheap hostel in Shanghai",  # the hotels page's own words, but another city
        "tell me a joke",
        "what is your name",
        "帮我找工作",
        "出租车多少钱",
        "",
        "？？？",
    ],
)
def test_a_question_no_page_answers_gets_none(index, question):
    assert find_pages(index, question, "en") == []
    assert answer_from_pages(question, "en") is None


def test_a_word_that_says_when_makes_no_page_the_answer_alone(index):
    assert find_pages(index, "what is the best month to come to Qingdao?", "en") == []
    assert find_pages(index, "几月份来青岛旅游最合适", "zh") == []
    assert find_pages(index, "what month is the beer festival?", "en")[0].page.section == "Culture/Festival"
    assert find_pages(index, "啤酒节是几月份", "zh")[0].page.section == "Culture/Festival"


def test_asking_words_and_grammar_are_not_what_a_question_is_about():
    assert question_terms("Can you recommend a good hotel near the beach?") == ["hotel", "beach"]
    assert question_terms("青岛有什么好吃的") == ["好吃"]
    assert question_terms("what happened in 1898, 2+2?") == ["happened", "1898"]


def test_a_word_a_page_is_about_counts_whole_and_otherwise_by_its_parts(index):
    # 啤酒节 (the beer festival) is in the festival page's keywords: the food page on beer is not the answer.
    [festival, *_] = find_pages(index, "啤酒节要门票吗", "zh")
    assert festival.page.section == "Culture/Festival"
    assert all(m.page.section != "Culture/Food" for m in find_pages(index, "啤酒节什么时候开始", "zh"))
    # No page is about 风俗习惯 as one word; 风俗 and 习惯 find the traditions page.
    assert find_pages(index, "青岛有什么风俗习惯", "zh")[0].page.section == "Culture/Fashion & Traditions"


def test_among_pages_that_fit_as_well_the_one_naming_a_phrase_of_the_question_comes_first(index):
    # "customs" is a keyword of the traditions page and of the Free Trade Zone's (customs procedures);
    # "local customs" is the traditions page's alone.
    [first, second, *_] = find_pages(index, "what local customs should I know about?", "en")
    assert round(first.score, 6) == round(second.score, 6)
    assert first.page.section == "Culture/Fashion & Traditions"
    assert second.page.section == "Business/Free Trade Zone"


def test_a_section_limits_the_search(index):
    assert find_pages(index, "free trade zone", "en", section=NEWS)[0].page.section == NEWS
    assert (
        find_pages(index, "free trade zone", "en", section="Business/Free Trade Zone")[0].page.section
        == "Business/Free Trade Zone"
    )


def test_news_answers_never_give_other_sections_pages(index):
    news_replies = build_news_replies(read_yaml(ROOT / "data" / "news_replies.yml"), "news_replies.yml")
    answer = answer_question(
        index, news_replies, "what's the latest business news?", "en", date.fromisoformat(FIXED_NOW[:10]), "0"
    )
    titles = [message.split("\n")[0] for message in answer.messages[1:]]
    assert titles == [page.title for page in index.latest(3, section=NEWS)]
    assert all(not title.startswith("Sample: Festivals") for title in titles)


# The answer.


def test_the_answer_is_a_passage_with_the_pages_title_date_and_source(index, replies):
    answer = best_answer(index, replies, "When is the Qingdao beer festival?", "en")
    assert answer.section == "Culture/Festival" and "summer" in answer.passage and "beer" in answer.passage.lower()
    assert answer.messages == [
        fill(
            replies["page"],
            "en",
            {
                "passage": answer.passage,
                "title": answer.title,
                "date": day_text(answer.published, "en"),
                "source": "sample-culture-festival.en.md",
                "phone": "",
            },
        )
    ]
    zh = best_answer(index, replies, "青岛啤酒节是什么时候", "zh")
    assert "8月" in zh.passage and "《示例：青岛的节庆活动》" in zh.messages[0] and "2026年11月20日" in zh.messages[0]


def test_the_passage_is_the_sentence_with_the_questions_words():
    body = "Qingdao is a port.\nTrains leave from the station. Tickets are sold online.\nThe end."
    assert best_passage(body, ["tickets"]) == "Tickets are sold online. The end."
    assert best_passage(body, ["nothing"]) == "Qingdao is a port. Trains leave from the station."


def test_more_gives_the_next_fitting_page_then_says_there_is_no_more(index, replies):
    first = best_answer(index, replies, "free trade zone", "en")
    assert first.paging == {"text": "free trade zone", "lang": "en", "section": None, "offset": 1}
    second = answer_more(index, replies, first.paging, "en")
    assert second.messages[0] == pick(replies["more"], "en") and second.title != first.title
    while second.paging:
        second = answer_more(index, replies, second.paging, "en")
    last = answer_more(index, replies, {**first.paging, "offset": 99}, "en")
    assert last.paging is None and "0532-68873099" in last.messages[0]


# The actions.


def run(action, text: str, slots: Optional[Dict] = None, intent: str = "ask_pages"):
    message = {"text": text, "intent": {"name": intent, "confidence": 0.99}, "entities": []}
    tracker = Tracker("visitor", slots or {}, message, [], False, None, {}, "action_listen")
    dispatcher = CollectingDispatcher()
    return dispatcher.messages, action.run(dispatcher, tracker, {})


def slot(events, name):
    return next(e["value"] for e in events if e.get("name") == name)


def test_action_pages_answers_and_offers_more_which_follows_the_pages(index, replies):
    messages, events = run(ActionPages(), "what is the free trade zone?")
    assert (
        "Free Trade Zone" in messages[0]["text"] and messages[0]["buttons"][0]["payload"] == pages_actions.MORE_PAYLOAD
    )
    paging = slot(events, pages_actions.PAGING_SLOT)
    more, _ = run(
        news_actions.ActionNewsMore(),
        "/more_news",
        {pages_actions.PAGING_SLOT: paging, news_actions.PAGING_SLOT: {"offset": 3}},
    )
    assert more[0]["text"] == pick(replies["more"], "en") and more[1]["text"] != messages[0]["text"]
    _, events = run(news_actions.ActionNews(), "latest news", intent="ask_news")
    assert slot(events, pages_actions.PAGING_SLOT) is None  # "more" now pages the news


def test_action_pages_is_honest_when_no_page_fits_and_notes_the_question(index, replies, tmp_path, monkeypatch):
    monkeypatch.setenv("QICC_STATE_DIR", str(tmp_path))
    messages, _ = run(ActionPages(), "你们有中文课吗")
    assert messages[0]["text"] == reply(current_center(), "fallback", "zh")
    from bot.faq.unanswered import unanswered_log

    assert [m.text for m in unanswered_log().messages()][-1:] == ["你们有中文课吗"]


# The staff commands.


def test_cli_pages_ingest_list_search_check(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("QICC_NEWS_INDEX", str(tmp_path / "cli.sqlite3"))
    page = tmp_path / "ferry.txt"
    page.write_text(
        "Ferry Tickets to Huangdao\n2026-03-01\nFerry tickets to Huangdao are sold at the pier.\n", encoding="utf-8"
    )
    assert cli.main(["pages", "ingest", str(page)]) == 1
    assert "no section" in capsys.readouterr().out
    assert cli.main(["pages", "ingest", "--section", "tickets", str(page)]) == 0
    assert cli.main(["pages", "ingest", str(PAGES)]) == 0
    assert "22 added, 0 updated, 0 unchanged, 0 failed" in capsys.readouterr().out
    assert cli.main(["pages", "list", "--section", "Tourism/Entrance tickets"]) == 0
    out = capsys.readouterr().out
    assert "Ferry Tickets to Huangdao" in out and "3 of 3 pages" in out
    assert cli.main(["pages", "search", "ferry", "to", "huangdao"]) == 0
    assert "Ferry Tickets" in capsys.readouterr().out
    assert cli.main(["pages", "search", "tell", "me", "a", "joke"]) == 0
    assert "no page fits" in capsys.readouterr().out
    assert cli.main(["pages", "check"]) == 0
    assert "OK, 22 pages" in capsys.readouterr().out


def test_cli_rejects_an_unknown_section(capsys):
    with pytest.raises(SystemExit):
        cli.main(["pages", "list", "--section", "Weather"])
    assert "unknown section 'Weather'" in capsys.readouterr().err


@pytest.mark.parametrize(
    "command", [["pages"], ["pages", "ingest"], ["pages", "list"], ["pages", "search"], ["pages", "check"]]
)
def test_every_pages_command_has_help(command, capsys):
    with pytest.raises(SystemExit) as done:
        cli.main([*command, "--help"])
    assert done.value.code == 0 and "usage: qicc pages" in capsys.readouterr().out
