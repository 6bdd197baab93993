"""Changing one FAQ entry of data/faq.yml's text (the console's edits), leaving the rest of the file as it is.

Each function takes the file's text and returns the new text; the caller checks the result with
build_faq before anything is written, exactly as `qicc faq check` would.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Dict, Optional, Tuple

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from bot import roundtrip
from bot.content.editing import index_of, put_item, remove_item, section_of, set_list
from bot.content.editing import field_of as content_field_of
from bot.content.texts import LANGUAGES
from bot.content.yamlfile import Problem


@dataclass(frozen=True)
class EntryForm:
    """What the console's entry form holds: wordings one per line, answers as typed."""

    id: str
    questions: Dict[str, Tuple[str, ...]]
    answer: Dict[str, str]

    @classmethod
    def from_fields(cls, entry_id: str, questions: Dict[str, str], answer: Dict[str, str]) -> "EntryForm":
        wordings = {
            lang: tuple(line.strip() for line in questions.get(lang, "").splitlines() if line.strip())
            for lang in LANGUAGES
        }
        return cls(entry_id.strip(), wordings, {lang: answer.get(lang, "").strip() for lang in LANGUAGES})


def _entries(document) -> CommentedSeq:
    return section_of(document, "faq", CommentedSeq, "faq.yml", "the entries")


def _fill(item: CommentedMap, form: EntryForm) -> None:
    if item.get("id") != form.id:
        item["id"] = form.id
    questions = item.get("questions")
    if not isinstance(questions, CommentedMap):
        questions = item["questions"] = CommentedMap()
    for lang in LANGUAGES:
        if not form.questions[lang]:
            questions.pop(lang, None)
        else:
            set_list(questions, lang, form.questions[lang])
    answer = item.get("answer")
    if not isinstance(answer, CommentedMap):
        answer = item["answer"] = CommentedMap()
    for lang in LANGUAGES:
        roundtrip.set_text(answer, lang, form.answer[lang])


def save_entry(text: str, original_id: Optional[str], form: EntryForm) -> str:
    """The file with entry ``original_id`` replaced by ``form`` (its other fields kept), or ``form`` added
    at the end when ``original_id`` is None."""
    document = roundtrip.load(text, "faq.yml")
    put_item(_entries(document), original_id, lambda item: _fill(item, form))
    return roundtrip.dump(document)


def delete_entry(text: str, entry_id: str) -> str:
    document = roundtrip.load(text, "faq.yml")
    remove_item(_entries(document), entry_id)
    return roundtrip.dump(document)


def add_wordings(text: str, entry_id: str, wordings: Dict[str, Tuple[str, ...]]) -> str:
    """The file with ``wordings`` (language -> questions) added at the end of the entry's questions."""
    document = roundtrip.load(text, "faq.yml")
    entries = _entries(document)
    index = index_of(entries, entry_id)
    if index is None:
        raise KeyError(entry_id)
    questions = entries[index].setdefault("questions", CommentedMap())
    for lang, new in wordings.items():
        questions.setdefault(lang, CommentedSeq()).extend(w.strip() for w in new if w.strip())
    return roundtrip.dump(document)


def field_of(text: str, entry_id: str, problem: Problem) -> str:
    """Which field of the entry's form a problem's line is in ('id', 'questions_en', 'answer_zh'...),
    or '' when the line is not in one of them."""
    return content_field_of(text, "faq.yml", "faq", entry_id, problem, FORM_FIELDS)


FORM_FIELDS = ("id", *(f"{section}_{lang}" for section in ("questions", "answer") for lang in LANGUAGES))
