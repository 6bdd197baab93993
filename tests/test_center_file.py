"""data/center.yml: staff mistakes are reported with their line, and a bad edit never goes live."""

from __future__ import annotations

import os
import shutil
import time

import pytest

from bot.center.facts import build_center, parse_hours
from bot.cli import main
from bot.content.live import LiveFile
from bot.settings import ROOT
from bot.content.yamlfile import ContentError, build_checked, parse_yaml

SOURCE = ROOT / "data" / "center.yml"


def problems_of(text: str):
    with pytest.raises(ContentError) as error:
        build_checked(parse_yaml(text, "center.yml"), "center.yml", build_center)
    return error.value.problems


def line_containing(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if needle in line)


def test_the_shipped_file_is_valid_and_check_says_so(capsys):
    assert main(["center", "check"]) == 0
    assert "OK" in capsys.readouterr().out


def test_bad_hours_are_reported_on_their_line():
    text = SOURCE.read_text(encoding="utf-8").replace('tuesday: "9:00-17:00"', 'tuesday: "9am till late"')
    (problem,) = problems_of(text)
    assert problem.line == line_containing(text, "tuesday:")
    assert "9am till late" in problem.message


def test_a_missing_chinese_text_is_reported_on_its_line():
    original = SOURCE.read_text(encoding="utf-8")
    zh_line = line_containing(original, "zh: 青岛市市南区")
    lines = original.splitlines()
    del lines[zh_line - 1]
    (problem,) = problems_of("\n".join(lines))
    assert "zh" in problem.message and "'address'" in problem.message


def test_an_unknown_placeholder_and_a_duplicate_key_are_both_reported():
    text = SOURCE.read_text(encoding="utf-8").replace("call us at {phone} ({hours})", "call us at {fone}", 1)
    text = text.replace("timezone: Asia/Shanghai", "timezone: Asia/Shanghai\ntimezone: Asia/Shanghai")
    messages = " | ".join(p.message for p in problems_of(text))
    assert "{fone}" in messages
    assert "appears twice" in messages


def test_broken_yaml_gives_the_line():
    text = SOURCE.read_text(encoding="utf-8").replace('phone: "(+86) 0532-68873099"', 'phone: "(+86) 0532-68873099')
    (problem,) = problems_of(text)
    assert problem.line is not None and "not valid YAML" in problem.message


def test_check_command_exits_non_zero_and_names_the_line(tmp_path, monkeypatch, capsys):
    shutil.copy(SOURCE, tmp_path / "center.yml")
    path = tmp_path / "center.yml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("saturday: closed", "saturday: sometimes"), encoding="utf-8"
    )
    monkeypatch.setenv("QICC_DATA_DIR", str(tmp_path))
    assert main(["center", "check"]) == 1
    output = capsys.readouterr().out
    assert f"center.yml:{line_containing(path.read_text(encoding='utf-8'), 'saturday:')}" in output


@pytest.mark.parametrize(
    "text,ok",
    [
        ("9:00-17:00", True),
        ("9:00-12:00, 13:30-17:00", True),
        ("closed", True),
        ("17:00-9:00", False),
        ("25:00-26:00", False),
        ("soon", False),
    ],
)
def test_hours_syntax(text, ok):
    assert (parse_hours(text) is not None) is ok


def test_a_bad_edit_keeps_the_last_good_version_live(tmp_path, monkeypatch):
    monkeypatch.setenv("QICC_RELOAD_INTERVAL", "0")
    path = tmp_path / "center.yml"
    shutil.copy(SOURCE, path)
    live = LiveFile(path, build_center)
    good_phone = live.get().phone

    path.write_text(path.read_text(encoding="utf-8").replace("monday:", "mondya:"), encoding="utf-8")
    _touch_later(path)
    assert live.get().phone == good_phone
    assert live.last_error is not None

    path.write_text(SOURCE.read_text(encoding="utf-8").replace(good_phone, "(+86) 0532-00000000"), encoding="utf-8")
    _touch_later(path)
    assert live.get().phone == "(+86) 0532-00000000"
    assert live.last_error is None


def _touch_later(path):
    """Make sure the modification time differs even on coarse file systems."""
    stamp = time.time() + 2
    os.utime(path, (stamp, stamp))
