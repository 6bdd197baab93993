"""Hours and dates written for English and Chinese readers (own fixture data, not the content file)."""

from datetime import date, datetime, time

from bot.center import phrasing

NINE_TO_FIVE = ((time(9), time(17)),)
WEEK = (NINE_TO_FIVE,) * 5 + ((), ())


def test_weekly_summary_groups_equal_days():
    assert phrasing.weekly_summary(WEEK, "en") == "Monday to Friday 9:00am to 5:00pm"
    assert phrasing.weekly_summary(WEEK, "zh") == "周一至周五 9:00至17:00"


def test_weekly_summary_with_a_short_saturday():
    week = WEEK[:5] + (((time(9), time(12)),), ())
    assert phrasing.weekly_summary(week, "en") == "Monday to Friday 9:00am to 5:00pm; Saturday 9:00am to 12:00pm"


def test_day_names_are_relative_when_close():
    today = date(2026, 11, 27)
    assert phrasing.day_name(date(2026, 11, 28), today, "en") == "tomorrow (Saturday 28 November)"
    assert phrasing.day_name(date(2026, 11, 30), today, "en") == "on Monday 30 November"
    assert phrasing.day_name(date(2027, 1, 4), today, "zh") == "2027年1月4日周一"
    assert phrasing.moment_name(datetime(2026, 11, 27, 16), today, "zh") == "今天（11月27日周五）16:00"
