"""The sentences around news answers, from data/news_replies.yml (live: edited without retraining)."""

from __future__ import annotations

from typing import Dict, Tuple

from bot.content.live import LiveFile, live_content
from bot.content.texts import Bilingual, build_reply_file

COMMON = ("phone",)
# Each reply and the placeholders it may use beyond COMMON.
REPLIES: Dict[str, Tuple[str, ...]] = {
    "latest": (),
    "about": ("topic",),
    "during": ("period",),
    "about_during": ("topic", "period"),
    "none_about": ("topic",),
    "none_during": ("period",),
    "none_about_during": ("topic", "period"),
    "more": (),
    "no_more": (),
    "more_button": (),
    "empty": (),
    "article": ("title", "date", "summary", "source"),
}

NewsReplies = Dict[str, Bilingual]


def build_replies(data: object, filename: str) -> NewsReplies:
    return build_reply_file(data, filename, {key: COMMON + extra for key, extra in REPLIES.items()})


def live_replies() -> LiveFile[NewsReplies]:
    return live_content("news_replies.yml", build_replies)
