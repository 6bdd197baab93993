"""Words as the index sees them, for articles and questions alike.

SQLite's unicode61 tokenizer splits on spaces and punctuation, which leaves a Chinese sentence as one
long token. Runs of Chinese characters are therefore segmented by jieba into words separated by spaces
before they are indexed or searched. Latin text is left to SQLite (with the porter stemmer).
"""

from __future__ import annotations

import re
from typing import List

import jieba
from bot.language import HAN_RUN

_WORD = re.compile(r"\w+", re.UNICODE)

jieba.setLogLevel(60)  # jieba logs its dictionary loading at INFO on first use


def segment(text: str) -> str:
    """``text`` with every run of Chinese characters split into words (search mode: also the parts of
    long words, so that 自贸区 is found by 自贸 as well)."""
    if not HAN_RUN.search(text):
        return text
    return HAN_RUN.sub(lambda m: " " + " ".join(jieba.cut_for_search(m[0])) + " ", text)


def words(text: str) -> List[str]:
    """The words of a question, Chinese ones segmented (precise mode), without punctuation."""
    return _WORD.findall(HAN_RUN.sub(lambda m: " " + " ".join(jieba.cut(m[0])) + " ", text))
