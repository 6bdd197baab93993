"""Talk to a person, in two browsers: a visitor in the web chat page and a staff member in the console that
`qicc run` started beside the assistant. Screenshots go to tests/artifacts/handoff-*.png."""

from __future__ import annotations

import re
import time

import pytest
from playwright.sync_api import expect

from bot.center.answers import reply
from bot.database import handoffs as handoffs_table
from bot.settings import settings
from tests.browser import ask_in_chat, new_page, screenshot
from tests.console_server import EN, ZH, log_in

pytestmark = pytest.mark.slow


def say(page, text):
    box = page.get_by_role("textbox").first
    box.fill(text)
    box.press("Enter")


def conversation_of(visitor_page):
    """The conversation of the chat page (its sender id is kept in the browser's storage)."""
    return "rest:" + visitor_page.evaluate("JSON.parse(localStorage.getItem('qicc-chat')).sender")


def before_placeholder(text):
    return text.split("{")[0]


def test_a_visitor_and_a_staff_member_talk_in_the_same_chat(
    browser, assistant, live_console, handoffs, center, nobody_on_duty
):
    staff = new_page(browser)
    log_in(staff, live_console, "ada")
    staff.get_by_role("link", name=EN["nav_visitors"]).click()
    staff.get_by_role("button", name=EN["become_available"]).click()
    expect(staff.locator("#presence-state")).to_have_text(EN["you_available"])

    visitor = ask_in_chat(browser, assistant, "I want to talk to a person")
    log = visitor.get_by_role("log")
    expect(log).to_contain_text(before_placeholder(center.replies["handoff_queued"]["en"]), timeout=30_000)
    say(visitor, "Where can I extend my visa?")

    # The queue shows the new visitor by itself (title badge and list), with what they wrote.
    expect(staff).to_have_title(re.compile(r"^\(\d+\)"), timeout=15_000)
    waiting = staff.locator("section.waiting", has_text="Where can I extend my visa?")
    expect(waiting).to_be_visible(timeout=15_000)
    expect(waiting).to_contain_text(EN["language_en"])
    screenshot(staff, "handoff-en-queue")
    waiting.get_by_role("button", name=EN["take"]).click()
    expect(log).to_contain_text(reply(center, "handoff_taken", "en", name="ada"), timeout=10_000)

    expect(staff.get_by_role("heading", level=1)).to_have_text(EN["talk_title"])
    expect(staff.locator("#messages")).to_contain_text("Where can I extend my visa?")
    option = staff.locator("#canned option", has_text="visa_extension: ").text_content()
    staff.get_by_label(EN["canned_reply"]).select_option(label=option)
    canned = staff.get_by_label(EN["your_reply"]).input_value()
    assert "visa" in canned.lower()  # the FAQ answer in the visitor's language, placeholders filled in
    assert "{" not in canned
    staff.get_by_role("button", name=EN["send"]).click()

    expect(log).to_contain_text(canned.splitlines()[0], timeout=10_000)  # pushed, without the visitor writing
    expect(staff.locator(".delivery.delivered")).to_have_count(2, timeout=10_000)  # who answers, and the text
    visitor.reload()  # the page keeps listening after a reload
    say(visitor, "Thank you! Is it far?")
    expect(staff.locator("#messages")).to_contain_text("Thank you! Is it far?", timeout=10_000)
    staff.get_by_label(EN["your_reply"]).fill("About twenty minutes by taxi.")
    staff.get_by_role("button", name=EN["send"]).click()
    expect(log).to_contain_text("About twenty minutes by taxi.", timeout=10_000)
    screenshot(staff, "handoff-en-chat")

    staff.once("dialog", lambda dialog: dialog.accept())
    staff.get_by_role("button", name=EN["end_talk"]).click()
    expect(staff.get_by_role("status")).to_have_text(EN["ended"])
    expect(log).to_contain_text(reply(center, "handoff_back", "en"), timeout=10_000)
    screenshot(visitor, "handoff-en-visitor")
    say(visitor, "What is your phone number?")
    expect(log.locator(".bot").last).to_contain_text(center.phone, timeout=30_000)  # the assistant again

    staff.get_by_role("link", name=EN["nav_overview"]).click()
    expect(staff.locator(".handoff-outcomes")).to_contain_text(EN["handoff_outcome_answered"])
    staff.get_by_role("button", name=EN["logout"]).click()
    assert handoffs.available_staff() == []  # signed out: no visitor is handed to them
    assert staff.errors == [] and visitor.errors == []


def test_a_message_left_with_nobody_there_is_found_in_the_console(
    browser, assistant, live_console, center, nobody_on_duty
):
    visitor = ask_in_chat(browser, assistant, "我想找人工客服")
    log = visitor.get_by_role("log")
    expect(log).to_contain_text(reply(center, "message_offer_web", "zh"), timeout=30_000)
    say(visitor, "我想预约参观，请发邮件给 visitor@example.com")
    expect(log).to_contain_text(reply(center, "message_taken_web", "zh", contact="visitor@example.com"), timeout=10_000)

    staff = new_page(browser, locale="zh-CN")
    log_in(staff, live_console, "ada", texts=ZH)
    staff.get_by_role("link", name=ZH["nav_visitors"]).click()
    left = staff.locator("section.left-message", has_text="我想预约参观")
    expect(left).to_contain_text(ZH["reply_by_contact"].format(contact="visitor@example.com"))
    expect(left).to_contain_text(ZH["unanswered"])
    screenshot(staff, "handoff-zh-visitors")
    left.get_by_role("button", name=ZH["mark_answered"]).click()
    expect(staff.get_by_role("status")).to_have_text(ZH["marked_answered"])
    expect(left).not_to_contain_text(ZH["unanswered"])
    assert staff.errors == [] and visitor.errors == []


def test_when_nobody_takes_the_visitor_in_time_the_assistant_apologises_and_offers_a_message(
    browser, assistant, handoffs, center, staff_on_duty
):
    visitor = ask_in_chat(browser, assistant, "Can I talk to a staff member?")
    log = visitor.get_by_role("log")
    expect(log).to_contain_text(before_placeholder(center.replies["handoff_queued"]["en"]), timeout=30_000)
    handoff = handoffs.open_for(conversation_of(visitor))
    backdate(handoffs, handoff.id, minutes=settings().handoff_wait_minutes + 1)  # the wait ran out
    expect(log).to_contain_text(reply(center, "handoff_timeout", "en"), timeout=10_000)  # without writing
    expect(log).to_contain_text(reply(center, "message_offer_web", "en"))
    say(visitor, "Please call me back at +86 138 0013 8000 about a visit")
    expect(log).to_contain_text(reply(center, "message_taken_web", "en", contact="+86 138 0013 8000"), timeout=10_000)
    assert handoffs.get(handoff.id).outcome == "message_left"
    screenshot(visitor, "handoff-en-timeout")
    assert visitor.errors == []


def backdate(handoffs, handoff_id, minutes):
    with handoffs.engine.begin() as db:
        db.execute(
            handoffs_table.update()
            .where(handoffs_table.c.id == handoff_id)
            .values(created_at=time.time() - minutes * 60)
        )
