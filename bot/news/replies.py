"""The sentences around news answers, from data/news_replies.yml (live: edited without retraining)."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Dict, List, Tuple

from bot.live import LiveFile
from bot.settings import settings
from bot.texts import Bilingual, check_bilingual, check_placeholders
from bot.yamlfile import ContentError, Problem, line_of

COMMON = ("phone",)
# Each reply and the placeholders it may use beyond COMMON.
REPLIES: Dict[str, Tuple[str, ...]] = {
    "latest": (), "about": ("topic",), "during": ("period",), "about_during": ("topic", "period"),
    "none_about": ("topic",), "none_during": ("period",), "none_about_during": ("topic", "period"),
    "more": (), "no_more": (), "more_button": (), "empty": (),
    "article": ("title", "date", "summary", "source"),
}

NewsReplies = Dict[str, Bilingual]


def build_replies(data: object, filename: str) -> NewsReplies:
    table = data.get("replies") if isinstance(data, dict) else None
    if not isinstance(table, dict):
        raise ContentError.single(filename, "the file must start with 'replies:' and one entry per reply", 1)
    problems: List[Problem] = []
    for key in table:
        if key not in REPLIES:
            problems.append(Problem(filename, line_of(table, key),
                                    f"'{key}' is not a reply the assistant uses; known: {', '.join(REPLIES)}"))
    replies = {}
    for key, extra in REPLIES.items():
        line = line_of(table, key) or line_of(table)
        text = check_bilingual(table.get(key), f"reply '{key}'", filename, line, problems)
        check_placeholders(text, COMMON + extra, f"reply '{key}'", filename, line, problems)
        replies[key] = text
    if problems:
        raise ContentError(problems)
    return replies


def replies_file() -> Path:
    return settings().data_dir / "news_replies.yml"


@lru_cache(maxsize=None)
def _live(path: str) -> LiveFile[NewsReplies]:
    return LiveFile(Path(path), build_replies)


def live_replies() -> LiveFile[NewsReplies]:
    return _live(str(replies_file()))
