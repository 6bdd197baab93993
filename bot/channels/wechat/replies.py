"""The channel's own texts (data/wechat_replies.yml): the welcome, the reply to pictures, the choice hint."""

from __future__ import annotations

from typing import Dict, List

from bot.center.facts import COMMON_FIELDS, current_center
from bot.center.answers import common_values
from bot.content.live import LiveFile, live_content
from bot.content.texts import LANGUAGES, Bilingual, check_replies, fill
from bot.content.yamlfile import ContentError, Problem

KEYS = ("welcome", "unsupported", "choose")

ChannelTexts = Dict[str, Bilingual]


def build_texts(data: object, filename: str) -> ChannelTexts:
    if not isinstance(data, dict):
        raise ContentError.single(filename, "the file must have the entries " + ", ".join(KEYS), 1)
    problems: List[Problem] = []
    texts = check_replies(data, {key: COMMON_FIELDS for key in KEYS}, filename, 1, problems, what="text")
    if problems:
        raise ContentError(problems)
    return texts


def live_texts() -> LiveFile[ChannelTexts]:
    return live_content("wechat_replies.yml", build_texts)


def text(key: str, language: str) -> str:
    center = current_center()
    return fill(live_texts().get()[key], language, common_values(center, language))


def bilingual(key: str) -> str:
    """English, then Chinese: for visitors whose language is not known yet."""
    return "\n\n".join(text(key, language) for language in LANGUAGES)
