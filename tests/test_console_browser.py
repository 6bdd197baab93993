"""The staff console in headless Chromium, as staff use it: log in, edit the FAQ, conflicts, history and
restore, both languages. Screenshots of each page go to tests/artifacts/console-*.png."""

from __future__ import annotations

import re
from pathlib import Path
import time

import pytest
from playwright.sync_api import expect

from bot.attractions.catalogue import build_catalogue
from bot.center.facts import build_center
from bot.faq.content import build_faq
from bot.news.index import NewsIndex
from bot.pages.search import find_pages
from bot.pages.sections import NEWS
from bot.settings import ROOT
from bot.content.yamlfile import read_yaml
from tests.browser import ask_in_chat, new_page, screenshot
from tests.conftest import FIXED_NOW
from tests.console_server import EN, ZH, log_in

pytestmark = pytest.mark.slow  # a staff console server per module (make check skips them)


def faq_of(data_dir):
    path = data_dir / "faq.yml"
    return build_faq(read_yaml(path), str(path))


def test_log_in_fail_with_a_wrong_password_then_succeed_and_log_out(browser, console):
    page = new_page(browser)
    log_in(page, console.url, "bo", "not the password")
    expect(page.get_by_role("alert")).to_have_text(EN["wrong_password"])
    screenshot(page, "console-login-wrong-password")
    log_in(page, console.url, "bo")
    expect(page.get_by_role("heading", level=1)).to_have_text(EN["faq_title"])
    expect(page.get_by_text(EN["signed_in_as"].format(name="bo", role=EN["role_editor"]))).to_be_visible()
    page.get_by_role("button", name=EN["logout"]).click()
    expect(page.get_by_role("status")).to_have_text(EN["logged_out"])
    page.goto(f"{console.url}/faq")
    expect(page.get_by_role("button", name=EN["login"])).to_be_visible()  # back at the login form
    assert not page.errors


def test_after_five_wrong_passwords_the_login_page_says_to_wait(browser, fresh_console):
    console = fresh_console
    page = new_page(browser)
    for _ in range(5):
        log_in(page, console.url, "chen", "wrong password")
    log_in(page, console.url, "chen")
    expect(page.get_by_role("alert")).to_contain_text(EN["throttled"].split("{")[0])
    screenshot(page, "console-login-throttled")


def test_search_edit_preview_and_save_an_answer(browser, console):
    page = new_page(browser)
    log_in(page, console.url, "bo")
    page.get_by_role("searchbox").fill("airport")
    page.get_by_role("button", name=EN["search"]).click()
    screenshot(page, "console-faq-list")
    page.get_by_role("link", name=re.compile("airport")).first.click()
    answer = page.get_by_label(EN["answer_en"])
    answer.fill("Line 8 of the metro goes to the city. Questions? Call {phone}.")
    page.get_by_role("button", name=EN["preview"]).click()
    center = build_center(read_yaml(console.data_dir / "center.yml"), "center.yml")
    expect(page.locator(".preview")).to_contain_text(f"Questions? Call {center.phone}.")
    screenshot(page, "console-faq-preview")
    page.get_by_label(EN["answer_en"]).fill("Call {telephone} for the way.")
    page.get_by_role("button", name=EN["save"]).click()
    expect(page.locator(".field-error")).to_contain_text("{telephone}")
    expect(page.get_by_label(EN["answer_en"])).to_have_attribute("aria-invalid", "true")
    screenshot(page, "console-faq-field-error")
    assert "telephone" not in faq_of(console.data_dir).get("airport").answer["en"]
    page.get_by_label(EN["answer_en"]).fill("Line 8 of the metro goes to the city. Questions? Call {phone}.")
    page.get_by_role("button", name=EN["save"]).click()
    expect(page.get_by_role("status")).to_have_text(EN["saved"])
    assert faq_of(console.data_dir).get("airport").answer["en"].startswith("Line 8 of the metro")
    assert not page.errors


def save_entry_form(page, fields):
    """Fill the entry form's fields (by their label's text key) and save it."""
    for key, value in fields.items():
        page.get_by_label(EN[key]).fill(value)
    page.get_by_role("button", name=EN["save"]).click()
    expect(page.get_by_role("status")).to_have_text(EN["saved"])


def test_add_and_delete_an_entry(browser, console):
    page = new_page(browser)
    log_in(page, console.url, "bo")
    page.get_by_role("link", name=EN["new_entry"]).click()
    save_entry_form(
        page,
        {
            "entry_id": "library_card",
            "questions_en": "How do I get a library card?\nCan foreigners use the Qingdao Library?",
            "questions_zh": "怎么办图书证？\n外国人能用青岛图书馆吗？",
            "answer_en": "Bring your passport to the library's service desk. Help: {phone}",
            "answer_zh": "请携带护照到图书馆服务台办理。咨询电话：{phone}",
        },
    )
    entry = faq_of(console.data_dir).get("library_card")
    assert entry and entry.questions["zh"] == ("怎么办图书证？", "外国人能用青岛图书馆吗？")
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name=EN["delete"]).click()
    expect(page.get_by_role("status")).to_have_text(EN["deleted"])
    assert faq_of(console.data_dir).get("library_card") is None


def test_two_editors_in_conflict_see_both_versions(browser, console):
    bo, chen = new_page(browser), new_page(browser)
    log_in(bo, console.url, "bo")
    log_in(chen, console.url, "chen")
    for page in (bo, chen):
        page.goto(
            f"{console.url}/faq/entry/wifi"
            if faq_of(console.data_dir).get("wifi")
            else f"{console.url}/faq/entry/airport"
        )
    bo.get_by_label(EN["answer_en"]).fill("Bo's answer. {phone}")
    bo.get_by_role("button", name=EN["save"]).click()
    expect(bo.get_by_role("status")).to_have_text(EN["saved"])
    chen.get_by_label(EN["answer_en"]).fill("Chen's answer. {phone}")
    chen.get_by_role("button", name=EN["save"]).click()
    expect(chen.get_by_role("alert").first).to_contain_text("bo")
    expect(chen.locator(".conflict")).to_contain_text("Bo's answer.")
    expect(chen.locator(".conflict")).to_contain_text("Chen's answer.")
    expect(chen.get_by_label(EN["answer_en"])).to_have_value("Chen's answer. {phone}")  # nothing lost
    screenshot(chen, "console-faq-conflict")


def test_an_admin_restores_an_earlier_version_in_one_click(browser, console):
    page = new_page(browser)
    log_in(page, console.url, "bo")
    page.goto(f"{console.url}/faq/entry/airport")
    original = faq_of(console.data_dir).get("airport").answer["en"]
    page.get_by_label(EN["answer_en"]).fill("A mistaken answer. {phone}")
    page.get_by_role("button", name=EN["save"]).click()
    expect(page.get_by_role("status")).to_have_text(EN["saved"])
    admin = new_page(browser)
    log_in(admin, console.url, "ada")
    admin.get_by_role("link", name=EN["nav_history"]).click()
    screenshot(admin, "console-history")
    # the change before the mistaken one holds the version to go back to
    rows = admin.locator("table.changes tbody tr")
    rows.nth(1).get_by_role("link", name=EN["show_diff"]).click()
    expect(admin.locator(".diff")).to_be_visible()
    screenshot(admin, "console-change")
    admin.once("dialog", lambda dialog: dialog.accept())
    admin.get_by_role("button", name=EN["restore"]).click()
    expect(admin.get_by_role("status")).to_have_text(EN["restore_done"])
    assert faq_of(console.data_dir).get("airport").answer["en"] == original
    # an editor sees the history but has no restore button
    page.goto(admin.url.replace("/history", "/history/1"))
    expect(page.get_by_role("button", name=EN["restore"])).to_have_count(0)


def add_closing_day(page, url, day, note_en="a staff training day", note_zh="员工培训日", until=""):
    page.goto(f"{url}/center")
    form = page.locator("form.special-add")
    form.get_by_label(EN["date_from"]).fill(day)
    form.get_by_label(EN["date_until"]).fill(until)
    form.get_by_label(EN["closed_day"]).check()
    form.get_by_label(EN["note_en"]).fill(note_en)
    form.get_by_label(EN["note_zh"]).fill(note_zh)
    form.get_by_role("button", name=EN["add_special"]).click()


def test_a_special_closing_date_is_added_and_the_day_answer_says_closed(browser, console):
    page = new_page(browser)
    log_in(page, console.url, "bo")
    add_closing_day(page, console.url, "2026-12-08")
    expect(page.get_by_role("status")).to_have_text(EN["saved"])
    expect(page.locator("table.special")).to_contain_text("a staff training day")
    page.locator("form.search").get_by_label(EN["date_from"]).fill("2026-12-08")
    page.get_by_role("button", name=EN["show"]).click()
    expect(page.locator(".answer").first).to_contain_text("closed")
    expect(page.locator(".answer").first).to_contain_text("a staff training day")
    expect(page.locator(".answer").nth(1)).to_contain_text("员工培训日")
    screenshot(page, "console-center")
    path = console.data_dir / "center.yml"
    center = build_center(read_yaml(path), str(path))
    from datetime import date

    assert center.special_day(date(2026, 12, 8)).hours == ()
    # a mistake (until before the date) is refused and the file stays as it was
    before = path.read_text(encoding="utf-8")
    add_closing_day(page, console.url, "2026-12-10", until="2026-12-09")
    expect(page.get_by_role("alert")).to_have_text(EN["not_saved"])
    assert path.read_text(encoding="utf-8") == before
    screenshot(page, "console-center-refused")


def record_unanswered(console, texts, language="en"):
    from bot.faq.unanswered import UnansweredLog

    log = UnansweredLog(console.data_dir.parent / "state" / "unanswered.sqlite3")
    for number, text in enumerate(texts):
        log.record(text, language, "webchat", f"visitor-{number}")
    log.close()


def test_a_wording_from_the_inbox_is_added_to_the_suggested_entry_and_leaves_the_inbox(browser, console):
    record_unanswered(
        console,
        ["how to go from airport into the city centre"] * 3
        + ["airport into the city centre how"]
        + ["can I bring my dog to the center"] * 2,
    )
    page = new_page(browser)
    log_in(page, console.url, "bo")
    page.get_by_role("link", name=EN["nav_inbox"]).click()
    group = page.locator("section.group", has_text="how to go from airport into the city centre")
    expect(group).to_contain_text(EN["asked"].split("{")[0].strip() or "asked")
    expect(group.get_by_role("combobox")).to_have_value("airport")  # the closest entry is suggested
    screenshot(page, "console-inbox")
    group.get_by_role("button", name=EN["save"]).click()
    expect(page.get_by_role("status")).to_have_text(EN["saved"])
    questions = faq_of(console.data_dir).get("airport").questions["en"]
    assert "how to go from airport into the city centre" in questions
    assert "airport into the city centre how" in questions
    expect(page.locator("section.group", has_text="airport into the city centre")).to_have_count(0)
    dog = page.locator("section.group", has_text="dog")
    dog.get_by_role("button", name=EN["dismiss"]).click()
    expect(page.get_by_role("status")).to_have_text(EN["dismissed"])
    expect(page.locator("section.group", has_text="dog")).to_have_count(0)


def test_a_new_entry_from_the_inbox_starts_with_its_questions(browser, console):
    record_unanswered(console, ["是否可以在中心打印文件", "中心可以打印文件吗"], language="zh")
    page = new_page(browser)
    log_in(page, console.url, "bo")
    page.goto(f"{console.url}/inbox")
    page.locator("section.group", has_text="打印").first.get_by_role("button", name=EN["new_from_this"]).click()
    expect(page.get_by_label(EN["questions_zh"])).to_contain_text("打印文件")
    save_entry_form(
        page,
        {
            "entry_id": "printing",
            "questions_en": "Can I print documents at the center?\nIs there a printer?",
            "answer_en": "Please call us at {phone} to ask.",
            "answer_zh": "请致电 {phone} 咨询。",
        },
    )
    assert faq_of(console.data_dir).get("printing")
    page.goto(f"{console.url}/inbox")
    expect(page.locator("section.group", has_text="打印")).to_have_count(0)


def record_conversation(console, sender, channel, turns):
    """Events as Rasa's SQL tracker store writes them: (visitor text, intent, assistant reply) per turn."""
    import json
    import sqlite3

    db = sqlite3.connect(console.data_dir.parent / "state" / "conversations.sqlite3")
    db.execute(
        "CREATE TABLE IF NOT EXISTS events (id INTEGER PRIMARY KEY, sender_id TEXT, type_name TEXT, "
        "timestamp REAL, intent_name TEXT, action_name TEXT, data TEXT)"
    )
    now = time.time()
    for number, (text, intent, reply) in enumerate(turns):
        at = now - 3600 * (len(turns) - number)
        user = {
            "event": "user",
            "timestamp": at,
            "text": text,
            "input_channel": channel,
            "parse_data": {"intent": {"name": intent, "confidence": 0.9}},
        }
        bot = {"event": "bot", "timestamp": at + 1, "text": reply}
        db.execute(
            "INSERT INTO events (sender_id, type_name, timestamp, intent_name, data) VALUES (?,?,?,?,?)",
            (sender, "user", at, intent, json.dumps(user)),
        )
        db.execute(
            "INSERT INTO events (sender_id, type_name, timestamp, data) VALUES (?,?,?,?)",
            (sender, "bot", at + 1, json.dumps(bot)),
        )
    db.commit()
    db.close()


def test_the_overview_charts_and_the_conversations_to_read(browser, fresh_console, monkeypatch):
    console = fresh_console
    # The log hashes senders with the key in the console's state folder, as the action server would.
    monkeypatch.setenv("QICC_STATE_DIR", str(console.data_dir.parent / "state"))
    record_conversation(
        console,
        "wx-openid-secret-1",
        "wechat",
        [("what is your phone number", "phone", "Call us."), ("你们几点开门", "hours", "9点。")],
    )
    record_conversation(console, "web-visitor-2", "rest", [("can I bring my dog", "nlu_fallback", "Sorry.")])
    from bot.faq.unanswered import UnansweredLog

    log = UnansweredLog(console.data_dir.parent / "state" / "unanswered.sqlite3")
    log.record("can I bring my dog", "en", "rest", "web-visitor-2", "fallback")
    log.close()
    page = new_page(browser)
    log_in(page, console.url, "bo")
    page.goto(f"{console.url}/overview")
    expect(page.get_by_text(EN["overview_counts"].format(messages=3, conversations=2))).to_be_visible()
    for name in ("channels", "languages", "outcomes", "topics"):
        image = page.get_by_role("img", name=EN["chart_" + name])
        expect(image).to_be_visible()
        assert image.evaluate("img => img.complete && img.naturalWidth > 0"), name
    expect(page.locator("main ol")).to_contain_text("can I bring my dog")
    screenshot(page, "console-overview")
    outcomes = page.request.get(f"{console.url}/overview/outcomes.svg").text()
    assert "<svg" in outcomes
    page.get_by_role("link", name=EN["nav_conversations"]).click()
    expect(page.locator("table.changes tbody tr")).to_have_count(2)
    assert "wx-openid-secret-1" not in page.content() and "web-visitor-2" not in page.content()
    page.get_by_label(EN["outcome"]).select_option("not_answered")
    page.get_by_role("button", name=EN["filter"]).click()
    expect(page.locator("table.changes tbody tr")).to_have_count(1)
    page.locator("table.changes tbody tr a").click()
    expect(page.locator(".conversation")).to_contain_text("can I bring my dog")
    expect(page.locator(".conversation")).to_contain_text(EN["outcome_not_answered"])
    screenshot(page, "console-conversations")
    page.get_by_label(EN["outcome"]).select_option("")
    page.get_by_label(EN["language"]).select_option("zh")
    page.get_by_role("button", name=EN["filter"]).click()
    expect(page.locator("table.changes tbody tr")).to_have_count(1)
    expect(page.locator("table.changes tbody")).to_contain_text(EN["channel_wechat"])  # named, not "wechat"


def test_the_attractions_file_is_checked_in_the_page_before_it_is_saved(browser, console):
    page = new_page(browser)
    log_in(page, console.url, "bo")
    page.get_by_role("link", name=EN["nav_attractions"]).click()
    page.get_by_role("link", name=EN["edit_whole_file"]).click()
    path = console.data_dir / "attractions.yml"
    original = path.read_text(encoding="utf-8")
    editor = page.locator("textarea[name=text]")
    expect(editor).to_have_value(original)
    editor.fill(original.replace("district: {en: Shinan District, zh: 市南区}", "district: {en: Shinan District}", 1))
    page.get_by_role("button", name=EN["check"]).click()
    expect(page.locator("div.error")).to_contain_text("attractions.yml:")
    expect(page.locator("div.error")).to_contain_text("zh")
    page.get_by_role("button", name=EN["save"]).click()
    expect(page.get_by_role("alert").first).to_have_text(EN["not_saved"])
    assert path.read_text(encoding="utf-8") == original
    screenshot(page, "console-attractions-problem")
    page.locator("textarea[name=text]").fill(original.replace("Open all day", "Open day and night", 1))
    page.get_by_role("button", name=EN["save"]).click()
    expect(page.get_by_role("status")).to_have_text(EN["saved"])
    assert "Open day and night" in path.read_text(encoding="utf-8")


def test_a_place_and_a_category_are_edited_in_their_forms_with_problems_beside_the_field(browser, console):
    path = console.data_dir / "attractions.yml"
    page = new_page(browser)
    log_in(page, console.url, "bo")
    page.get_by_role("link", name=EN["nav_attractions"]).click()
    expect(page.locator("table.places tbody tr")).to_have_count(len(catalogue_of(console.data_dir).attractions))
    screenshot(page, "console-attractions")
    page.get_by_role("link", name="Zhanqiao Pier").click()
    page.get_by_label(f"{EN['field_ticket']} · {EN['language_zh']}").fill("")
    page.get_by_role("button", name=EN["save"]).click()
    expect(page.get_by_role("alert").first).to_have_text(EN["not_saved"])
    expect(page.locator("textarea[name=ticket_zh][aria-invalid=true]")).to_be_visible()  # marked
    expect(page.locator(".field-error")).to_have_text(
        "'ticket' of attraction 'zhanqiao' has no zh text; add a line 'zh: ...'"
    )
    assert catalogue_of(console.data_dir).get("zhanqiao").texts["ticket"]["zh"] == "免费"  # nothing written
    screenshot(page, "console-attraction-problem")
    page.get_by_label(f"{EN['field_ticket']} · {EN['language_zh']}").fill("免费参观")
    page.get_by_label(f"{EN['field_ticket']} · {EN['language_en']}").fill("Free to walk on")
    page.get_by_role("button", name=EN["save"]).click()
    expect(page.get_by_role("status")).to_have_text(EN["saved"])
    assert catalogue_of(console.data_dir).get("zhanqiao").texts["ticket"] == {"en": "Free to walk on", "zh": "免费参观"}
    assert path.read_text(encoding="utf-8").startswith("# Qingdao attractions")  # the comments stay

    page.get_by_role("link", name=f"← {EN['attractions_title']}").click()
    page.get_by_role("link", name=EN["new_category"]).click()
    page.get_by_label(EN["entry_id"]).fill("viewpoint")
    page.get_by_label(f"{EN['category_label']} · {EN['language_en']}").fill("Views over the sea")
    page.get_by_label(f"{EN['category_label']} · {EN['language_zh']}").fill("观海")
    page.get_by_label(f"{EN['category_words']} · {EN['language_en']}").fill("view\nviewpoint\nsea view")
    page.get_by_label(f"{EN['category_words']} · {EN['language_zh']}").fill("观景\n看海")
    page.get_by_role("button", name=EN["save"]).click()
    expect(page.get_by_role("status")).to_have_text(EN["saved"])
    page.goto(f"{console.url}/attractions/place/zhanqiao")
    page.get_by_label("Views over the sea").check()
    page.get_by_role("button", name=EN["save"]).click()
    expect(page.get_by_role("status")).to_have_text(EN["saved"])
    catalogue = catalogue_of(console.data_dir)
    assert catalogue.categories["viewpoint"].words["zh"] == ("观景", "看海")
    assert "viewpoint" in catalogue.get("zhanqiao").categories
    screenshot(page, "console-attraction")


def catalogue_of(data_dir):
    path = data_dir / "attractions.yml"
    return build_catalogue(read_yaml(path), str(path))


def test_pages_are_uploaded_watched_to_the_end_found_and_one_removed(browser, console, tmp_path):
    page = new_page(browser)
    log_in(page, console.url, "bo")
    page.get_by_role("link", name=EN["nav_pages"]).click()
    expect(page.get_by_text(EN["pages_none"])).to_be_visible()
    broken = tmp_path / "opening-notes.md"
    broken.write_text("Notes without a title or a date.\n", encoding="utf-8")
    form = page.locator("form.ingest")
    form.get_by_label(EN["ingest_files"]).set_input_files(
        [*sorted(str(p) for p in (ROOT / "data" / "news").iterdir()), str(broken)]
    )
    form.get_by_label(EN["section"]).select_option(NEWS)
    form.get_by_role("button", name=EN["ingest_button"]).click()
    expect(page.locator("[data-job-state]")).to_have_attribute("data-job-state", "done", timeout=60_000)
    expect(page.get_by_role("status")).to_contain_text(EN["job_done"].split(".")[0])
    sco = page.locator("table.outcomes tr", has_text="sample-2018-06-10-sco-summit.md")
    expect(sco).to_contain_text(EN["result_added"])
    expect(sco).to_contain_text("Shanghai Cooperation Organisation Summit")
    expect(page.locator("table.outcomes tr", has_text="opening-notes.md")).to_contain_text("no front matter")
    screenshot(page, "console-pages-job")
    page.goto(page.url + "?lang=zh")
    expect(page.get_by_role("status")).to_contain_text(ZH["job_done"].split("。")[0])
    screenshot(page, "console-zh-pages-job")
    page.goto(f"{console.url}/pages?lang=en")
    row = page.locator("table.pages tbody tr", has_text="Shanghai Cooperation Organisation Summit")
    expect(row).to_contain_text("2018-06-10")
    expect(row).to_contain_text(EN["section_business_business_news"])
    screenshot(page, "console-pages")
    page.get_by_role("searchbox").fill("SCO summit")
    page.get_by_role("button", name=EN["search"]).click()
    expect(page.locator("table.pages tbody tr").first).to_contain_text("Shanghai Cooperation Organisation Summit")
    screenshot(page, "console-pages-search")
    page.once("dialog", lambda dialog: dialog.accept())
    row.get_by_role("button", name=EN["remove_page"]).click()
    expect(page.get_by_role("status")).to_have_text(EN["page_removed"])
    expect(page.locator("table.pages tbody tr", has_text="Shanghai Cooperation Organisation Summit")).to_have_count(0)
    assert not find_pages(NewsIndex(console.data_dir.parent / "state" / "news.sqlite3"), "SCO summit", "en")
    page.get_by_role("link", name=EN["nav_history"]).click()
    expect(page.locator("table.changes tbody tr").first).to_contain_text("removed the page")
    screenshot(page, "console-pages-history")
    assert not page.errors


def header_lines(page) -> int:
    """How many lines the top bar's links and buttons take (on the test browser's 1200 px wide window)."""
    tops = sorted(
        page.locator("header.top a, header.top button").evaluate_all(
            "items => items.map(item => item.getBoundingClientRect().top)"
        )
    )
    return 1 + sum(
        lower - upper > 20 for upper, lower in zip(tops, tops[1:], strict=False)
    )  # a line is about 40 px high


def test_the_console_in_chinese_is_remembered_and_every_page_is_shown(browser, console):
    page = new_page(browser)
    log_in(page, console.url, "ada")
    page.get_by_role("link", name=EN["other_language"]).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(ZH["faq_title"])
    page.get_by_role("link", name=ZH["nav_history"]).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(ZH["history_title"])  # remembered
    for name, path in [
        ("faq", "/faq"),
        ("entry", "/faq/entry/airport"),
        ("new", "/faq/new"),
        ("center", "/center"),
        ("inbox", "/inbox"),
        ("attractions", "/attractions"),
        ("attraction", "/attractions/place/zhanqiao"),
        ("category", "/attractions/category/beach"),
        ("attractions-file", "/files/attractions.yml"),
        ("pages", "/pages"),
        ("training", "/training"),
        ("overview", "/overview"),
        ("conversations", "/conversations"),
        ("history", "/history"),
        ("accounts", "/accounts"),
    ]:
        page.goto(console.url + path)
        expect(page.get_by_role("link", name=ZH["other_language"])).to_be_visible()
        assert header_lines(page) == 1, name
        screenshot(page, f"console-zh-{name}")
        if name == "pages":  # the website's sections as the menu of the Chinese site would name them
            expect(page.locator("select[name=section]").last).to_contain_text(ZH["section_business_business_news"])
    page.get_by_role("link", name=ZH["other_language"]).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(EN["accounts_title"])
    screenshot(page, "console-en-accounts")
    assert header_lines(page) == 1  # an admin's bar has every link
    screenshot(page, "console-en-accounts")
    fresh = new_page(browser, locale="zh-CN")
    fresh.goto(console.url + "/login")
    expect(fresh.get_by_role("button", name=ZH["login"])).to_be_visible()  # the browser's language first
    screenshot(fresh, "console-zh-login")


def saved_then_in_chat(browser, assistant, staff, question, text, name):
    """Save the staff member's form; a new visitor asking ``question`` gets ``text`` within 10 s of it."""
    staff.get_by_role("button", name=EN["save"]).click()
    expect(staff.get_by_role("status")).to_have_text(EN["saved"])
    saved_at = time.monotonic()
    visitor = ask_in_chat(browser, assistant, question)
    expect(visitor.get_by_role("log")).to_contain_text(text, timeout=10_000)
    assert time.monotonic() - saved_at < 10
    screenshot(visitor, name)


def test_an_answer_edited_in_the_console_is_in_the_chat_within_10_seconds(browser, assistant, live_console):
    staff = new_page(browser)
    log_in(staff, live_console, "ada")
    staff.goto(f"{live_console}/faq/entry/airport")
    staff.get_by_label(EN["answer_en"]).fill("From the airport, metro line 8 takes you downtown. Help: {phone}")
    saved_then_in_chat(
        browser,
        assistant,
        staff,
        "How do I get from the airport to the city?",
        "metro line 8 takes you downtown",
        "console-edit-seen-in-chat",
    )


def test_a_closing_day_added_in_the_console_makes_the_chat_say_closed(browser, assistant, live_console):
    staff = new_page(browser)
    log_in(staff, live_console, "ada")
    today = FIXED_NOW[:10]  # the assistant's frozen clock: a Friday when the center is open
    add_closing_day(staff, live_console, today, "a staff training day", "员工培训日")
    expect(staff.get_by_role("status")).to_have_text(EN["saved"])
    visitor = ask_in_chat(browser, assistant, "Are you open today?")
    expect(visitor.get_by_role("log")).to_contain_text("a staff training day", timeout=10_000)
    expect(visitor.get_by_role("log")).to_contain_text("closed")
    screenshot(visitor, "console-closing-day-seen-in-chat")


def test_a_ticket_changed_in_the_attraction_form_is_in_the_chat_within_10_seconds(browser, assistant, live_console):
    staff = new_page(browser)
    log_in(staff, live_console, "ada")
    staff.goto(f"{live_console}/attractions/place/zhanqiao")
    staff.get_by_label(f"{EN['field_ticket']} · {EN['language_en']}").fill("Free, and a guided walk costs 20 yuan")
    saved_then_in_chat(
        browser,
        assistant,
        staff,
        "How much is the ticket for Zhanqiao Pier?",
        "a guided walk costs 20 yuan",
        "console-attraction-seen-in-chat",
    )


def test_the_training_page_on_a_starter_model_says_so_in_both_languages(browser, fresh_console, tmp_path):
    starter = tmp_path / "qicc-0123456789abcdef-starter.tar.gz"
    starter.write_bytes(b"a starter model")
    (Path(fresh_console.env["QICC_STATE_DIR"]) / "live-model").write_text(str(starter), encoding="utf-8")
    page = new_page(browser)
    log_in(page, fresh_console.url, "bo")
    page.goto(f"{fresh_console.url}/training")
    expect(page.locator("[data-starter]")).to_have_text(EN["training_starter"])
    expect(page.locator("[data-stale]")).to_have_count(0)
    screenshot(page, "training-starter")
    page.goto(f"{fresh_console.url}/training?lang=zh")
    expect(page.locator("[data-starter]")).to_have_text(ZH["training_starter"])
    screenshot(page, "training-zh-starter")
    page.goto(f"{fresh_console.url}/training?lang=en")
    assert not page.errors
