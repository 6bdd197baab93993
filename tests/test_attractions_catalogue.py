"""data/attractions.yml: the real file is complete, and mistakes are reported with their line."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from bot.attractions.catalogue import REPLIES, TEXT_FIELDS, build_catalogue
from bot.cli import main as qicc
from bot.content.live import LiveFile
from bot.settings import ROOT
from bot.content.texts import LANGUAGES
from bot.content.yamlfile import ContentError, parse_yaml, read_yaml

CATALOGUE_FILE = ROOT / "data" / "attractions.yml"


@pytest.fixture(scope="module")
def catalogue():
    return build_catalogue(read_yaml(CATALOGUE_FILE), str(CATALOGUE_FILE))


def problems_of(text: str):
    with pytest.raises(ContentError) as caught:
        build_catalogue(parse_yaml(text, "attractions.yml"), "attractions.yml")
    return caught.value.problems


def test_the_catalogue_has_at_least_25_places_with_every_field(catalogue):
    assert len(catalogue.attractions) >= 25
    for place in catalogue.attractions:
        assert place.names.en and place.names.zh and place.names.pinyin, place.id
        assert place.categories, place.id
        for field in TEXT_FIELDS:
            assert all(place.texts[field][lang] for lang in LANGUAGES), (place.id, field)


def test_every_category_is_used_and_offers_suggestions(catalogue):
    for category in catalogue.categories:
        assert catalogue.in_category(category), f"no place in category {category}"


def test_every_price_is_said_to_be_approximate(catalogue):
    ticket = catalogue.replies["ticket"]
    details = catalogue.replies["details"]
    for text in (ticket["en"], details["en"]):
        assert "approximate" in text
    for text in (ticket["zh"], details["zh"]):
        assert "仅供参考" in text


# Fixture files: a minimal valid catalogue, then one mistake at a time.
VALID = """\
categories:
  beach:
    label: {en: Beaches, zh: 海滩}
    words: {en: [beach], zh: [海滩]}
replies:
%s
attractions:
  - id: sandy
    names: {en: Sandy Beach, zh: 沙滩, pinyin: Shatan, aliases: [Sandy]}
    categories: [beach]
    district: {en: East, zh: 东区}
    description: {en: Sand., zh: 沙。}
    address: {en: Shore Road, zh: 海边路}
    hours: {en: All day, zh: 全天}
    ticket: {en: Free, zh: 免费}
    transport: {en: Walk, zh: 步行}
""" % "\n".join(f"  {key}: {{en: '{key}', zh: '{key}'}}" for key in REPLIES)


def test_the_fixture_catalogue_is_valid():
    catalogue = build_catalogue(parse_yaml(VALID, "attractions.yml"), "attractions.yml")
    assert [p.id for p in catalogue.attractions] == ["sandy"]


def test_a_missing_chinese_text_is_reported_with_its_line():
    text = VALID.replace("description: {en: Sand., zh: 沙。}", "description: {en: Sand.}")
    line = text.splitlines().index("    description: {en: Sand.}") + 1
    [problem] = problems_of(text)
    assert problem.line == line and "zh" in problem.message and "description" in problem.message


def test_an_unknown_category_is_reported_with_the_known_ones():
    text = VALID.replace("categories: [beach]", "categories: [beech]")
    [problem] = problems_of(text)
    assert "'beech'" in problem.message and "beach" in problem.message
    assert problem.line == text.splitlines().index("    categories: [beech]") + 1


def test_a_name_shared_by_two_places_is_reported():
    second = (
        VALID[VALID.index("  - id: sandy") :]
        .replace("id: sandy", "id: rocky")
        .replace("en: Sandy Beach", "en: Rocky Beach")
        .replace("zh: 沙滩", "zh: 石滩")
        .replace("Shatan", "Shitan")
    )
    problems = problems_of(VALID + second)
    assert any("'Sandy'" in p.message and "sandy" in p.message for p in problems)


def test_a_reply_with_an_unknown_placeholder_is_reported():
    text = VALID.replace("  hours: {en: 'hours', zh: 'hours'}", "  hours: {en: '{name} {price}', zh: '{name}'}")
    [problem] = problems_of(text)
    assert (
        "{price}" in problem.message
        and problem.line == text.splitlines().index("  hours: {en: '{name} {price}', zh: '{name}'}") + 1
    )


def test_a_bad_id_and_a_yaml_error_are_reported():
    assert any("id: Sandy Beach" in p.message for p in problems_of(VALID.replace("id: sandy", "id: Sandy Beach")))
    broken = VALID.replace("    ticket: {en: Free, zh: 免费}", "    ticket: {en: Free, zh: 免费")
    [problem] = problems_of(broken)
    assert "not valid YAML" in problem.message and problem.line


def test_a_broken_edit_never_replaces_the_live_version(tmp_path: Path, monkeypatch):
    monkeypatch.setenv("QICC_RELOAD_INTERVAL", "0")
    path = tmp_path / "attractions.yml"
    path.write_text(VALID, encoding="utf-8")
    live = LiveFile(path, build_catalogue)
    assert live.get().get("sandy").names.en == "Sandy Beach"
    path.write_text(VALID.replace("categories: [beach]", "categories: [beech]"), encoding="utf-8")
    os.utime(path, (time.time() + 5, time.time() + 5))
    assert live.get().get("sandy").names.en == "Sandy Beach"
    assert live.last_error is not None
    path.write_text(VALID.replace("en: Sandy Beach", "en: Golden Beach"), encoding="utf-8")
    os.utime(path, (time.time() + 10, time.time() + 10))
    assert live.get().get("sandy").names.en == "Golden Beach"


def test_qicc_attractions_check(tmp_path: Path, monkeypatch, capsys):
    assert qicc(["attractions", "check"]) == 0
    assert "OK" in capsys.readouterr().out
    (tmp_path / "attractions.yml").write_text(
        VALID.replace("categories: [beach]", "categories: [beech]"), encoding="utf-8"
    )
    monkeypatch.setenv("QICC_DATA_DIR", str(tmp_path))
    assert qicc(["attractions", "check"]) == 1
    out = capsys.readouterr().out
    assert f"{tmp_path / 'attractions.yml'}:" in out and "'beech'" in out


def test_qicc_attractions_find(capsys):
    assert qicc(["attractions", "find", "lao", "shan"]) == 0
    assert capsys.readouterr().out.startswith("laoshan:")
    assert qicc(["attractions", "find", "Eiffel Tower"]) == 1
    assert "names no place" in capsys.readouterr().out
