"""Content files that the running assistant re-reads when staff save them.

A file is looked at (one ``stat``) at most every ``reload_interval`` seconds; it is
parsed again only when its modification time or size changed. A version with
problems is never used: the last good one stays live and the problems are logged.
"""

from __future__ import annotations

import logging
import threading
from functools import lru_cache
import time
from pathlib import Path
from typing import Callable, Generic, Optional, Tuple, TypeVar

from bot.settings import data_dir, settings
from bot.content.yamlfile import ContentError, build_checked, read_yaml

log = logging.getLogger(__name__)
T = TypeVar("T")


class LiveFile(Generic[T]):
    """``get()`` returns the parsed content of ``path``, kept current and always valid."""

    def __init__(self, path: Path, build: Callable[[object, str], T]):
        self.path = path
        self._build = build  # (parsed YAML, file name) -> content; raises ContentError
        # Read once: get() runs several times a message, and the environment does not change meanwhile.
        self._interval = settings().reload_interval
        self._lock = threading.Lock()
        self._value: Optional[T] = None
        self._signature: Optional[Tuple[int, int]] = None
        self._checked_at = 0.0
        self.last_error: Optional[ContentError] = None

    def load(self) -> T:
        """Parse the file now; raise ContentError when it has problems."""
        return build_checked(read_yaml(self.path), str(self.path), self._build)

    def get(self) -> T:
        with self._lock:
            now = time.monotonic()
            if self._value is None or now - self._checked_at >= self._interval:
                self._checked_at = now
                self._refresh()
            if self._value is None:
                raise self.last_error or ContentError([])
            return self._value

    def _refresh(self) -> None:
        try:
            stat = self.path.stat()
        except OSError as error:
            self._keep_last_good(ContentError.single(str(self.path), f"cannot be read: {error.strerror}"))
            return
        signature = (stat.st_mtime_ns, stat.st_size)
        if signature == self._signature:
            return
        try:
            value = self.load()
        except ContentError as error:
            self._signature = signature  # do not re-parse the same broken file every second
            self._keep_last_good(error)
            return
        self._value, self._signature, self.last_error = value, signature, None
        log.info("loaded %s", self.path)

    def _keep_last_good(self, error: ContentError) -> None:
        self.last_error = error
        state = "keeping the last good version" if self._value is not None else "no good version yet"
        log.error("%s has problems, %s:\n%s", self.path, state, error)


@lru_cache(maxsize=None)
def _live_at(path: Path, build: Callable[[object, str], T]) -> LiveFile[T]:
    return LiveFile(path, build)


def live_content(filename: str, build: Callable[[object, str], T]) -> LiveFile[T]:
    """The one LiveFile of ``filename`` in the content folder (QICC_DATA_DIR), built by ``build``.

    One instance per path, so every action shares a single reload check per file.
    """
    return _live_at(data_dir() / filename, build)
