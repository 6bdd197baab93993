"""The bilingual topic map of data/news_topics.yml: every name of a topic finds articles with any of them.

A question's topic names are found in its text before it is cut into words ("free trade zone" stays one
phrase, "自贸区" one word), and each becomes a group of alternatives for the index: the English and the
Chinese names of the topic.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property
from typing import Dict, List, Optional, Pattern, Sequence, Tuple

from bot.content.live import LiveFile, live_content
from bot.content.texts import LANGUAGES
from bot.content.yamlfile import ContentError, Problem, line_of

_LATIN = re.compile(r"[A-Za-z]")


@dataclass(frozen=True)
class Topics:
    groups: Tuple[Tuple[str, ...], ...]  # each: every name of one topic, English first

    # Built once per version of the file, not for every question.
    @cached_property
    def _groups_by_name(self) -> Dict[str, Tuple[str, ...]]:
        return {name.casefold(): names for names in self.groups for name in names}

    @cached_property
    def _patterns(self) -> List[Pattern[str]]:
        """One pattern per name, longest names first; Latin names only as whole words."""
        names = sorted((n for names in self.groups for n in names), key=len, reverse=True)
        return [
            re.compile(rf"(?<!\w){re.escape(n)}(?!\w)" if _LATIN.search(n) else re.escape(n), re.IGNORECASE)
            for n in names
        ]

    def alternatives(self, term: str) -> Tuple[str, ...]:
        """All names of the topic ``term`` names (``term`` first), or just ``term``."""
        wanted = term.casefold()
        names = self._groups_by_name.get(wanted, ())
        return (term, *(name for name in names if name.casefold() != wanted))

    def find(self, text: str) -> Tuple[List[str], str]:
        """(topic names in ``text`` as written, ``text`` without them), longest names first."""
        found = []
        for pattern in self._patterns:
            match = pattern.search(text)
            if match:
                found.append(match[0])
                text = text[: match.start()] + " " + text[match.end() :]
        return found, text


def _names(entry: dict, language: str, filename: str, line, problems: List[Problem]) -> List[str]:
    value = entry.get(language)
    names = [value] if isinstance(value, str) else value
    if not isinstance(names, list) or not names or not all(isinstance(n, str) and n.strip() for n in names):
        problems.append(
            Problem(
                filename,
                line_of(entry, language) or line,
                f"this topic needs its {language} names, e.g. {language}: [name, other name]",
            )
        )
        return []
    return [n.strip() for n in names]


def build_topics(data: object, filename: str) -> Topics:
    entries = data.get("topics") if isinstance(data, dict) else None
    if not isinstance(entries, list):
        raise ContentError.single(filename, "the file must start with 'topics:' and a list of '- en: ... zh: ...'", 1)
    problems: List[Problem] = []
    groups: List[Tuple[str, ...]] = []
    owner: Dict[str, Optional[int]] = {}  # name, case folded -> line of its topic
    for index, entry in enumerate(entries):
        line = line_of(entries, index)
        if not isinstance(entry, dict):
            problems.append(Problem(filename, line, "each topic needs 'en:' and 'zh:' names"))
            continue
        names = [n for language in LANGUAGES for n in _names(entry, language, filename, line, problems)]
        for name in names:
            first = owner.setdefault(name.casefold(), line)
            if first != line:
                problems.append(
                    Problem(
                        filename,
                        line,
                        f"'{name}' is also a name of the topic on line {first}; a name may belong to one topic only",
                    )
                )
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
