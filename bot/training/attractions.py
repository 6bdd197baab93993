"""Training data generated from data/attractions.yml: every name of every place, in sentences.

Each name (English, Chinese, pinyin, aliases) appears in questions for details and for the
follow-ups (directions, hours, tickets), annotated as the `attraction` entity; synonyms map each
name to the place's id, and a lookup table of the names feeds the RegexFeaturizer. Category words
("beaches", "带孩子") become the `attraction_category` entity the same way. Sentences are given
to names in turn rather than at random, so the training data, and the model's hash, only change
when the catalogue's names do. Only names go into training: descriptions, hours and tickets are
read live and never need retraining.
"""

from __future__ import annotations

import re
from itertools import cycle
from typing import Dict, Iterable, Iterator, List, Sequence

import rjieba

from bot.attractions.catalogue import Catalogue, live_catalogue
from bot.language import HAN

# Characters that would break Rasa's [text](entity) annotation.
_UNSAFE = re.compile(r"[\[\]{}()]")

DETAILS = {
    "en": [
        "tell me about {}",
        "what is {}?",
        "what can you tell me about {}",
        "is {} worth a visit?",
        "I'd like to visit {}",
        "info about {} please",
        "what's special about {}",
        "{}",
    ],
    "zh": ["介绍一下{}", "{}怎么样", "{}有什么好玩的", "我想去{}", "{}值得去吗", "说说{}", "{}"],
}
FOLLOW_UPS = {
    "ask_attraction_directions": {
        "en": [
            "how do I get to {}?",
            "how can I go to {}",
            "directions to {}",
            "how to get to {} by metro",
            "which bus goes to {}",
            "where is {}?",
            "what's the address of {}",
        ],
        "zh": ["怎么去{}", "{}怎么走", "去{}坐几路车", "{}在哪里", "坐地铁怎么到{}", "{}的地址"],
    },
    "ask_attraction_hours": {
        "en": [
            "when is {} open?",
            "what time does {} open",
            "{} opening hours",
            "is {} open on Monday?",
            "what time does {} close",
            "is {} open in the evening",
        ],
        "zh": ["{}几点开门", "{}开放时间", "{}几点关门", "{}周一开吗", "{}晚上开吗"],
    },
    "ask_attraction_ticket": {
        "en": [
            "how much is the ticket for {}?",
            "{} ticket price",
            "is {} free?",
            "how much does {} cost",
            "entrance fee for {}",
            "do I need a ticket for {}",
        ],
        "zh": ["{}门票多少钱", "{}要门票吗", "{}免费吗", "{}门票价格", "去{}要花多少钱"],
    },
}
CATEGORY_SENTENCES = {
    "en": [
        "any {} in Qingdao?",
        "recommend some {}",
        "I'm looking for {}",
        "what {} can I visit",
        "show me {}",
        "{}",
        "where can I go for {}",
    ],
    "zh": ["青岛有什么{}", "推荐一些{}", "有没有{}", "我想找{}", "{}"],
}


def language_of(name: str) -> str:
    return "zh" if HAN.search(name) else "en"


def _annotate(sentence: str, name: str, entity: str) -> str:
    return sentence.format(f"[{name}]({entity})")


def _segments_cleanly(sentence: str, name: str) -> bool:
    """Whether Jieba, the tokenizer in config.yml, cuts the sentence at both ends of the name.

    "信号山有什么好玩的" becomes 信号 / 山有 / ...: the name would end inside a token, and Rasa
    drops such an annotation with a warning, so another sentence is used for that name.
    """
    start = sentence.index("{}")
    end = start + len(name)
    cuts = {edge for _, first, last in rjieba.tokenize(sentence.format(name)) for edge in (first, last)}
    return start in cuts and end in cuts


def _lines(items: Iterable[str]) -> str:
    return "".join(f"- {item}\n" for item in dict.fromkeys(items))


def _usable(name: str) -> bool:
    return bool(name.strip()) and not _UNSAFE.search(name)


def _in_turn(names: Sequence[str], sentences: Dict[str, List[str]], entity: str) -> Iterator[str]:
    """One sentence per name, each language's sentences taken in turn (skipping any Jieba cuts badly)."""
    turns = {lang: cycle(found) for lang, found in sentences.items()}
    for name in names:
        lang = language_of(name)
        for _ in sentences[lang]:
            sentence = next(turns[lang])
            if _segments_cleanly(sentence, name):
                yield _annotate(sentence, name, entity)
                break


def attraction_names(catalogue: Catalogue) -> List[str]:
    return [name for place in catalogue.attractions for name in place.names.every() if _usable(name)]


def _attraction_blocks(catalogue: Catalogue) -> List[Dict]:
    names = attraction_names(catalogue)
    follow_ups: Dict[str, List[str]] = {intent: [] for intent in FOLLOW_UPS}
    # Each name once in a follow-up question, the three kinds in turn.
    for intent, name in zip(cycle(FOLLOW_UPS), names):
        follow_ups[intent].append(name)
    blocks = [{"intent": "ask_attraction_info", "examples": _lines(_in_turn(names, DETAILS, "attraction"))}]
    blocks += [
        {"intent": intent, "examples": _lines(_in_turn(found, FOLLOW_UPS[intent], "attraction"))}
        for intent, found in follow_ups.items()
    ]
    blocks += [
        {
            "synonym": place.id,
            "examples": _lines(n for n in place.names.every() if _usable(n) and n.lower() != place.id),
        }
        for place in catalogue.attractions
    ]
    # Longest first: the regex tries names in this order, so "中山公园" is found before "中山".
    blocks.append({"lookup": "attraction", "examples": _lines(sorted(names, key=len, reverse=True))})
    return blocks


def _category_blocks(catalogue: Catalogue) -> List[Dict]:
    words = [w for category in catalogue.categories.values() for w in category.every_word() if _usable(w)]
    blocks = [
        {"intent": "ask_attractions", "examples": _lines(_in_turn(words, CATEGORY_SENTENCES, "attraction_category"))}
    ]
    blocks += [
        {
            "synonym": category.id,
            "examples": _lines(w for w in category.every_word() if _usable(w) and w.lower() != category.id),
        }
        for category in catalogue.categories.values()
    ]
    return blocks


def training_data() -> Dict:
    """The source named in bot.training.SOURCES; reads the catalogue now (it must be valid to train)."""
    catalogue = live_catalogue().load()
    return {"nlu": _attraction_blocks(catalogue) + _category_blocks(catalogue)}
