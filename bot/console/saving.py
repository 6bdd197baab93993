"""Every write the console makes to a content file: checked as `qicc <content> check` checks it, refused when
the file changed since the person opened it, written atomically, recorded in the history."""

from __future__ import annotations

import hashlib
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Dict

from bot.attractions.catalogue import build_catalogue
from bot.center.facts import build_center
from bot.console.history import History
from bot.faq.content import build_faq
from bot.faq.writer import write_atomically
from bot.settings import settings
from bot.content.yamlfile import build_checked, parse_yaml

# The content files the console may write, each with the builder that checks it (the CLI's checks).
BUILDERS: Dict[str, Callable[[object, str], object]] = {
    "faq.yml": build_faq,
    "center.yml": build_center,
    "attractions.yml": build_catalogue,
}
_write_lock = threading.Lock()  # one check-and-write at a time in this process


def version_of(text: str) -> str:
    """What the console remembers of the file a person opened, to notice a change since."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:20]


@dataclass
class Conflict(Exception):
    """The file changed since the person opened it; ``current`` is its text now."""

    current: str

    @property
    def version(self) -> str:
        return version_of(self.current)


def content_path(file: str) -> Path:
    if file not in BUILDERS:
        raise KeyError(file)
    return settings().data_dir / file


def read(file: str) -> str:
    return content_path(file).read_text(encoding="utf-8")


def check(file: str, text: str) -> object:
    """The content ``text`` holds; raises ContentError with every problem, as the file's check command."""
    return build_checked(parse_yaml(text, file), file, BUILDERS[file])


def save(file: str, text: str, opened_version: str, author: str, summary: str, history: History) -> int:
    """Write ``text`` to the content file; returns the history's change id.

    Raises Conflict when the file is no longer the version the person opened, ContentError when
    ``text`` has problems: in both cases nothing is written.
    """
    path = content_path(file)
    with _write_lock:
        current = path.read_text(encoding="utf-8")
        if version_of(current) != opened_version:
            raise Conflict(current)
        check(file, text)
        write_atomically(path, text)
        return history.record(file, author, summary, current, text)
