"""Which language a visitor writes in: Simplified Chinese ("zh") or English ("en")."""
from __future__ import annotations

import re
from typing import Optional

_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_LATIN_WORD = re.compile(r"[A-Za-z]{2,}")


def detect(text: str) -> Optional[str]:
    """'zh', 'en', or None for text with no words (emoji, numbers, punctuation).

    Chinese wins as soon as Han characters carry at least as much of the message as
    Latin words do: "where is 崂山" is English, "崂山 ticket 多少钱" is Chinese. A Han
    character counts half a word, since Chinese needs about two characters a word.
    """
    han = len(_HAN.findall(text or ""))
    latin = len(_LATIN_WORD.findall(text or ""))
    if han == 0 and latin == 0:
        return None
    return "zh" if han / 2 >= latin else "en"
