"""The patched Rasa internals refuse another Rasa version with a message that says what to do."""

from __future__ import annotations

import pytest
import rasa

from bot.rasa import server as rasa_server
from bot.rasa.version import PATCHED_FOR, UnsupportedRasaVersion, check_rasa_version


def test_the_installed_rasa_is_the_patched_one():
    assert rasa.__version__ == PATCHED_FOR
    check_rasa_version()


def test_another_version_is_refused_naming_both_versions_and_the_fix():
    with pytest.raises(UnsupportedRasaVersion) as raised:
        check_rasa_version("3.7.0")
    message = str(raised.value)
    assert "3.7.0" in message and PATCHED_FOR in message
    assert "bot/rasa/server.py" in message and f"rasa=={PATCHED_FOR}" in message


def test_the_rasa_server_exits_with_the_message_before_patching(monkeypatch, capsys):
    monkeypatch.setattr(rasa, "__version__", "3.7.0")
    started = []
    monkeypatch.setattr("rasa.__main__.main", lambda: started.append(True))
    validate_before = rasa_server.RemoteAction._validate_action_result
    assert rasa_server.main() == 2
    assert not started
    assert rasa_server.RemoteAction._validate_action_result is validate_before
    assert "Rasa 3.7.0 is installed" in capsys.readouterr().err


def test_the_tracker_store_refuses_another_version(monkeypatch, tmp_path):
    from bot.rasa.tracker_store import SQLiteTrackerStore

    monkeypatch.setattr(rasa, "__version__", "3.7.0")
    with pytest.raises(UnsupportedRasaVersion):
        SQLiteTrackerStore(db=str(tmp_path / "rasa.db"))
