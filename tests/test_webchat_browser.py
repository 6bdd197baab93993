"""The chat page and the website widget in headless Chromium, against the running assistant.

Replies that carry quick-reply buttons, a picture or HTML-looking text are made by adding them
to the assistant's real reply in the browser (Playwright's request routing): the page must show
whatever a custom action sends, and clicking a button still goes to the real assistant.
"""

from __future__ import annotations

import base64
import json
import re

import pytest
from playwright.sync_api import expect

from bot.channels.webchat.origins import allowed_origins
from bot.channels.webchat.page import interface_texts
from bot.settings import settings
from tests.browser import PHONE, screenshot

TEXTS = interface_texts()
EN = {key: value["en"] for key, value in TEXTS.items() if key != "suggestions"}
ZH = {key: value["zh"] for key, value in TEXTS.items() if key != "suggestions"}
REST = "**/webhooks/rest/webhook"
# A 1x1 PNG, served by the test in place of a picture on another website.
PIXEL = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
)


@pytest.fixture
def page(browser, assistant, request):
    """A fresh visitor (no history) with an English browser; a screenshot of the end of each test."""
    context = browser.new_context(locale="en-US")
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(error))
    page.goto(f"{assistant.base_url}/chat/")
    yield page
    screenshot(page, request.node.name)
    context.close()
    assert not errors, f"JavaScript errors on the page: {errors}"


def messages(page):
    return page.get_by_role("log")


def ask(page, text: str) -> None:
    box = page.get_by_role("textbox", name=EN["input_label"])
    box.fill(text)
    box.press("Enter")


def add_to_reply(page, extra: dict, text: str = None):
    """Let the assistant answer the next message, then add ``extra`` (buttons, image...) to its reply."""

    def handle(route):
        response = route.fetch()
        replies = response.json()
        replies[-1].update(extra)
        if text is not None:
            replies[-1]["text"] = text
        route.fulfill(response=response, json=replies)

    page.route(REST, handle, times=1)


def test_visitor_asks_for_the_phone_number_and_sees_it(page, center):
    expect(messages(page)).to_contain_text(center.replies["greet"]["en"].split("{")[0])
    ask(page, "What is your phone number?")
    expect(messages(page)).to_contain_text(center.phone)
    expect(page.get_by_role("textbox", name=EN["input_label"])).to_be_focused()


def test_a_suggested_question_is_a_quick_reply(page, center):
    suggestion = TEXTS["suggestions"][1]["en"]
    page.get_by_role("group", name=EN["suggestions_label"]).get_by_role("button", name=suggestion).click()
    expect(messages(page)).to_contain_text(suggestion)
    expect(messages(page)).to_contain_text(center.phone)
    expect(page.get_by_role("group", name=EN["suggestions_label"])).to_have_count(0)


def test_bot_buttons_are_quick_replies_that_send_their_payload(page, center):
    add_to_reply(
        page,
        {
            "buttons": [
                {"title": "Phone number", "payload": "/ask_phone"},
                {"title": "Address", "payload": "/ask_address"},
            ]
        },
    )
    ask(page, "hello")
    replies = page.get_by_role("group", name=EN["quick_replies_label"])
    expect(replies.get_by_role("button")).to_have_count(2)
    sent = []
    page.on("request", lambda r: sent.append(r.post_data) if r.url.endswith("/webhooks/rest/webhook") else None)
    replies.get_by_role("button", name="Phone number").click()
    expect(messages(page)).to_contain_text(center.phone)
    assert json.loads(sent[0])["message"] == "/ask_phone"
    expect(replies.get_by_role("button", name="Address")).to_be_disabled()  # answered: no second click


def test_links_are_clickable_and_pictures_are_shown(page):
    page.route("https://pictures.example.test/**", lambda route: route.fulfill(body=PIXEL, content_type="image/png"))
    add_to_reply(
        page,
        {"image": "https://pictures.example.test/zhanqiao.png"},
        text="Zhanqiao Pier: https://www.example.test/zhanqiao. Tickets: [buy here](https://tickets.example.test/a?b=1)",
    )
    ask(page, "hello")
    log = messages(page)
    expect(log.get_by_role("link", name="https://www.example.test/zhanqiao")).to_have_attribute(
        "href", "https://www.example.test/zhanqiao"
    )  # the full stop after the address is not part of it
    expect(log.get_by_role("link", name="buy here")).to_have_attribute("href", "https://tickets.example.test/a?b=1")
    picture = log.get_by_role("img", name=EN["image"])
    expect(picture).to_be_visible()
    assert picture.evaluate("img => img.complete && img.naturalWidth") == 1


def test_the_conversation_survives_a_reload(page, center):
    ask(page, "What is your phone number?")
    expect(messages(page)).to_contain_text(center.phone)
    page.reload()
    expect(messages(page)).to_contain_text("What is your phone number?")
    expect(messages(page)).to_contain_text(center.phone)


def test_a_script_in_a_message_is_shown_as_text_and_never_runs(page):
    attack = '<script>window.attacked = 1</script><img src=x onerror="window.attacked = 2">'
    add_to_reply(page, {}, text='<b>bold?</b><img src=y onerror="window.attacked = 3">')
    ask(page, attack)
    log = messages(page)
    expect(log).to_contain_text(attack)
    expect(log).to_contain_text('<b>bold?</b><img src=y onerror="window.attacked = 3">')
    assert log.locator("script, b, img").count() == 0
    assert page.evaluate("window.attacked") is None


def test_the_typing_indicator_shows_while_the_assistant_answers(page, center):
    held = []
    page.route(REST, lambda route: held.append(route), times=1)  # held until the indicator has been seen
    ask(page, "What is your phone number?")
    status = page.get_by_role("status")
    expect(status).to_have_text(EN["typing"])
    expect(page.locator("#typing .dots")).to_be_visible()
    held[0].continue_()
    expect(messages(page)).to_contain_text(center.phone)
    expect(status).to_have_text("")
    expect(page.locator("#typing .dots")).to_be_hidden()


def test_a_message_that_cannot_be_sent_is_kept_and_the_phone_number_given(page, center):
    page.route(REST, lambda route: route.abort())
    ask(page, "What are your opening hours?")
    expect(messages(page)).to_contain_text(EN["not_sent"])
    expect(messages(page)).to_contain_text(center.phone)
    expect(page.get_by_role("textbox", name=EN["input_label"])).to_have_value("What are your opening hours?")


def test_keyboard_order_and_labels(page):
    page.get_by_role("button", name=EN["new_conversation"]).focus()
    order = []
    for _ in range(7):
        page.keyboard.press("Tab")
        order.append(
            page.evaluate("(e => e.id || e.getAttribute('aria-label') || e.textContent)(document.activeElement)")
        )
    suggestions = [s["en"] for s in TEXTS["suggestions"]]
    assert order == ["language", "messages", *suggestions, "message", "send"]
    expect(page.get_by_role("button", name=ZH["switch_language"])).to_have_text(ZH["language_name"])


def test_a_chinese_browser_gets_chinese_and_the_visitor_can_switch(browser, assistant):
    context = browser.new_context(locale="zh-CN")
    page = context.new_page()
    page.goto(f"{assistant.base_url}/chat/")
    expect(page.locator("html")).to_have_attribute("lang", "zh-CN")
    expect(page.get_by_role("textbox", name=ZH["input_label"])).to_be_visible()
    expect(page.get_by_role("button", name=ZH["send"])).to_be_visible()
    screenshot(page, "chinese-interface")
    page.get_by_role("button", name=EN["switch_language"]).click()
    expect(page.get_by_role("textbox", name=EN["input_label"])).to_be_visible()
    page.reload()  # the visitor's choice is remembered
    expect(page.locator("html")).to_have_attribute("lang", "en")
    context.close()


def test_phone_width(browser, assistant, center):
    context = browser.new_context(locale="en-US", **PHONE)
    page = context.new_page()
    page.goto(f"{assistant.base_url}/chat/")
    ask(page, "What is your phone number?")
    expect(messages(page)).to_contain_text(center.phone)
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    box = page.get_by_role("textbox", name=EN["input_label"]).bounding_box()
    assert 0 <= box["x"] and box["x"] + box["width"] <= 375 and box["y"] + box["height"] <= 667
    send = page.get_by_role("button", name=EN["send"]).bounding_box()
    assert send["x"] + send["width"] <= 375 and send["height"] >= 44  # big enough for a finger
    screenshot(page, "phone-width")
    context.close()


def site_context(browser):
    """A visitor on the center's website. In the test the website is a page made up in the browser,
    which Chromium counts as a public site, while the assistant runs on the loopback address: the
    visitor's permission for that (Local Network Access) stands for a public assistant."""
    return browser.new_context(locale="en-US", permissions=["local-network-access"])


def host_page(context, origin: str, assistant) -> str:
    """A page of the center's website at ``origin`` with the widget's one script tag."""
    url = f"{origin}/visit.html"
    html = (
        f"<!doctype html><html><head><title>Visit Qingdao</title></head><body><h1>Visit Qingdao</h1>"
        f'<script src="{assistant.base_url}/chat/widget.js" defer></script></body></html>'
    )
    context.route(url, lambda route: route.fulfill(body=html, content_type="text/html"))
    return url


def test_the_widget_on_a_configured_site(browser, assistant, center):
    origin = next(o for o in allowed_origins(settings().cors_origins) if o != "*")
    context = site_context(browser)
    page = context.new_page()
    page.goto(host_page(context, origin, assistant))
    launcher = page.get_by_role("button", name=EN["short_title"])
    launcher.click()
    expect(launcher).to_have_attribute("aria-expanded", "true")
    chat = page.frame_locator(f"iframe[title='{EN['short_title']}']")
    box = chat.get_by_role("textbox", name=EN["input_label"])
    box.fill("What is your phone number?")
    box.press("Enter")
    expect(chat.get_by_role("log")).to_contain_text(center.phone)
    screenshot(page, "widget-open")
    chat.get_by_role("button", name=EN["close"]).click()
    expect(launcher).to_have_attribute("aria-expanded", "false")
    expect(launcher).to_be_focused()
    # The site's own scripts may call the assistant too: its origin is allowed by CORS.
    status = page.evaluate(
        """url => fetch(url, {method: 'POST', headers: {'Content-Type': 'application/json'},
        body: JSON.stringify({sender: 'site', message: 'hello'})}).then(r => r.status)""",
        f"{assistant.base_url}/webhooks/rest/webhook",
    )
    assert status == 200
    context.close()


def test_other_sites_can_neither_frame_the_chat_nor_call_the_assistant(browser, assistant):
    if "*" in allowed_origins(settings().cors_origins):
        pytest.skip("QICC_CORS_ORIGINS allows every site")
    context = site_context(browser)
    page = context.new_page()
    page.goto(host_page(context, "https://elsewhere.test", assistant))
    with page.expect_console_message(lambda m: "frame-ancestors" in m.text) as refusal:
        page.get_by_role("button", name=EN["short_title"]).click()  # the script itself loads anywhere
    assert "has been blocked" in refusal.value.text
    blocked = page.evaluate(
        """url => fetch(url, {method: 'POST', headers: {'Content-Type': 'application/json'},
        body: JSON.stringify({sender: 'elsewhere', message: 'hello'})}).then(() => 'answered', e => String(e))""",
        f"{assistant.base_url}/webhooks/rest/webhook",
    )
    assert re.search("Failed to fetch", blocked)
    context.close()
