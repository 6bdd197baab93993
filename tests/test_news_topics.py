"""data/news_topics.yml: the bilingual topic map, its validation and how questions use it."""

from __future__ import annotations

import pytest

from bot.news.topics import Topics, build_topics
from bot.settings import ROOT
from bot.content.yamlfile import ContentError, build_checked, parse_yaml, read_yaml

SOURCE = ROOT / "data" / "news_topics.yml"


def test_the_shipped_file_is_valid():
    topics = build_checked(read_yaml(SOURCE), str(SOURCE), build_topics)
    assert len(topics.groups) >= 10


def test_alternatives_are_every_name_of_the_topic():
    topics = Topics((("free trade zone", "自贸区", "自由贸易区"),))
    assert topics.alternatives("自贸区") == ("自贸区", "free trade zone", "自由贸易区")
    assert topics.alternatives("Free Trade Zone") == ("Free Trade Zone", "自贸区", "自由贸易区")
    assert topics.alternatives("beer") == ("beer",)


def test_names_are_found_whole_and_longest_first():
    topics = Topics((("port", "港口"), ("free trade zone", "自贸区")))
    assert topics.find("any news on the Free Trade Zone?")[0] == ["Free Trade Zone"]
    assert topics.find("passport rules")[0] == []  # "port" only as a word of its own
    assert topics.find("港口和自贸区")[0] == ["自贸区", "港口"]


def test_a_missing_language_and_a_shared_name_are_reported_with_lines():
    text = "topics:\n  - en: [port]\n    zh: [港口]\n  - en: [harbour]\n  - en: [Port]\n    zh: [码头]\n"
    with pytest.raises(ContentError) as error:
        build_checked(parse_yaml(text, "news_topics.yml"), "news_topics.yml", build_topics)
    messages = {(p.line, p.message.split(";")[0]) for p in error.value.problems}
    assert (4, "this topic needs its zh names, e.g. zh: [name, other name]") in messages
    assert (5, "'Port' is also a name of the topic on line 2") in messages
