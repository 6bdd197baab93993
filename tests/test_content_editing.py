"""The console's edits of the content files' text: only what was changed changes, comments stay,
and the result is checked by the same builders as `qicc faq check` / `qicc center check`."""

from __future__ import annotations

import difflib

import pytest

from bot import roundtrip
from bot.center.facts import build_center
from bot.center.editing import SpecialDate, add_special_date, remove_special_date, set_facts
from bot.console.center_pages import _facts_of
from bot.faq.content import build_faq
from bot.faq.editing import EntryForm, delete_entry, field_of, save_entry
from bot.settings import ROOT
from bot.content.yamlfile import ContentError, build_checked, parse_yaml

FAQ = (ROOT / "data" / "faq.yml").read_text(encoding="utf-8")
CENTER = (ROOT / "data" / "center.yml").read_text(encoding="utf-8")


def faq(text):
    return build_checked(parse_yaml(text, "faq.yml"), "faq.yml", build_faq)


def changed_lines(old, new):
    return [line for line in difflib.ndiff(old.splitlines(), new.splitlines()) if line[:1] in "+-"]


@pytest.mark.parametrize("name", ["faq.yml", "center.yml", "attractions.yml", "news_topics.yml"])
def test_reading_and_writing_a_content_file_unchanged_gives_it_back_byte_for_byte(name):
    text = (ROOT / "data" / name).read_text(encoding="utf-8")
    assert roundtrip.dump(roundtrip.load(text)) == text


def form_of(entry, **answer):
    return EntryForm(entry.id, dict(entry.questions), {**entry.answer, **answer})


def test_changing_one_answer_changes_only_its_lines_and_keeps_the_comments():
    entry = faq(FAQ).get("airport")
    new = save_entry(FAQ, "airport", form_of(entry, zh="乘地铁8号线到青岛北站。"))
    assert [" ".join(line.split()) for line in changed_lines(FAQ, new)] == [
        f"- zh: {entry.answer['zh']}",
        "+ zh: 乘地铁8号线到青岛北站。",
    ]
    assert faq(new).get("airport").answer["zh"] == "乘地铁8号线到青岛北站。"
    assert new.split("faq:")[0] == FAQ.split("faq:")[0]


def test_a_new_entry_is_added_at_the_end_and_a_deleted_one_is_gone():
    form = EntryForm.from_fields(
        "library_card",
        {"en": "library card?\ncan I use the library?", "zh": "怎么办图书证？\n外国人能用图书馆吗？"},
        {"en": "Ask at the desk. {phone}", "zh": "请到服务台咨询。{phone}"},
    )
    added = save_entry(FAQ, None, form)
    assert faq(added).entries[-1].id == "library_card"
    assert added.startswith(FAQ.rstrip("\n"))
    removed = delete_entry(added, "airport")
    assert faq(removed).get("airport") is None and len(faq(removed).entries) == len(faq(FAQ).entries)


def test_each_problem_is_shown_beside_the_field_at_fault():
    entry = faq(FAQ).get("airport")
    other = faq(FAQ).entries[0].questions["zh"][0]
    form = EntryForm(
        "airport",
        {"en": entry.questions["en"][:1], "zh": (*entry.questions["zh"], other)},
        {"en": "Call {telephone}.", "zh": ""},
    )
    text = save_entry(FAQ, "airport", form)
    with pytest.raises(ContentError) as error:
        faq(text)
    fields = {field_of(text, "airport", problem) for problem in error.value.problems}
    assert fields == {"questions_en", "questions_zh", "answer_en", "answer_zh"}


def center(text):
    return build_checked(parse_yaml(text, "center.yml"), "center.yml", build_center)


def test_unchanged_facts_leave_the_center_file_as_it_is_and_a_changed_phone_changes_one_line():
    facts = _facts_of(center(CENTER))
    assert set_facts(CENTER, facts) == CENTER
    new = set_facts(CENTER, type(facts)(facts.texts, "(+86) 0532-12345678", facts.weekly))
    assert changed_lines(CENTER, new) == [f'- phone: "{facts.phone}"', '+ phone: "(+86) 0532-12345678"']


def test_a_special_closing_date_is_added_to_the_calendar_and_can_be_removed():
    from datetime import date

    day = SpecialDate("2026-11-27", "", "closed", {"en": "a staff training day", "zh": "员工培训日"})
    new = add_special_date(CENTER, day)
    closure = center(new).special_day(date(2026, 11, 27))
    assert closure and closure.hours == () and closure.note["en"] == "a staff training day"
    index = len(roundtrip.load(new)["special_dates"]) - 1
    assert remove_special_date(new, index) == CENTER


def test_a_special_date_with_a_mistake_is_refused_by_the_check():
    bad = add_special_date(CENTER, SpecialDate("2026-11-31", "", "closed", {"en": "x", "zh": "x"}))
    with pytest.raises(ContentError, match="YYYY-MM-DD"):
        center(bad)
