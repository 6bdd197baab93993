"""Secret keys the assistant makes for itself, each in a file of its own under state/keys/ (mode 0600).

A key never sits beside the data it protects (the unanswered log's hashes, the web sessions), so that a
copy of a database alone reveals nothing. Servers side by side set the same key in the environment
(the variable named for each key) instead; then no file is written.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Optional

from bot.settings import env_value, settings
from bot.state import private_dir


def key(name: str, variable: str, first_value: Optional[str] = None) -> bytes:
    """The key ``name``: the environment variable ``variable`` when set, otherwise the key file,
    made on first use (with ``first_value`` when given, else a random key)."""
    value = env_value(variable)
    if value:
        return value.encode()
    path = private_dir(settings().state_dir / "keys") / f"{name}.key"
    if not path.exists():
        _create(path, first_value or secrets.token_hex(32))
    return path.read_text(encoding="ascii").strip().encode()


def _create(path: Path, value: str) -> None:
    """Write the key atomically, readable by this user only; the first of two racing processes wins."""
    temporary = path.with_name(f".{path.name}.{os.getpid()}")
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="ascii") as file:
        file.write(value + "\n")
    try:
        os.link(temporary, path)  # fails when another process made the key first: theirs stays
    except FileExistsError:
        pass
    finally:
        temporary.unlink()
