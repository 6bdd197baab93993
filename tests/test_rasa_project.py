"""Rasa's own checks on the project: data validation and end-to-end conversation stories."""

from __future__ import annotations

import subprocess

import pytest

from bot.processes.model import rasa_command
from bot.processes.servers import child_environment
from bot.settings import ROOT


def rasa(*args: str, timeout: int = 900) -> subprocess.CompletedProcess:
    return subprocess.run(
        [rasa_command(), *args], cwd=ROOT, env=child_environment(), capture_output=True, text=True, timeout=timeout
    )


@pytest.mark.slow  # runs Rasa itself: half a minute of imports and data loading
def test_training_data_is_valid_without_warnings():
    result = rasa("data", "validate", "--fail-on-warnings")
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-4000:]


def test_conversation_stories_pass(trained_model, tmp_path):
    result = rasa(
        "test",
        "core",
        "--model",
        str(trained_model),
        "--stories",
        "tests",
        "--fail-on-prediction-errors",
        "--out",
        str(tmp_path),
    )
    failed = tmp_path / "failed_test_stories.yml"
    details = failed.read_text(encoding="utf-8") if failed.exists() else ""
    assert result.returncode == 0, details + result.stdout[-3000:] + result.stderr[-3000:]
