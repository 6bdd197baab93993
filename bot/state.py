"""The state folder (conversations, logs, indexes, keys): readable by the assistant's user only.

Conversations and the unanswered log hold what visitors wrote, so the folder is created 0700 and the
servers run with umask 077, which makes every file they create there 0600.
"""

from __future__ import annotations

import os
from pathlib import Path

PRIVATE_UMASK = 0o077


def private_dir(path: Path) -> Path:
    """``path`` as a folder only its owner can open (made if missing, tightened if it exists)."""
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    os.chmod(path, 0o700)
    return path


def private_files() -> None:
    """From now on, files this process (and its children) create are readable by its user only."""
    os.umask(PRIVATE_UMASK)
