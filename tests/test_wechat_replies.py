"""data/wechat_replies.yml: the shipped file is valid, mistakes are reported with their line, and `qicc wechat check`."""

from __future__ import annotations

import pytest

from bot.channels.wechat.replies import build_texts
from bot.cli import main
from bot.settings import ROOT
from bot.content.yamlfile import ContentError, parse_yaml, read_yaml


def test_the_shipped_file_is_valid_and_bilingual():
    path = ROOT / "data" / "wechat_replies.yml"
    texts = build_texts(read_yaml(path), str(path))
    assert all(text["en"] and text["zh"] for text in texts.values())


@pytest.mark.parametrize(
    "yaml_text, line, words",
    [
        ("welcome: {en: Hi}\nunsupported: {en: a, zh: b}\nchoose: {en: a, zh: b}\n", 1, "no zh text"),
        ("welcome: {en: Hi, zh: 你好}\nunsupported: {en: 'call {fone}', zh: b}\nchoose: {en: a, zh: b}\n", 2, "{fone}"),
        (
            "welcome: {en: Hi, zh: 你好}\nunsupported: {en: a, zh: b}\nchoose: {en: a, zh: b}\ngoodbye: {en: a, zh: b}\n",
            4,
            "'goodbye' is not a text",
        ),
        ("welcome: {en: Hi, zh: 你好}\nchoose: {en: a, zh: b}\n", 1, "'unsupported' needs"),
    ],
)
def test_mistakes_are_reported_with_their_line(yaml_text, line, words):
    with pytest.raises(ContentError) as caught:
        build_texts(parse_yaml(yaml_text, "wechat_replies.yml"), "wechat_replies.yml")
    assert any(p.line == line and words in p.message for p in caught.value.problems), caught.value


def test_check_command_reports_a_broken_file(tmp_path, monkeypatch, capsys):
    (tmp_path / "wechat_replies.yml").write_text("welcome: {en: Hi}\n", encoding="utf-8")
    monkeypatch.setenv("QICC_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("QICC_WECHAT_TOKEN", raising=False)
    assert main(["wechat", "check"]) == 1
    output = capsys.readouterr().out
    assert "wechat_replies.yml:1" in output and "no zh text" in output
    assert "wechat: off (no token)" in output


def test_check_command_never_prints_secrets(monkeypatch, capsys):
    monkeypatch.setenv("QICC_WECHAT_TOKEN", "very-secret-token")
    monkeypatch.setenv("QICC_WECHAT_APP_SECRET", "very-secret-appsecret")
    monkeypatch.setenv("QICC_WECHAT_AES_KEY", "too-short-secret-key")
    assert main(["wechat", "check"]) == 1
    output = capsys.readouterr().out
    assert "43 characters" in output and "very-secret" not in output and "too-short-secret" not in output
