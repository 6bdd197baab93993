"""The channel's own texts (data/wechat_replies.yml): the welcome, the reply to pictures, the choice hint."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Dict

from bot.center import COMMON_FIELDS, current_center
from bot.center_replies import common_values
from bot.live import LiveFile
from bot.settings import settings
from bot.texts import LANGUAGES, Bilingual, check_bilingual, check_placeholders, fill
from bot.yamlfile import ContentError, Problem, line_of

KEYS = ("welcome", "unsupported", "choose")

ChannelTexts = Dict[str, Bilingual]


def build_texts(data: object, filename: str) -> ChannelTexts:
    if not isinstance(data, dict):
        raise ContentError.single(filename, "the file must have the entries " + ", ".join(KEYS), 1)
    problems = [Problem(filename, line_of(data, key), f"'{key}' is not a text the channel uses; known: "
                        + ", ".join(KEYS)) for key in data if key not in KEYS]
    texts = {}
    for key in KEYS:
        line = line_of(data, key) or 1
        texts[key] = check_bilingual(data.get(key), f"'{key}'", filename, line, problems)
        check_placeholders(texts[key], COMMON_FIELDS, f"'{key}'", filename, line, problems)
    if problems:
        raise ContentError(problems)
    return texts


@lru_cache(maxsize=None)
def _live(path: str) -> LiveFile[ChannelTexts]:
    return LiveFile(Path(path), build_texts)


def live_texts() -> LiveFile[ChannelTexts]:
    return _live(str(settings().data_dir / "wechat_replies.yml"))


def text(key: str, language: str) -> str:
    center = current_center()
    return fill(live_texts().get()[key], language, common_values(center, language))


def bilingual(key: str) -> str:
    """English, then Chinese: for visitors whose language is not known yet."""
    return "\n\n".join(text(key, language) for language in LANGUAGES)
