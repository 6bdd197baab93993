"""Which language a visitor writes in, or asks for: Simplified Chinese ("zh") or English ("en")."""

from __future__ import annotations

import re
import unicodedata
from typing import Optional

# Han characters (CJK unified ideographs, extension A, compatibility): the one definition of "Chinese text".
HAN_CLASS = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"  # inside [...], for patterns that add to it
HAN = re.compile(f"[{HAN_CLASS}]")
HAN_RUN = re.compile(HAN.pattern + "+")
# Chinese numerals (一 to 万, 零 and 〇), inside [...]: the one definition for reading a number written in Han.
HAN_NUMERALS = "零〇一二两三四五六七八九十百千万"
_LATIN_WORD = re.compile(r"[A-Za-z]{2,}")
_ASKS_ENGLISH = re.compile(r"english|英文|英语|英語", re.IGNORECASE)
_ASKS_CHINESE = re.compile(r"chinese|mandarin|putonghua|中文|汉语|漢語|普通话|华语", re.IGNORECASE)


def folded(text: str) -> str:
    """Text as a reader compares it: full-width letters and digits as ordinary ones (NFKC), case-folded,
    every run of white space one space."""
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def detect(text: str) -> Optional[str]:
    """'zh', 'en', or None for text with no words (emoji, numbers, punctuation).

    Chinese wins as soon as Han characters carry at least as much of the message as
    Latin words do: "where is 崂山" is English, "崂山 ticket 多少钱" is Chinese. A Han
    character counts half a word, since Chinese needs about two characters a word.
    """
    han = len(HAN.findall(text or ""))
    latin = len(_LATIN_WORD.findall(text or ""))
    if han == 0 and latin == 0:
        return None
    return "zh" if han / 2 >= latin else "en"


def requested(text: str, current: str) -> str:
    """The language a "switch language" message asks for; the other one when it names none.

    "I don't understand Chinese" names Chinese but asks for English: a negation flips it.
    """
    english, chinese = bool(_ASKS_ENGLISH.search(text)), bool(_ASKS_CHINESE.search(text))
    if english == chinese:
        return "zh" if current == "en" else "en"
    wanted = "en" if english else "zh"
    if re.search(r"\b(don'?t|do not|can'?t|cannot|no)\b|不懂|看不懂|不会|不要", text, re.IGNORECASE):
        wanted = "zh" if wanted == "en" else "en"
    return wanted
