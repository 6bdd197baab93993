"""Opening hours computed in Qingdao's time zone, whatever zone the machine runs in."""

from __future__ import annotations

import os
import time
from datetime import date, datetime, timedelta

import pytest
from dateutil import tz

from bot.center import hours
from bot.center.answers import hours_answer


@pytest.fixture(autouse=True)
def machine_in_another_zone():
    """Run every test here with the machine's local time in New York."""
    saved = os.environ.get("TZ")
    os.environ["TZ"] = "America/New_York"
    time.tzset()
    yield
    if saved is None:
        os.environ.pop("TZ", None)
    else:
        os.environ["TZ"] = saved
    time.tzset()


def at(center, text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=center.zone)


def a_regular_weekday(center) -> date:
    """The first Monday in 2030 with regular hours (no special date), from the content file."""
    day = date(2030, 1, 7)
    while center.special_day(day) or not center.weekly[day.weekday()]:
        day += timedelta(days=7)
    return day


@pytest.mark.parametrize("clock,expected", [("08:59", False), ("09:00", True), ("16:59", True), ("17:00", False)])
def test_the_edges_of_a_regular_day(center, clock, expected):
    ((start, end),) = center.weekly[0]
    assert (start.hour, end.hour) == (9, 17), "these edges are for 9:00-17:00 hours"
    day = a_regular_weekday(center)
    assert hours.status_at(center, at(center, f"{day}T{clock}")).open is expected


def test_the_same_instant_given_in_utc_is_judged_in_qingdao_time(center):
    day = a_regular_weekday(center)
    # 01:30 UTC is 09:30 in Qingdao (UTC+8): open, although it is the middle of the night in UTC.
    moment = datetime.fromisoformat(f"{day}T01:30").replace(tzinfo=tz.UTC)
    assert hours.status_at(center, moment).open


def test_weekend_is_closed_and_the_next_opening_is_monday_morning(center):
    saturday = a_regular_weekday(center) - timedelta(days=2)
    status = hours.status_at(center, at(center, f"{saturday}T11:00"))
    assert not status.open
    assert status.next_open == at(center, f"{saturday + timedelta(days=2)}T09:00")


def test_after_closing_on_friday_the_next_opening_is_monday(center):
    monday = a_regular_weekday(center)
    friday = monday - timedelta(days=3)
    status = hours.status_at(center, at(center, f"{friday}T17:30"))
    assert status.next_open == at(center, f"{monday}T09:00")


def test_a_public_holiday_on_a_weekday_is_closed(center):
    holiday = next(s for s in center.special if not s.hours and not s.yearly and s.first.weekday() < 5)
    status = hours.status_at(center, at(center, f"{holiday.first}T10:00"))
    assert not status.open
    assert status.special == holiday
    assert status.next_open.date() > holiday.last


def test_a_make_up_working_saturday_is_open(center):
    makeup = next(s for s in center.special if s.hours and s.first.weekday() >= 5)
    assert hours.status_at(center, at(center, f"{makeup.first}T10:00")).open
    assert not hours.status_at(center, at(center, f"{makeup.first}T08:00")).open


def test_a_yearly_holiday_applies_to_any_year(center):
    new_year = next(s for s in center.special if s.yearly and s.first.month == 1 and s.first.day == 1)
    assert new_year.covers(date(2031, 1, 1))
    assert not hours.status_at(center, at(center, "2031-01-01T10:00")).open


def test_the_fixed_clock_is_taken_in_the_center_zone(center, monkeypatch):
    monkeypatch.setenv("QICC_NOW", "2030-01-07T09:30:00")
    now = hours.now_in(center)
    assert (now.hour, now.minute, now.tzinfo) == (9, 30, center.zone)


def test_the_weekend_is_answered_for_both_days(center):
    friday = a_regular_weekday(center) - timedelta(days=3)
    now = at(center, f"{friday}T10:00")
    answer = hours_answer(center, "en", "are you open at the weekend?", now)
    assert answer.startswith("No, we are closed tomorrow (Saturday")
    assert "and on Sunday" in answer and "next open on Monday" in answer
    zh = hours_answer(center, "zh", "中心周末开不开", now)
    assert "明天" in zh and "后天" in zh and "周一9:00" in zh


def test_a_weekend_with_a_make_up_working_day_says_each_day(center):
    makeup = next(s for s in center.special if s.hours and s.first.weekday() == 5)
    now = at(center, f"{makeup.first - timedelta(days=3)}T10:00")
    answer = hours_answer(center, "en", "open this weekend?", now)
    assert answer.startswith("Yes, we are open on Saturday")
    assert "No, we are closed on Sunday" in answer


def test_a_holiday_over_the_weekend_is_one_sentence_with_its_reason(center):
    holiday = next(s for s in center.special if not s.hours and not s.yearly and (s.last - s.first).days >= 6)
    saturday = holiday.first + timedelta(days=(5 - holiday.first.weekday()) % 7)
    now = at(center, f"{saturday - timedelta(days=5)}T10:00")
    answer = hours_answer(center, "en", "are you open this weekend?", now)
    assert answer.count("No, we are closed") == 1
    assert f"and on Sunday {saturday.day + 1}" in answer and f"for {holiday.note['en']}." in answer
