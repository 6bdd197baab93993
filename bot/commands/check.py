"""Shared shape of the `qicc <content> check` commands: load a content file, print every problem."""

from __future__ import annotations

from typing import Callable, TypeVar

from bot.content.yamlfile import ContentError


T = TypeVar("T")


def run_check(label: str, load: Callable[[], T], describe: Callable[[T], str]) -> int:
    """Print 'OK' and a one-line summary, or every problem with file and line; exit 1 on problems."""
    try:
        content = load()
    except ContentError as error:
        for problem in error.problems:
            print(problem)
        print(f"{label}: {len(error.problems)} problem(s); the assistant keeps using the last good version")
        return 1
    print(f"{label}: OK, {describe(content)}")
    return 0
