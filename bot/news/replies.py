"""The sentences around news answers, from data/news_replies.yml (live: edited without retraining)."""
from __future__ import annotations

from typing import Dict, List, Tuple

from bot.live import LiveFile, live_content
from bot.texts import Bilingual, check_replies
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
    allowed = {key: COMMON + extra for key, extra in REPLIES.items()}
    replies = check_replies(table, allowed, filename, line_of(data, "replies"), problems)
    if problems:
        raise ContentError(problems)
    return replies


def live_replies() -> LiveFile[NewsReplies]:
    return live_content("news_replies.yml", build_replies)
