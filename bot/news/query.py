"""What a news question asks for: the latest N, a topic, a period, or a topic in a period.

"what's the latest business news?"      -> latest 3
"give me the 5 latest news"             -> latest 5
"news about the free trade zone"        -> topic: free trade zone
"smart city news in 2021"               -> topic: smart city, period: 2021
"上个月有什么自贸区的新闻"                 -> topic: 自贸区, period: last month

The topic is what is left of the question after the period, the count and the words every news
question has ("news", "latest", "about", "什么", "新闻"...) are taken out. Only word characters reach the
index, so FTS5 syntax in a question (quotes, *, -, NEAR, OR, parentheses) is never interpreted.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Optional, Tuple

from bot.limits import MAX_SEARCH_TERMS
from bot.news.period import Period, find_period
from bot.news.topics import current_topics
from bot.news.words import words
from bot.language import HAN
from bot.center.when import zh_number

DEFAULT_COUNT = 3
MAX_COUNT = 10

# Words of the question itself, not of its topic. "qingdao" too: every article is about Qingdao, and the
# economy: business news is economic news ("economic updates", 经济新闻 ask for the latest news).
# "and", "or", "not", "near" are here so that FTS5's operators typed as words change nothing.
EN_STOP = set(
    """
a about after all an and any anything are around articles article as at be been business can could
did do does economic economics economy finance financial for from get give got happened happening has have headline headlines hear heard how i
in info information is it its it's last latest let lately like look looking me more most my near need
new news newest not of on or please pls qingdao re recent recently regarding related report reports s
see share show some something stories story tell that the there these this to today's top update
updates want was were what what's whats which with would you your
""".split()
)
ZH_STOP = set(
    """
新闻 资讯 消息 动态 报道 最新 最近 近期 新 新鲜事 商务 商业 财经 经济 关于 有关 相关 方面 的 了 吗 呢 吧 啊 什么 有没有 有 没有 没 请 请问
给 我 我们 看看 看 一下 告诉 说说 讲讲 一些 哪些 些 青岛 几条 条 篇 是 在 和 或 想 知道 了解 能 可以 最 发生 事 事情 情况
啥 多少 几 多 年 上 下 这边 那边 这么 那么 怎么 怎样 如何 为什么 哪里 哪儿
""".split()
)

_EN_COUNT = re.compile(
    r"\b(?:latest|last|top|newest|recent|first)\s+(\d{1,2})\b"
    r"|\b(\d{1,2})\s+(?:latest|newest|recent|new|news|articles|stories|headlines|items|pieces)\b"
)
_ZH_COUNT = re.compile(r"([0-9]{1,2}|[一二两三四五六七八九十]{1,3})\s*(?:条|篇|则|个)")
_HAN_GAP = re.compile(f"(?<={HAN.pattern}) (?={HAN.pattern})")


@dataclass(frozen=True)
class NewsQuery:
    terms: Tuple[str, ...]  # the topic's words; empty: no topic
    period: Optional[Period]
    count: int

    @property
    def topic(self) -> str:
        """The topic as the visitor wrote it ("free trade zone", "自贸区")."""
        return _HAN_GAP.sub("", " ".join(self.terms))


def _count(text: str) -> Tuple[int, str]:
    for pattern in (_EN_COUNT, _ZH_COUNT):
        match = pattern.search(text.lower())
        if match:
            number = zh_number(next(g for g in match.groups() if g))
            if number:
                return max(1, min(MAX_COUNT, number)), text[: match.start()] + " " + text[match.end() :]
    return DEFAULT_COUNT, text


def is_stop_word(word: str) -> bool:
    return word.lower() in EN_STOP or word in ZH_STOP or word.isdigit() or not word.strip("_")


def parse_question(text: str, today: date) -> NewsQuery:
    period, rest = find_period(text, today)
    count, rest = _count(rest)
    topics, rest = current_topics().find(rest)  # "free trade zone" stays one phrase, 自贸区 one word
    terms = tuple(topics) + tuple(word for word in words(rest) if not is_stop_word(word))
    # Each term is one full-text query: a question of hundreds of words must not cost hundreds.
    terms = tuple(dict.fromkeys(terms))[:MAX_SEARCH_TERMS]
    return NewsQuery(terms=terms, period=period, count=count)
