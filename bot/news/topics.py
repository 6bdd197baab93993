"""The bilingual topic map of data/news_topics.yml: every name of a topic finds articles with any of them.

A question's topic names are found in its text before it is cut into words ("free trade zone" stays one
phrase, "自贸区" one word), and each becomes a group of alternatives for the index: the English and the
Chinese names of the topic.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import List, Sequence, Tuple

from bot.live import LiveFile, live_content
from bot.texts import LANGUAGES
from bot.yamlfile import ContentError, Problem, line_of

_LATIN = re.compile(r"[A-Za-z]")


@dataclass(frozen=True)
class Topics:
    groups: Tuple[Tuple[str, ...], ...]  # each: every name of one topic, English first

    def alternatives(self, term: str) -> Tuple[str, ...]:
        """All names of the topic ``term`` names (``term`` first), or just ``term``."""
        wanted = term.casefold()
        for names in self.groups:
            if any(name.casefold() == wanted for name in names):
                return (term, *(name for name in names if name.casefold() != wanted))
        return (term,)

    def find(self, text: str) -> Tuple[List[str], str]:
        """(topic names in ``text`` as written, ``text`` without them), longest names first."""
        found = []
        for name in sorted((n for names in self.groups for n in names), key=len, reverse=True):
            pattern = rf"(?<!\w){re.escape(name)}(?!\w)" if _LATIN.search(name) else re.escape(name)
            match = re.search(pattern, text, flags=re.IGNORECASE)
            if match:
                found.append(match[0])
                text = text[:match.start()] + " " + text[match.end():]
        return found, text


def _names(entry: dict, language: str, filename: str, line, problems: List[Problem]) -> List[str]:
    value = entry.get(language)
    names = [value] if isinstance(value, str) else value
    if not isinstance(names, list) or not names or not all(isinstance(n, str) and n.strip() for n in names):
        problems.append(Problem(filename, line_of(entry, language) or line,
                                f"this topic needs its {language} names, e.g. {language}: [name, other name]"))
        return []
    return [n.strip() for n in names]


def build_topics(data: object, filename: str) -> Topics:
    entries = data.get("topics") if isinstance(data, dict) else None
    if not isinstance(entries, list):
        raise ContentError.single(filename, "the file must start with 'topics:' and a list of '- en: ... zh: ...'", 1)
    problems: List[Problem] = []
    groups, owner = [], {}
    for index, entry in enumerate(entries):
        line = line_of(entries, index)
        if not isinstance(entry, dict):
            problems.append(Problem(filename, line, "each topic needs 'en:' and 'zh:' names"))
            continue
        names = [n for language in LANGUAGES for n in _names(entry, language, filename, line, problems)]
        for name in names:
            first = owner.setdefault(name.casefold(), line)
            if first != line:
                problems.append(Problem(filename, line, f"'{name}' is also a name of the topic on line {first}; "
                                        "a name may belong to one topic only"))
        groups.append(tuple(names))
    if problems:
        raise ContentError(problems)
    return Topics(tuple(groups))


def live_topics() -> LiveFile[Topics]:
    return live_content("news_topics.yml", build_topics)


def current_topics() -> Topics:
    try:
        return live_topics().get()
    except ContentError:  # never loaded a good version: search without the map rather than fail
        return Topics(())


def expand(terms: Sequence[str]) -> List[Tuple[str, ...]]:
    topics = current_topics()
    return [topics.alternatives(term) for term in terms]
