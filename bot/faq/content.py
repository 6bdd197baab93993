"""The FAQ content file data/faq.yml: entries, their validation with line numbers, the live version."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from pathlib import Path
from typing import Any, Dict, List, Optional, Tuple

from bot.center.facts import COMMON_FIELDS
from bot.content.live import LiveFile, live_content
from bot.settings import settings
from bot.content.texts import LANGUAGES, Bilingual, check_bilingual, check_placeholders, check_replies
from bot.content.yamlfile import ContentError, Problem, line_of
from bot.language import folded


ID_PATTERN = re.compile(r"^[a-z0-9_]+$")
MIN_QUESTIONS = 2  # per language given: one wording teaches the model too little
ENTRY_FIELDS = ("id", "questions", "answer", "tags", "links", "reviewed")
REPLIES: Tuple[str, ...] = ("did_you_mean",)


def wording_key(text: str) -> str:
    """The form two wordings are compared in: folded (bot.language), without punctuation."""
    return " ".join(re.sub(r"[^\w]+", " ", folded(text)).split())


@dataclass(frozen=True)
class Entry:
    id: str
    questions: Dict[str, Tuple[str, ...]]  # language -> wordings, in file order
    answer: Bilingual
    tags: Tuple[str, ...] = ()
    links: Tuple[str, ...] = ()
    reviewed: str = ""  # YYYY-MM-DD, when staff last checked the answer
    line: int = field(default=0, compare=False)  # where it starts in the file, for messages

    def all_questions(self) -> List[Tuple[str, str]]:
        """(language, wording) pairs."""
        return [(lang, q) for lang, wordings in self.questions.items() for q in wordings]

    def texts(self) -> List[str]:
        """Its questions and answers: what the entry is about, in every language."""
        return [*(question for _, question in self.all_questions()), *self.answer.values()]


@dataclass(frozen=True)
class Faq:
    entries: Tuple[Entry, ...]
    replies: Dict[str, Bilingual] = field(default_factory=dict)

    def get(self, entry_id: str) -> Optional[Entry]:
        return self._by_id.get(entry_id)

    @cached_property
    def _by_id(self) -> Dict[str, Entry]:
        return {entry.id: entry for entry in self.entries}


class _Builder:
    """Turns parsed YAML into a Faq, collecting every problem with its line."""

    def __init__(self, data: Any, filename: str):
        self.data = data
        self.file = filename
        self.problems: List[Problem] = []
        self.seen_ids: Dict[str, int] = {}
        self.seen_questions: Dict[str, Tuple[str, int]] = {}  # normalized wording -> (entry id, line)

    def problem(self, line: Optional[int], message: str) -> None:
        self.problems.append(Problem(self.file, line, message))

    def build(self) -> Faq:
        if not isinstance(self.data, dict) or not isinstance(self.data.get("faq"), list):
            raise ContentError.single(
                self.file,
                "the file needs a line 'faq:' followed by the entries, each starting with '- id:'",
                line_of(self.data, "faq") or 1,
            )
        for key in self.data:
            if key not in ("replies", "faq"):
                self.problem(
                    line_of(self.data, key),
                    f"'{key}:' is not a section of this file; it has 'replies:' and 'faq:' only",
                )
        items = self.data["faq"]
        if not items:
            self.problem(line_of(self.data, "faq"), "'faq:' has no entries; add at least one starting with '- id:'")
        entries = [self.entry(items, i) for i in range(len(items))]
        faq = Faq(tuple(e for e in entries if e), self.replies())
        if self.problems:
            raise ContentError(sorted(self.problems, key=lambda p: p.line or 0))
        return faq

    def replies(self) -> Dict[str, Bilingual]:
        return check_replies(
            self.data.get("replies"),
            {key: COMMON_FIELDS for key in REPLIES},
            self.file,
            line_of(self.data, "replies") or 1,
            self.problems,
        )

    def entry(self, items: list, index: int) -> Optional[Entry]:
        item, line = items[index], line_of(items, index)
        if not isinstance(item, dict):
            self.problem(line, "each entry needs 'id:', 'questions:' and 'answer:' (see the top of the file)")
            return None
        for key in item:
            if key not in ENTRY_FIELDS:
                self.problem(line_of(item, key), f"'{key}' is not a field of an entry; use {', '.join(ENTRY_FIELDS)}")
        entry_id = self.entry_id(item, line)
        questions = self.questions(item, entry_id, line)
        where = f"the answer of '{entry_id}'"
        answer_line = line_of(item, "answer") or line
        if "answer" not in item:
            self.problem(line, f"'{entry_id}' has no 'answer:'; add one with en: and zh: texts")
            answer = {lang: "" for lang in LANGUAGES}
        else:
            answer = check_bilingual(item["answer"], where, self.file, answer_line, self.problems)
            check_placeholders(answer, COMMON_FIELDS, where, self.file, answer_line, self.problems)
        return Entry(
            entry_id,
            questions,
            answer,
            tags=self.words(item, "tags"),
            links=self.links(item),
            reviewed=self.reviewed(item),
            line=line or 0,
        )

    def entry_id(self, item: dict, line: Optional[int]) -> str:
        entry_id = item.get("id")
        id_line = line_of(item, "id") or line
        if not isinstance(entry_id, str) or not ID_PATTERN.match(entry_id):
            self.problem(
                id_line,
                f"'id: {entry_id if entry_id is not None else ''}' must be a short name of "
                "lowercase letters, digits and _ (e.g. tap_water)",
            )
            return str(entry_id)
        id_line = id_line or 0
        if entry_id in self.seen_ids:
            self.problem(
                id_line,
                f"the id '{entry_id}' is already used on line {self.seen_ids[entry_id]}; give each entry its own id",
            )
        else:
            self.seen_ids[entry_id] = id_line
        return entry_id

    def questions(self, item: dict, entry_id: str, line: Optional[int]) -> Dict[str, Tuple[str, ...]]:
        table = item.get("questions")
        q_line = line_of(item, "questions") or line
        if not isinstance(table, dict) or not table:
            self.problem(q_line, f"'{entry_id}' needs 'questions:' with an en: and/or zh: list of wordings")
            return {}
        result = {}
        for lang, wordings in table.items():
            lang_line = line_of(table, lang)
            if lang not in LANGUAGES:
                self.problem(lang_line, f"'{lang}' is not a language here; use en: (English) or zh: (Chinese)")
                continue
            if not isinstance(wordings, list) or len(wordings) < MIN_QUESTIONS:
                self.problem(
                    lang_line,
                    f"the {lang} questions of '{entry_id}' need a list of at least "
                    f"{MIN_QUESTIONS} wordings, one per line starting with '- '",
                )
                wordings = wordings if isinstance(wordings, list) else []
            result[lang] = tuple(self.question(wordings, i, entry_id) for i in range(len(wordings)))
        return result

    def question(self, wordings: list, index: int, entry_id: str) -> str:
        text, line = wordings[index], line_of(wordings, index)
        if not isinstance(text, (str, int, float)) or not wording_key(str(text)):
            self.problem(line, f"a question of '{entry_id}' is empty; write the question or remove the line")
            return ""
        text = str(text).strip()
        key = wording_key(text)
        if key in self.seen_questions:
            other, other_line = self.seen_questions[key]
            where = "this entry" if other == entry_id else f"'{other}'"
            self.problem(
                line,
                f"the question '{text}' is already under {where} (line {other_line}); "
                "a question may belong to one entry only",
            )
        else:
            self.seen_questions[key] = (entry_id, line or 0)
        return text

    def words(self, item: dict, key: str) -> Tuple[str, ...]:
        value = item.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            self.problem(line_of(item, key), f"'{key}:' must be a list like [transport, money]")
            return ()
        return tuple(v.strip() for v in value)

    def links(self, item: dict) -> Tuple[str, ...]:
        links = self.words(item, "links")
        for link in links:
            if not re.match(r"^https?://\S+$", link):
                self.problem(line_of(item, "links"), f"'{link}' is not a web address; start it with https://")
        return links

    def reviewed(self, item: dict) -> str:
        value = str(item.get("reviewed", "") or "").strip()
        if value:
            try:
                date.fromisoformat(value)
            except ValueError:
                self.problem(line_of(item, "reviewed"), f"'reviewed: {value}' must be a date like \"2025-01-31\"")
        return value


def build_faq(data: Any, filename: str) -> Faq:
    """The Faq in ``data`` (parsed YAML); raises ContentError listing every problem."""
    return _Builder(data, filename).build()


def faq_file() -> Path:
    return settings().data_dir / "faq.yml"


def live_faq() -> LiveFile[Faq]:
    """The running assistant's view of data/faq.yml, reloaded when staff save it."""
    return live_content("faq.yml", build_faq)


def current_faq() -> Faq:
    return live_faq().get()
