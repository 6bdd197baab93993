"""The unanswered-question log and `qicc faq unanswered`: similar wordings grouped, most asked first."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from bot.cli import main
from bot.faq.content import build_faq
from bot.faq.grouping import group
from bot.faq.unanswered import Message, UnansweredLog
from bot.settings import ROOT
from bot.yamlfile import read_yaml

NOW = datetime(2026, 11, 27, 10, 30, tzinfo=timezone(timedelta(hours=8)))


@pytest.fixture
def log(tmp_path, monkeypatch):
    monkeypatch.setenv("QICC_STATE_DIR", str(tmp_path))
    monkeypatch.setenv("QICC_NOW", NOW.isoformat())
    monkeypatch.delenv("QICC_SENDER_HASH_KEY", raising=False)
    journal = UnansweredLog(tmp_path / "unanswered.sqlite3")
    yield journal
    journal.close()


def test_a_record_keeps_text_time_language_channel_and_only_a_hash_of_the_sender(log, tmp_path):
    log.record("is there a gym nearby?", "en", "wechat", "oXyz-openid", at=NOW)
    [message] = log.messages()
    assert (message.text, message.at, message.language, message.channel) == ("is there a gym nearby?", NOW, "en", "wechat")
    assert message.sender_hash == log.sender_hash("oXyz-openid") != log.sender_hash("someone-else")
    assert "oXyz-openid" not in message.sender_hash
    log.close()
    assert b"oXyz-openid" not in (tmp_path / "unanswered.sqlite3").read_bytes()


def test_the_sender_hash_is_keyed(tmp_path, monkeypatch):
    monkeypatch.setenv("QICC_SENDER_HASH_KEY", "one key")
    first = UnansweredLog(tmp_path / "a.sqlite3").sender_hash("visitor")
    monkeypatch.setenv("QICC_SENDER_HASH_KEY", "another key")
    assert UnansweredLog(tmp_path / "b.sqlite3").sender_hash("visitor") != first


def test_messages_since_a_moment_whatever_offset_they_were_written_with(log):
    log.record("old", "en", "rest", "a", at=NOW - timedelta(days=40))
    log.record("new", "en", "rest", "a", at=(NOW - timedelta(days=1)).astimezone(timezone.utc))
    assert [m.text for m in log.messages(since=NOW - timedelta(days=30))] == ["new"]


def test_similar_wordings_are_one_group_counted_by_messages_and_visitors(log):
    for sender, text in [("a", "is there a gym nearby"), ("b", "Is there a gym near here?"), ("c", "gym nearby?"),
                         ("a", "where can I buy a bike"), ("d", "附近有健身房吗"), ("e", "附近哪里有健身房")]:
        log.record(text, "en", "rest", sender, at=NOW)
    groups = group(log.messages())
    assert [(g.count, len(g.senders)) for g in groups][:2] == [(3, 3), (2, 2)]
    assert set(groups[0].wordings) == {"is there a gym nearby", "Is there a gym near here?", "gym nearby?"}
    assert set(groups[1].wordings) == {"附近有健身房吗", "附近哪里有健身房"}


def test_a_group_names_the_closest_faq_entry():
    path = ROOT / "data" / "faq.yml"
    faq = build_faq(read_yaml(path), str(path))
    [item] = group([_message("is the wifi free here")], faq)
    assert item.closest.entry.id == "public_wifi"


def _message(text):
    return Message(text, NOW, "en", "rest", "x", "fallback")


def test_qicc_faq_unanswered_lists_the_most_asked_first(log, capsys, monkeypatch):
    monkeypatch.setenv("QICC_DATA_DIR", str(ROOT / "data"))
    log.record("where can I buy a bike", "en", "rest", "a", at=NOW - timedelta(days=2))
    for sender in "abc":
        log.record("is there a gym nearby", "en", "wechat", sender, at=NOW - timedelta(hours=1))
    log.record("Is there a gym near here?", "en", "rest", "d", at=NOW)
    assert main(["faq", "unanswered", "--days", "30"]) == 0
    out = capsys.readouterr().out
    assert out.index("is there a gym nearby") < out.index("where can I buy a bike")
    assert "asked 4 times by 4 visitors" in out and "also: Is there a gym near here?" in out


def test_qicc_faq_unanswered_with_nothing_recorded(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("QICC_STATE_DIR", str(tmp_path / "empty"))
    assert main(["faq", "unanswered"]) == 0
    assert "No unanswered questions" in capsys.readouterr().out
