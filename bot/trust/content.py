"""The content file data/fit.yml: the words each answer is about, those of an emergency question, the
places outside Qingdao and the words that ask for places."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Dict, FrozenSet, List, Tuple

from bot.content.live import LiveFile, live_content
from bot.content.texts import LANGUAGES
from bot.trust.words import words
from bot.content.yamlfile import ContentError, Problem, line_of

SERVICES = ("police", "fire", "ambulance", "traffic")  # the keys of data/center.yml's emergency_numbers


@dataclass(frozen=True)
class EmergencyWords:
    alarm: Tuple[str, ...]  # phrases, in normal text form
    asking: Tuple[str, ...]
    services: Dict[str, Tuple[str, ...]]  # service -> phrases


@dataclass(frozen=True)
class FitWords:
    general: FrozenSet[str]  # words (as bot.trust.words gives them) that fit every answer
    intents: Dict[str, FrozenSet[str]]  # intent -> further words it is about
    emergency: EmergencyWords
    searching: FrozenSet[str] = frozenset()  # intents whose answer searches its content for any word
    elsewhere: Tuple[str, ...] = ()  # places outside Qingdao, phrases in normal text form
    # intent -> words that fit it without saying a question is about it (a day fits the hours)
    context: Dict[str, FrozenSet[str]] = field(default_factory=dict)
    asking_for_places: FrozenSet[str] = frozenset()  # words that ask for places (none listed: any question does)


class _Builder:
    def __init__(self, data: Any, filename: str):
        self.data = data if isinstance(data, dict) else {}
        self.file = filename
        self.problems: List[Problem] = []
        if not isinstance(data, dict):
            self.problem(line_of(data) or 1, "the file needs the sections general:, emergency: and intents:")

    def problem(self, line: Any, message: str) -> None:
        self.problems.append(Problem(self.file, line, message))

    def phrases(self, container: Any, key: str, where: str) -> List[str]:
        """Both languages' lists of ``container[key]``, each entry a non-empty text."""
        value = container.get(key) if isinstance(container, dict) else None
        line = line_of(container, key) or line_of(container)
        if not isinstance(value, dict):
            self.problem(line, f"{where} needs a list of English words (en: [...]) and of Chinese words (zh: [...])")
            return []
        found: List[str] = []
        for lang in LANGUAGES:
            items = value.get(lang)
            if not isinstance(items, list):
                self.problem(line_of(value, lang) or line, f"{where} has no '{lang}:' list; write {lang}: [word, word]")
                continue
            for index, item in enumerate(items):
                if isinstance(item, bool):  # YAML reads a bare yes, no, on, off as true or false
                    self.problem(
                        line_of(items, index) or line,
                        f"{where} ({lang}) has a word YAML reads as {str(item).lower()}: write it in quotes, "
                        'like "on" or "no"',
                    )
                    continue
                if not isinstance(item, (str, int)) or not str(item).strip():
                    self.problem(line_of(items, index) or line, f"{where} ({lang}) has an empty entry; remove it")
                    continue
                found.append(str(item).strip().casefold())
        return found

    def words_of(self, container: Any, key: str, where: str) -> FrozenSet[str]:
        return frozenset(w for phrase in self.phrases(container, key, where) for w in words(phrase))

    def emergency(self) -> EmergencyWords:
        section = self.data.get("emergency")
        if not isinstance(section, dict):
            self.problem(line_of(self.data, "emergency") or 1, "'emergency:' needs alarm:, asking: and services:")
            section = {}
        services = section.get("services")
        if not isinstance(services, dict) or set(services) != set(SERVICES):
            self.problem(
                line_of(section, "services") or line_of(section),
                f"'services:' needs exactly these services: {', '.join(SERVICES)}",
            )
            services = {}
        return EmergencyWords(
            alarm=tuple(self.phrases(section, "alarm", "'alarm'")),
            asking=tuple(self.phrases(section, "asking", "'asking'")),
            services={name: tuple(self.phrases(services, name, f"the service '{name}'")) for name in services},
        )

    def by_intent(self, key: str, required: bool = True) -> Dict[str, FrozenSet[str]]:
        """A section of word lists by intent: ``intents:``, or the optional ``context:``."""
        section = self.data.get(key)
        if section is None and not required:
            return {}
        if not isinstance(section, dict):
            self.problem(line_of(self.data, key) or 1, f"'{key}:' needs one entry per intent with en: and zh: lists")
            return {}
        return {str(name): self.words_of(section, name, f"the intent '{name}' of '{key}:'") for name in section}

    def searching(self) -> FrozenSet[str]:
        value = self.data.get("searching", [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self.problem(line_of(self.data, "searching") or 1, "'searching:' needs a list of intents, e.g. [ask_news]")
            return frozenset()
        return frozenset(value)

    def elsewhere(self) -> Tuple[str, ...]:
        if "elsewhere" not in self.data:  # a file from before the section: no place is known to be elsewhere
            return ()
        return tuple(self.phrases(self.data, "elsewhere", "'elsewhere:'"))

    def asking_for_places(self) -> FrozenSet[str]:
        if "asking_for_places" not in self.data:  # a file from before the section: every question asks for places
            return frozenset()
        return self.words_of(self.data, "asking_for_places", "'asking_for_places:'")

    def build(self) -> FitWords:
        fit = FitWords(
            self.words_of(self.data, "general", "'general:'"),
            self.by_intent("intents"),
            self.emergency(),
            self.searching(),
            self.elsewhere(),
            self.by_intent("context", required=False),
            self.asking_for_places(),
        )
        if self.problems:
            raise ContentError(self.problems)
        return fit


def build_fit_words(data: Any, filename: str) -> FitWords:
    return _Builder(data, filename).build()


def live_fit_words() -> LiveFile[FitWords]:
    return live_content("fit.yml", build_fit_words)
