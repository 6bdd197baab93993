"""What the running assistant writes about visitors is readable by its own user only."""

from __future__ import annotations


def test_the_state_folder_and_every_file_in_it_are_private(assistant):
    assistant.ask("hello")  # conversations and logs exist now
    assert assistant.state_dir.stat().st_mode & 0o777 == 0o700
    files = [path for path in assistant.state_dir.rglob("*")]
    assert any(path.name == "conversations.sqlite3" for path in files)
    assert [path for path in files if path.stat().st_mode & 0o077] == []
