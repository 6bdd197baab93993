"""Changing one FAQ entry of data/faq.yml's text (the console's edits), leaving the rest of the file as it is.

Each function takes the file's text and returns the new text; the caller checks the result with
build_faq before anything is written, exactly as `qicc faq check` would.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Dict, Optional, Tuple

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from bot import roundtrip
from bot.content.texts import LANGUAGES
from bot.content.yamlfile import ContentError, LineDict, Problem, line_of, parse_yaml


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
    if not isinstance(document, CommentedMap) or not isinstance(document.get("faq"), CommentedSeq):
        raise ContentError.single("faq.yml", "the file needs a line 'faq:' followed by the entries")
    return document["faq"]


def _index(entries: CommentedSeq, entry_id: str) -> Optional[int]:
    return next((i for i, item in enumerate(entries) if isinstance(item, dict) and item.get("id") == entry_id), None)


def _fill(item: CommentedMap, form: EntryForm) -> None:
    if item.get("id") != form.id:
        item["id"] = form.id
    questions = item.get("questions")
    if not isinstance(questions, CommentedMap):
        questions = item["questions"] = CommentedMap()
    for lang in LANGUAGES:
        if not form.questions[lang]:
            questions.pop(lang, None)
        elif tuple(str(q).strip() for q in questions.get(lang) or ()) != form.questions[lang]:
            questions[lang] = CommentedSeq(form.questions[lang])
    answer = item.get("answer")
    if not isinstance(answer, CommentedMap):
        answer = item["answer"] = CommentedMap()
    for lang in LANGUAGES:
        roundtrip.set_text(answer, lang, form.answer[lang])


def save_entry(text: str, original_id: Optional[str], form: EntryForm) -> str:
    """The file with entry ``original_id`` replaced by ``form`` (its other fields kept), or ``form`` added
    at the end when ``original_id`` is None."""
    document = roundtrip.load(text, "faq.yml")
    entries = _entries(document)
    index = _index(entries, original_id) if original_id else None
    if original_id and index is None:
        raise KeyError(original_id)
    if index is None:
        item = CommentedMap()
        _fill(item, form)
        entries.append(item)
        # A blank line between entries, as in the hand-written file.
        entries.yaml_set_comment_before_after_key(len(entries) - 1, before="\n", indent=2)
    else:
        _fill(entries[index], form)
    return roundtrip.dump(document)


def delete_entry(text: str, entry_id: str) -> str:
    document = roundtrip.load(text, "faq.yml")
    entries = _entries(document)
    index = _index(entries, entry_id)
    if index is None:
        raise KeyError(entry_id)
    del entries[index]
    return roundtrip.dump(document)


def add_wordings(text: str, entry_id: str, wordings: Dict[str, Tuple[str, ...]]) -> str:
    """The file with ``wordings`` (language -> questions) added at the end of the entry's questions."""
    document = roundtrip.load(text, "faq.yml")
    entries = _entries(document)
    index = _index(entries, entry_id)
    if index is None:
        raise KeyError(entry_id)
    questions = entries[index].setdefault("questions", CommentedMap())
    for lang, new in wordings.items():
        questions.setdefault(lang, CommentedSeq()).extend(w.strip() for w in new if w.strip())
    return roundtrip.dump(document)


def field_of(text: str, entry_id: str, problem: Problem) -> str:
    """Which field of the entry's form a problem's line is in ('id', 'questions_en', 'answer_zh'...),
    or '' when the line is not in one of them."""
    try:
        data = parse_yaml(text, "faq.yml")
    except ContentError:
        return ""
    items = data.get("faq") if isinstance(data, dict) else None
    if not isinstance(items, list) or problem.line is None:
        return ""
    index = next((i for i, item in enumerate(items) if isinstance(item, LineDict) and item.get("id") == entry_id), None)
    if index is None:
        return ""
    item = items[index]
    end = (line_of(items, index + 1) if index + 1 < len(items) else None) or float("inf")
    if not item.line <= problem.line < end:
        return ""
    starts = [(line_of(item, key) or item.line, str(key)) for key in item]
    for section in ("questions", "answer"):
        if isinstance(item.get(section), LineDict):
            starts += [(line_of(item[section], lang) or item.line, f"{section}_{lang}") for lang in item[section]]
    before = [name for line, name in sorted(starts) if line <= problem.line]
    name = before[-1] if before else ""
    if name in ("questions", "answer"):
        # Reported on the section's own line (e.g. a placeholder check): the language it names.
        named = re.search(r"\b(%s)\b" % "|".join(LANGUAGES), problem.message)
        name = f"{name}_{named.group(1) if named else LANGUAGES[0]}"
    return name if name in FORM_FIELDS else ""


FORM_FIELDS = ("id", *(f"{section}_{lang}" for section in ("questions", "answer") for lang in LANGUAGES))
