"""What a news question asks for: the period (date ranges), the topic and how many articles."""

from __future__ import annotations

from datetime import date
from typing import Optional

import pytest

from bot.news.answers import describe_period
from bot.news.period import find_period
from bot.news.query import DEFAULT_COUNT, parse_question

TODAY = date(2026, 11, 27)  # a Friday


def d(text: Optional[str]) -> Optional[date]:
    return date.fromisoformat(text) if text else None


@pytest.mark.parametrize(
    "question, since, until",
    [
        ("news from May 2021", "2021-05-01", "2021-05-31"),
        ("anything in february 2024?", "2024-02-01", "2024-02-29"),
        ("what happened last month", "2026-10-01", "2026-10-31"),
        ("business news since 2020", "2020-01-01", None),
        ("news after 2024", "2025-01-01", None),
        ("anything before 2022?", None, "2021-12-31"),
        ("what's the news this year?", "2026-01-01", "2026-11-27"),
        ("news last year", "2025-01-01", "2025-12-31"),
        ("smart city news in 2021", "2021-01-01", "2021-12-31"),
        ("news from 22 May 2021", "2021-05-22", "2021-05-22"),
        ("news on May 22, 2021", "2021-05-22", "2021-05-22"),
        ("news dated 2021-05-22", "2021-05-22", "2021-05-22"),
        ("between March and May 2024", "2024-03-01", "2024-05-31"),
        ("from 2020 to 2022", "2020-01-01", "2022-12-31"),
        ("news in December", "2025-12-01", "2025-12-31"),  # the latest December that has begun
        ("news in November", "2026-11-01", "2026-11-30"),
        ("articles from the past 3 months", "2026-08-27", "2026-11-27"),
        ("news this week", "2026-11-23", "2026-11-27"),
        ("news last week", "2026-11-16", "2026-11-22"),
        ("news today", "2026-11-27", "2026-11-27"),
        ("2021年5月的新闻", "2021-05-01", "2021-05-31"),
        ("上个月的商务新闻", "2026-10-01", "2026-10-31"),
        ("今年有什么新闻", "2026-01-01", "2026-11-27"),
        ("去年的新闻", "2025-01-01", "2025-12-31"),
        ("2020年以来的商务新闻", "2020-01-01", None),
        ("最近三个月有什么资讯", "2026-08-27", "2026-11-27"),
        ("十二月的新闻", "2025-12-01", "2025-12-31"),
    ],
)
def test_periods(question, since, until):
    period, _ = find_period(question, TODAY)
    assert period is not None, question
    assert (period.since, period.until) == (d(since), d(until))


@pytest.mark.parametrize(
    "question", ["may I see the latest news?", "what's new?", "news about the port", "top 5 headlines", "最新新闻"]
)
def test_no_period(question):
    assert find_period(question, TODAY)[0] is None


def test_last_month_in_january_is_december_of_the_year_before():
    period, _ = find_period("news from last month", date(2026, 1, 15))
    assert (period.since, period.until) == (date(2025, 12, 1), date(2025, 12, 31))


@pytest.mark.parametrize(
    "question, topic, count",
    [
        ("what's the latest business news?", "", DEFAULT_COUNT),
        ("give me the 5 latest news", "", 5),
        ("top 2 headlines", "", 2),
        ("the 50 latest news", "", 10),  # at most 10 in one answer
        ("news about the free trade zone", "free trade zone", DEFAULT_COUNT),
        ("anything on the smart city?", "smart city", DEFAULT_COUNT),
        ("smart city news in 2021", "smart city", DEFAULT_COUNT),
        ("Any news about Qingdao's port?", "port", DEFAULT_COUNT),
        ("最新5条新闻", "", 5),
        ("有没有关于智慧城市的新闻", "智慧城市", DEFAULT_COUNT),
        ("上个月有什么自贸区的新闻", "自贸区", DEFAULT_COUNT),
        # Question words are no topic: 年 of 多少年 would find every article with a year in it.
        ("青岛建城多少年了", "建城", DEFAULT_COUNT),
        ("为什么港口的新闻这么多", "港口", DEFAULT_COUNT),
    ],
)
def test_topic_and_count(question, topic, count):
    query = parse_question(question, TODAY)
    assert (query.topic, query.count) == (topic, count)


def test_topic_and_period_together():
    query = parse_question("free trade zone news since 2019", TODAY)
    assert query.topic == "free trade zone"
    assert (query.period.since, query.period.until) == (date(2019, 1, 1), None)


@pytest.mark.parametrize(
    "question, en, zh",
    [
        ("news from May 2021", "May 2021", "2021年5月"),
        ("news in 2021", "2021", "2021年"),
        ("since 2020", "since 1 January 2020", "2020年1月1日以来"),
        ("before 2022", "up to 31 December 2021", "2021年12月31日及以前"),
        ("news on 22 May 2021", "22 May 2021", "2021年5月22日"),
        ("from 2020 to 2021", "1 January 2020 to 31 December 2021", "2020年1月1日至2021年12月31日"),
    ],
)
def test_periods_are_named_for_visitors(question, en, zh):
    period, _ = find_period(question, TODAY)
    assert describe_period(period, "en") == en
    assert describe_period(period, "zh") == zh
