"""data/faq.yml: the shipped file is valid, and every kind of mistake is reported on its line."""

from __future__ import annotations

import re

import pytest

from bot.cli import main
from bot.faq.content import build_faq
from bot.settings import ROOT
from bot.content.texts import LANGUAGES
from bot.content.yamlfile import ContentError, parse_yaml, read_yaml

FAQ_FILE = ROOT / "data" / "faq.yml"

GOOD = """\
replies:
  did_you_mean:
    en: Did you mean?
    zh: 您是想问？
faq:
  - id: wifi
    questions:
      en:
        - Is there free wifi?
        - Can I get on the internet here?
      zh:
        - 这里有免费wifi吗？
        - 有wifi吗？
    answer:
      en: Yes, call {phone}.
      zh: 有，请致电 {phone}。
  - id: tap_water
    questions:
      en:
        - Can I drink the tap water?
        - Is tap water safe?
    answer:
      en: Boil it first.
      zh: 请烧开再喝。
"""


def build(text: str):
    return build_faq(parse_yaml(text, "faq.yml"), "faq.yml")


def line_with(text: str, fragment: str, nth: int = 1) -> int:
    """The 1-based number of the line holding ``fragment`` (its nth occurrence), counted independently."""
    found = [number for number, line in enumerate(text.splitlines(), start=1) if fragment in line]
    return found[nth - 1]


def problems(text: str):
    with pytest.raises(ContentError) as caught:
        build(text)
    return [(p.line, p.message) for p in caught.value.problems]


def test_the_shipped_faq_is_valid_and_bilingual():
    faq = build_faq(read_yaml(FAQ_FILE), str(FAQ_FILE))
    assert len(faq.entries) >= 25
    for entry in faq.entries:
        assert all(entry.answer[lang] for lang in LANGUAGES), entry.id
        assert all(len(entry.questions.get(lang, ())) >= 2 for lang in LANGUAGES), entry.id


def test_the_shipped_faq_points_to_the_phone_number_and_never_copies_it(center):
    text = FAQ_FILE.read_text(encoding="utf-8")
    assert center.phone not in text and re.sub(r"\D", "", center.phone)[-8:] not in re.sub(r"\D", "", text)
    assert "{phone}" in text


def test_the_top_of_the_file_tells_staff_how_to_edit_it():
    head = FAQ_FILE.read_text(encoding="utf-8").split("\nfaq:")[0]
    assert "How to edit this file" in head and "qicc faq check" in head


def test_a_good_file_builds():
    faq = build(GOOD)
    assert [e.id for e in faq.entries] == ["wifi", "tap_water"]
    assert faq.get("wifi").questions["zh"] == ("这里有免费wifi吗？", "有wifi吗？")


def test_bad_yaml_is_reported_on_its_line():
    text = GOOD.replace("      en: Boil it first.", "      en: Boil: it: first.")
    assert problems(text)[0][0] == line_with(text, "Boil: it")


def test_duplicate_ids_name_both_lines():
    text = GOOD.replace("  - id: tap_water", "  - id: wifi")
    first, second = line_with(text, "- id: wifi"), line_with(text, "- id: wifi", 2)
    assert problems(text) == [(second, f"the id 'wifi' is already used on line {first}; give each entry its own id")]


def test_the_same_question_under_two_entries_is_reported_where_it_repeats():
    text = GOOD.replace("        - Is tap water safe?", "        - is there FREE wifi")
    [(line, message)] = problems(text)
    assert line == line_with(text, "is there FREE wifi")
    assert f"already under 'wifi' (line {line_with(text, 'Is there free wifi?')})" in message


def test_missing_answer_language_and_missing_answer():
    text = GOOD.replace("      zh: 请烧开再喝。\n", "")
    assert problems(text) == [
        (
            line_with(text, "en: Boil"),  # the answer's block, where zh: belongs
            "the answer of 'tap_water' has no zh text; add a line 'zh: ...'",
        )
    ]
    text = GOOD[: GOOD.index("    answer:\n      en: Boil")]
    assert problems(text) == [
        (line_with(text, "- id: tap_water"), "'tap_water' has no 'answer:'; add one with en: and zh: texts")
    ]


def test_empty_lists_and_too_few_questions():
    text = GOOD.replace("        - 有wifi吗？\n", "")
    found = problems(text)
    assert found == [
        (
            line_with(text, "      zh:"),
            "the zh questions of 'wifi' need a list of at least 2 wordings, one per line starting with '- '",
        )
    ]
    text = GOOD.replace("faq:\n", "faq: []\nold:\n")
    assert problems(text)[:2] == [
        (line_with(text, "faq: []"), "'faq:' has no entries; add at least one starting with '- id:'"),
        (line_with(text, "old:"), "'old:' is not a section of this file; it has 'replies:' and 'faq:' only"),
    ]


def test_an_unknown_placeholder_and_a_misspelt_field():
    text = GOOD.replace("{phone}.", "{telephone}.").replace(
        "    answer:\n      en: Boil", "    answers:\n      en: Boil"
    )
    found = problems(text)
    assert (
        line_with(text, "answer:"),
        "the answer of 'wifi' (en) uses {telephone}, which is not filled in here; use one of: "
        "address, ambulance, directions, fire, hours, name, phone, police, traffic",
    ) in found
    assert any(line == line_with(text, "answers:") and "'answers' is not a field" in message for line, message in found)


def test_every_problem_is_reported_at_once():
    text = GOOD.replace("  - id: tap_water", "  - id: Tap Water").replace("      zh: 有，请致电 {phone}。\n", "")
    assert [line for line, _ in problems(text)] == [line_with(text, "en: Yes, call"), line_with(text, "Tap Water")]


def test_qicc_faq_check_prints_file_and_line_and_fails(tmp_path, monkeypatch, capsys):
    text = GOOD.replace("  - id: tap_water", "  - id: wifi")
    (tmp_path / "faq.yml").write_text(text, encoding="utf-8")
    monkeypatch.setenv("QICC_DATA_DIR", str(tmp_path))
    assert main(["faq", "check"]) == 1
    expected = f"{tmp_path / 'faq.yml'}:{line_with(text, '- id: wifi', 2)}: the id 'wifi' is already used on line 6"
    assert expected in capsys.readouterr().out
    (tmp_path / "faq.yml").write_text(GOOD, encoding="utf-8")
    assert main(["faq", "check"]) == 0
