"""The unanswered-question log and `qicc faq unanswered`: similar wordings grouped, most asked first."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from bot.cli import main
from bot.faq.content import build_faq
from bot.faq.grouping import group
from bot.faq.unanswered import Message, UnansweredLog
from bot.settings import ROOT
from bot.content.yamlfile import read_yaml

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
    assert (message.text, message.at, message.language, message.channel) == (
        "is there a gym nearby?",
        NOW,
        "en",
        "wechat",
    )
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
    for sender, text in [
        ("a", "is there a gym nearby"),
        ("b", "Is there a gym near here?"),
        ("c", "gym nearby?"),
        ("a", "where can I buy a bike"),
        ("d", "附近有健身房吗"),
        ("e", "附近哪里有健身房"),
    ]:
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


def test_the_hashing_key_is_kept_apart_from_the_hashes(log, tmp_path):
    log.record("is there a gym nearby?", "en", "wechat", "oXyz-openid", at=NOW)
    key_file = tmp_path / "keys" / "sender_hash.key"
    assert key_file.stat().st_mode & 0o777 == 0o600 and (tmp_path / "keys").stat().st_mode & 0o777 == 0o700
    log.close()
    assert key_file.read_bytes().strip() not in (tmp_path / "unanswered.sqlite3").read_bytes()
    assert UnansweredLog(tmp_path / "unanswered.sqlite3").sender_hash("oXyz-openid") == log.sender_hash("oXyz-openid")


def test_a_key_an_older_version_kept_in_the_database_moves_to_its_file(tmp_path, monkeypatch):
    import sqlite3

    monkeypatch.setenv("QICC_STATE_DIR", str(tmp_path))
    monkeypatch.delenv("QICC_SENDER_HASH_KEY", raising=False)
    with sqlite3.connect(tmp_path / "unanswered.sqlite3") as db:
        db.execute("CREATE TABLE meta (name TEXT PRIMARY KEY, value TEXT NOT NULL)")
        db.execute("INSERT INTO meta VALUES ('sender_hash_key', 'old key')")
    journal = UnansweredLog(tmp_path / "unanswered.sqlite3")
    assert (tmp_path / "keys" / "sender_hash.key").read_text().strip() == "old key"
    journal.close()
    with sqlite3.connect(tmp_path / "unanswered.sqlite3") as db:
        assert db.execute("SELECT COUNT(*) FROM meta").fetchone()[0] == 0


def test_control_characters_are_never_recorded_nor_printed(log, capsys):
    log.record("where\x1b[2J\x1b[31m is\x00 the\u202e gym\r\nnow", "en", "rest\x1b]0;x\x07", "a", at=NOW)
    [message] = log.messages()
    assert message.text == "where[2J[31m is the gym  now" and message.channel == "rest]0;x"
    # An entry written before the fix still reaches the terminal clean.
    with log.engine.begin() as connection:
        connection.exec_driver_sql("UPDATE unanswered SET text = 'bad\x1b[2J text'")
    assert main(["faq", "unanswered"]) == 0
    assert "\x1b" not in capsys.readouterr().out


def test_prune_removes_entries_older_than_the_period_and_forget_one_senders(log):
    log.record("old", "en", "rest", "a", at=NOW - timedelta(days=91))
    log.record("new", "en", "rest", "a", at=NOW - timedelta(days=1))
    log.record("other", "en", "rest", "b", at=NOW)
    assert log.prune(NOW - timedelta(days=90)) == 1
    assert log.forget("a") == 1
    assert [m.text for m in log.messages()] == ["other"]
