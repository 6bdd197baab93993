"""The moment a visitor asks about, in English and Chinese."""

from __future__ import annotations

from datetime import date, datetime, time

import pytest

from bot.center.when import When, parse_when, zh_number

# A Friday morning.
NOW = datetime(2026, 11, 27, 10, 30)


@pytest.mark.parametrize(
    "text,expected",
    [
        ("are you open now?", When(date(2026, 11, 27), time(10, 30), is_now=True)),
        ("现在开门吗", When(date(2026, 11, 27), time(10, 30), is_now=True)),
        ("are you open tomorrow?", When(date(2026, 11, 28))),
        ("are u open tmrw", When(date(2026, 11, 28))),
        ("明天开吗", When(date(2026, 11, 28))),
        ("day after tomorrow?", When(date(2026, 11, 29))),
        ("on Saturday?", When(date(2026, 11, 28))),
        ("open on sundays?", When(date(2026, 11, 29))),
        ("are you open on Friday", When(date(2026, 11, 27))),
        ("next Friday?", When(date(2026, 12, 4))),
        ("next Monday at 4pm", When(date(2026, 11, 30), time(16))),
        ("下周一", When(date(2026, 11, 30))),
        ("下周五", When(date(2026, 12, 4))),
        # A part of the day is no clock time: the day's hours answer it.
        ("周六下午开吗", When(date(2026, 11, 28))),
        ("is the center open tomorrow morning?", When(date(2026, 11, 28))),
        ("星期三上午10点", When(date(2026, 12, 2), time(10))),
        ("on 1 October", When(date(2027, 10, 1))),
        ("October 1st?", When(date(2027, 10, 1))),
        ("十月一日开门吗", When(date(2027, 10, 1))),
        ("12月3号", When(date(2026, 12, 3))),
        ("2026-12-24 at 9:30", When(date(2026, 12, 24), time(9, 30))),
        ("at 4:30 pm today", When(date(2026, 11, 27), time(16, 30))),
        ("is the office open at 8:30", When(date(2026, 11, 27), time(8, 30))),
        ("下午4点", When(date(2026, 11, 27), time(16))),
        ("this weekend", When(date(2026, 11, 28), through=date(2026, 11, 29))),
        ("中心周末开不开", When(date(2026, 11, 28), through=date(2026, 11, 29))),
        ("下周末开门吗", When(date(2026, 12, 5), through=date(2026, 12, 6))),
        ("the weekend at 10am?", When(date(2026, 11, 28), time(10))),
    ],
)
def test_moments(text, expected):
    assert parse_when(text, NOW) == expected


def test_on_a_sunday_this_weekend_is_what_is_left_of_it():
    sunday = datetime(2026, 11, 29, 10, 30)
    assert parse_when("open this weekend?", sunday) == When(date(2026, 11, 29))
    assert parse_when("这个周末开吗", sunday) == When(date(2026, 11, 29))


@pytest.mark.parametrize(
    "text",
    [
        "what are your opening hours?",
        "开放时间是什么",
        "are you open this month?",
        "money",
        "wedding",
        "may I ask something",
        "sunny weather",
        "",
        "what time does the office open in the morning",
        "are you open at lunchtime",
        "下午开门吗",
    ],
)
def test_no_moment_named(text):
    assert parse_when(text, NOW) is None


@pytest.mark.parametrize("text,number", [("十", 10), ("十一", 11), ("二十一", 21), ("三十", 30), ("12", 12), ("五", 5)])
def test_chinese_numbers(text, number):
    assert zh_number(text) == number


def test_a_date_that_does_not_exist_is_no_moment():
    assert parse_when("open on 31 February?", NOW) is None
