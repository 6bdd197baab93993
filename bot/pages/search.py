"""Which of the center's pages answer a visitor's question, and how well.

A page fits when it holds most of what the question is about, weighted by how rare each word is among the
pages: the score is the share of the question's weight (inverse document frequency of its words) that the
page covers, a word in the page's title or keywords counting fully and a word only in its text 0.85, and at
least one word must be in its title or keywords (what the page is about), other than one that only says when
("month": WHEN_WORDS). A Chinese word counts by its
parts ("吃海鲜": 海鲜), and also whole when a page is about it ("啤酒节" beside 啤酒). A word that no page has
weighs as much as the rarest word a page has: enough that "hotels in Beijing" does not fit the Qingdao hotels
page (nor does a question naming a place elsewhere, data/fit.yml), no more, so that one word the pages lack
("background", "vegetarian", 沿革) does not outweigh the rest of the question. The everyday words of a
question ("what", "recommend", "哪里", "推荐") are not counted at all. Below
THRESHOLD no page is given (bench/pages_threshold.py measures it on questions with and without pages).
"""

from __future__ import annotations

import math
from itertools import pairwise
from dataclasses import dataclass
from typing import Dict, FrozenSet, List, Optional, Sequence, Set, Tuple

import rjieba

from bot.news.index import Found, NewsIndex
from bot.news.words import HAN_RUN, words
from bot.trust.content import live_fit_words
from bot.trust.elsewhere import names_all, places_elsewhere
from bot.trust.words import words as fit_words

THRESHOLD = 0.6
BODY_ONLY = 0.85  # a word only in the text says less about what the page is about
MAX_TERMS = 12
CITY = "青岛"  # a longer message is not one question; its first words decide

# The words of asking, not of what is asked about (English and Chinese).
QUESTION_WORDS = set(
    """
a about an and any anything are as at be best can could did do does for from get give go going good great
have how i i'd i'm if in info information into is it its it's know let like looking me more most my near
need nice of on or please pls recommend recommendation recommendations show some something suggest
suggestion tell that the there these this to try want was we were what what's whats when where which who
why will with would you your qingdao there's should local somewhere anywhere big many much thing things
place places tip tips advice idea ideas kind kinds sort
""".split()
) | set(
    """
的 了 吗 呢 吧 啊 呀 是 有 在 和 或 与 及 我 我们 你 你们 您 他 她 它 请 请问 想 要 想要 能 可以 会 应该 去 到 给 告诉 知道
了解 介绍 推荐 建议 一下 一些 一个 一家 一点 些 哪 哪里 哪儿 哪些 哪个 哪家 什么 怎么 怎样 如何 为什么 多少 几 几个 时候
什么时候 有没有 没有 吗 好 好的 比较 最 很 都 也 还 就 这 那 这里 那里 这个 那个 青岛 关于 有关 方面 情况 问题
""".split()
)

# Words that say when, not what about: they count in a page's score, yet never make a page the answer alone.
WHEN_WORDS = frozenset(
    """
month months date dates day days week weeks year years time times season seasons period
月 月份 几月 几月份 日期 日子 时间 时候 季节 哪天 几号 星期 周
""".split()
)


@dataclass(frozen=True)
class Match:
    page: Found
    score: float  # 0..1, the share of the question's weight the page covers
    terms: Tuple[str, ...]  # the question's words the page has, rarest first


def question_terms(text: str) -> List[str]:
    """The words a question is about, lower-cased, each once; asking words, short numbers and single
    Chinese characters (mostly grammar: 个, 做, 用, 大) left out; years and numbers such as 12306 kept."""
    general = live_fit_words().get().general
    seen: List[str] = []
    for word in _search_words(text.lower()):
        if len(word) > 2 and word.startswith(CITY):  # 青岛人, 青岛菜: the city is in every page
            word = word[len(CITY) :]
        if (
            word in QUESTION_WORDS
            or word in seen
            or not word.strip("_")
            or (word.isdigit() and len(word) < 4)
            or (len(word) == 1 and HAN_RUN.match(word))
            or (len(word) == 1 and word.isascii())
            or _says_nothing(word, general)
        ):
            continue
        seen.append(word)
    return seen[:MAX_TERMS]


def _says_nothing(word: str, general: FrozenSet[str]) -> bool:
    """A word that fits every answer (data/fit.yml's general words: "here", "so", "一般", "地方"...)."""
    forms = fit_words(word)
    return bool(forms) and all(form in general for form in forms)


def _search_words(text: str) -> List[str]:
    """The question's words; a long Chinese word that Jieba's search mode splits into known words
    ("吃海鲜": 海鲜) becomes those words, as the pages' text was indexed in search mode. A word of Jieba's
    dictionary stays too ("啤酒节" and 啤酒): the page that has the whole word is about it."""
    found: List[str] = []
    for word in words(text):
        parts = (
            [part for part in rjieba.cut_for_search(word) if part != word and len(part) > 1]
            if HAN_RUN.fullmatch(word) and len(word) > 2
            else []
        )
        found.extend([word, *parts] if parts and rjieba.has_word(word) else parts or [word])
    return found


def find_pages(index: NewsIndex, text: str, lang: str, section: Optional[str] = None) -> List[Match]:
    """Every page that fits the question at least THRESHOLD, the best first; the visitor's language first
    among equals."""
    terms = question_terms(text)
    if not terms:
        return []
    total = index.count()
    weights: Dict[str, float] = {}
    in_text: Dict[str, Set[int]] = {}
    in_title: Dict[str, Set[int]] = {}
    for term in terms:
        in_title[term] = index.rowids_with(term, ("title", "tags"))
    # A word kept beside its parts (啤酒节: 啤酒) counts only when a page is about it; else its parts speak.
    terms = [t for t in terms if in_title[t] or not (HAN_RUN.fullmatch(t) and any(o != t and o in t for o in terms))]
    for term in terms:
        in_text[term] = index.rowids_with(term)
        weights[term] = math.log((total + 1) / (max(len(in_text[term]), 1) + 0.5))  # no page: as rare as one
    whole = sum(weights.values())
    scores: Dict[int, float] = {}
    for term, rowids in in_text.items():
        for rowid in rowids:
            share = 1.0 if rowid in in_title[term] else BODY_ONLY
            scores[rowid] = scores.get(rowid, 0.0) + share * weights[term] / whole
    # A page is about the question only when its title or keywords have one of its words; a word only in
    # the text ("name", "taxi" mentioned in passing) never makes a page the answer, nor a word that says
    # only when ("the best month to come": the festival page's "month").
    about = set().union(*(rowids for term, rowids in in_title.items() if term not in WHEN_WORDS))
    places = places_elsewhere(text)
    fitting = [
        rowid
        for rowid, score in scores.items()
        if score >= THRESHOLD and rowid in about and (not places or names_all(places, [index.body(rowid)]))
    ]
    matches = [
        Match(page, scores[page.id], _terms_of(page.id, terms, in_text, weights))
        for page in index.pages(fitting)
        if section is None or page.section == section
    ]
    phrases = _phrases_named(index, text, {m.page.id for m in matches}) if len(matches) > 1 else {}
    return sorted(
        matches,
        key=lambda m: (
            -round(m.score, 6),
            -phrases.get(m.page.id, 0),
            m.page.lang != lang,
            -m.page.published.toordinal(),
        ),
    )


def _phrases_named(index: NewsIndex, text: str, rowids: Set[int]) -> Dict[int, int]:
    """For pages that fit equally: how many two-word phrases of the question each one's title or keywords
    hold, asking words included ("local customs" names the traditions page, where "customs" alone is as much
    the Free Trade Zone's)."""
    latin = [w for w in words(text.lower()) if not HAN_RUN.search(w)]
    counts: Dict[int, int] = {}
    for pair in dict.fromkeys(pairwise(latin)):
        for rowid in index.rowids_with(" ".join(pair), ("title", "tags")) & rowids:
            counts[rowid] = counts.get(rowid, 0) + 1
    return counts


def _terms_of(
    rowid: int, terms: Sequence[str], in_text: Dict[str, Set[int]], weights: Dict[str, float]
) -> Tuple[str, ...]:
    return tuple(sorted((t for t in terms if rowid in in_text[t]), key=lambda t: -weights[t]))
