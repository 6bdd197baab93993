"""The sentences around pages answers, from data/pages_replies.yml (live: edited without retraining)."""

from __future__ import annotations

from typing import Dict, Tuple

from bot.content.live import LiveFile, live_content
from bot.content.texts import Bilingual, build_reply_file

COMMON = ("phone",)
# Each reply and the placeholders it may use beyond COMMON.
REPLIES: Dict[str, Tuple[str, ...]] = {
    "page": ("passage", "title", "date", "source"),
    "more": (),
    "more_button": (),
    "no_more": (),
}

PagesReplies = Dict[str, Bilingual]


def build_replies(data: object, filename: str) -> PagesReplies:
    return build_reply_file(data, filename, {key: COMMON + extra for key, extra in REPLIES.items()})


def live_replies() -> LiveFile[PagesReplies]:
    return live_content("pages_replies.yml", build_replies)
