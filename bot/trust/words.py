"""The words of a message as the fit check compares them: English by stem, Chinese as Jieba splits it."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Iterable, List

import rjieba
import snowballstemmer
from bot.language import HAN_NUMERALS, HAN_RUN

_LATIN_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
_HAS_DIGIT = re.compile(r"\d")
# Every word with a digit ("4pm", "2", "2019") is this one word: a number says when, not what about.
NUMBER = "#"
# A Chinese number with the unit of a time, a date or a count it names (三点, 十点半, 五月, 两天, 一张), as
# "3pm" is one; numerals alone stay words, since they are often names (五四广场, 五一).
_HAN_NUMBER = re.compile(f"[{HAN_NUMERALS}半]+[点时号日月年周天分秒张次位][半钟整]?")
_STEMMER = snowballstemmer.stemmer("english")


def normal_text(text: str) -> str:
    """Full-width folded and lower case, the form every comparison here starts from."""
    return unicodedata.normalize("NFKC", text or "").casefold()


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    return _STEMMER.stemWord(word)


def is_han(word: str) -> bool:
    return bool(HAN_RUN.fullmatch(word))


def words(text: str) -> List[str]:
    """The message's words in order: stems of English words, Jieba's words of Chinese, NUMBER for numbers
    (digits or Chinese numerals)."""
    found: List[str] = []
    text = normal_text(text)
    position = 0
    for run in HAN_RUN.finditer(text):
        found.extend(_latin_words(text[position : run.start()]))
        found.extend(NUMBER if _HAN_NUMBER.fullmatch(w) else w for w in rjieba.cut(run.group()) if w.strip())
        position = run.end()
    found.extend(_latin_words(text[position:]))
    return found


def _latin_words(text: str) -> List[str]:
    return [NUMBER if _HAS_DIGIT.search(w) else stem(w) for w in _LATIN_WORD.findall(text)]


def phrase_pattern(phrase: str) -> str:
    """``phrase`` as a whole word or words of a normal text: "fire", not "fireworks"; 110, not 1100."""
    if phrase.isdigit():
        return rf"(?<!\d){phrase}(?!\d)"
    if HAN_RUN.search(phrase):
        return re.escape(phrase)  # Chinese has no spaces between words
    return rf"\b{re.escape(phrase)}\b"


def phrases_in(text: str, phrases: Iterable[str]) -> List[str]:
    """The ``phrases`` (in normal text form) that ``text`` says."""
    text = normal_text(text)
    return [phrase for phrase in phrases if re.search(phrase_pattern(phrase), text)]
