"""Words as the index sees them, for articles and questions alike.

SQLite's unicode61 tokenizer splits on spaces and punctuation, which leaves a Chinese sentence as one
long token. Runs of Chinese characters are therefore segmented into words (rjieba: Jieba's dictionary and
algorithm) separated by spaces before they are indexed or searched. Latin text is left to SQLite (with the porter stemmer).
"""

from __future__ import annotations

import re
from typing import List

import rjieba
from bot.language import HAN_RUN

_WORD = re.compile(r"\w+", re.UNICODE)


def segment(text: str) -> str:
    """``text`` with every run of Chinese characters split into words (search mode: also the parts of
    long words, so that 自贸区 is found by 自贸 as well)."""
    if not HAN_RUN.search(text):
        return text
    return HAN_RUN.sub(lambda m: " " + " ".join(rjieba.cut_for_search(m[0])) + " ", text)


def words(text: str) -> List[str]:
    """The words of a question, Chinese ones segmented (precise mode), without punctuation."""
    return _WORD.findall(HAN_RUN.sub(lambda m: " " + " ".join(rjieba.cut(m[0])) + " ", text))
