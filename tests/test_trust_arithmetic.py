"""A sum to work out gets the honest reply, not a page or an answer that shares a word with it; dates,
phone numbers, prices and "3 times a week" are not sums."""

from __future__ import annotations

import pytest

from actions.fallback import ActionFallback
from bot.center.answers import reply
from bot.center.facts import current_center
from bot.pages.answers import answer_from_pages
from bot.pages.bundled import index_bundled_pages
from bot.settings import settings
from bot.trust.arithmetic import asks_arithmetic
from bot.trust.choice import NOTHING, choose
from tests.test_faq_actions import logged
from tests.test_trust_actions import run


@pytest.mark.parametrize(
    "text",
    [
        "what's 15 times 7?",
        "what is 2+2",
        "1+1等于几",
        "15乘以7是多少",
        "what is 100 divided by 4",
        "三加五等于几",
        "一加一是多少",
    ],
)
def test_a_sum_is_arithmetic(text):
    assert asks_arithmetic(text)


@pytest.mark.parametrize(
    "text",
    [
        "are you open on 2026-12-03?",
        "call 0532-8288 1234",
        "I come 3 times a week",
        "open 9:00-17:00?",
        "is it 1/2 price for students",
        "can I park a 4x4 car",
        "五一加班吗",
        "一百加元是多少人民币",
        "2号线乘3站到哪",
        "你们是7×24小时服务吗",
        "call +86 532 8288 1234",
    ],
)
def test_dates_phone_numbers_and_prices_are_not_sums(text):
    assert not asks_arithmetic(text)


def test_a_sum_gets_the_honest_reply_though_a_page_shares_a_word_with_it(content):
    _, state = content
    index_bundled_pages(settings())
    text = "what's 15 times 7 tickets?"
    assert answer_from_pages(text, "en") is not None  # "tickets": the entrance tickets page
    assert choose(text, [("ask_hours", 0.9)]).kind == NOTHING
    [message] = run(ActionFallback(), text, [("out_of_scope", 0.9)])
    assert message["text"] == reply(current_center(), "fallback", "en")
    assert [(row[0], row[4]) for row in logged(state)] == [(text, "fallback")]
