"""The FAQ as a spreadsheet (CSV) and back: one row per entry, lists one item per line in a cell.

UTF-8 with a byte order mark ("utf-8-sig"), because that is how Excel recognises UTF-8 and
shows Chinese correctly; Excel's "CSV UTF-8" format writes it back the same way. Rows are
numbered as a spreadsheet shows them (the header is row 1), so problems point at the row.

A cell that starts with = + - @ (or a tab or carriage return) would be run as a formula by Excel
or LibreOffice when another staff member opens the file ("formula injection"): it is written
with a leading apostrophe, which spreadsheets show as text, and read back without it.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, List, Optional

from bot.faq.content import Entry, Faq, build_faq
from bot.faq.writer import write_atomically
from bot.content.texts import LANGUAGES
from bot.content.yamlfile import ContentError, LineDict, LineList, Problem

ENCODING = "utf-8-sig"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
QUOTE = "'"
LIST_FIELDS = ("tags", "links")
COLUMNS = (
    "id",
    *(f"questions_{lang}" for lang in LANGUAGES),
    *(f"answer_{lang}" for lang in LANGUAGES),
    *LIST_FIELDS,
    "reviewed",
)


def _cell_list(values) -> str:
    return "\n".join(values)


def _neutral(cell: str) -> str:
    return QUOTE + cell if cell.startswith(FORMULA_STARTS) else cell


def _restored(cell: str) -> str:
    return cell[1:] if cell.startswith(QUOTE) and cell[1:].startswith(FORMULA_STARTS) else cell


def _row(entry: Entry) -> Dict[str, str]:
    row = {"id": entry.id, "tags": _cell_list(entry.tags), "links": _cell_list(entry.links), "reviewed": entry.reviewed}
    for lang in LANGUAGES:
        row[f"questions_{lang}"] = _cell_list(entry.questions.get(lang, ()))
        row[f"answer_{lang}"] = entry.answer.get(lang, "")
    return row


def to_csv(faq: Faq) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\r\n")  # Excel's own line ends
    writer.writeheader()
    writer.writerows({key: _neutral(value) for key, value in _row(entry).items()} for entry in faq.entries)
    return out.getvalue()


def export_csv(faq: Faq, path: Path) -> None:
    write_atomically(path, "\ufeff" + to_csv(faq))


def _located(value, line: int):
    """Give parsed cells the line attributes that YAML content has, so problems name the row."""
    if isinstance(value, dict):
        mapping = LineDict(value)
        mapping.line, mapping.key_lines = line, {key: line for key in value}
        return mapping
    items = LineList(value)
    items.line, items.item_lines = line, [line] * len(value)
    return items


def _split(cell: str) -> List[str]:
    return [item.strip() for item in cell.splitlines() if item.strip()]


def _entry_data(row: Dict[str, str], line: int) -> LineDict:
    questions = {
        lang: _located(_split(row[f"questions_{lang}"]), line) for lang in LANGUAGES if row[f"questions_{lang}"].strip()
    }
    data = {
        "id": row["id"].strip(),
        "questions": _located(questions, line),
        "answer": _located({lang: row[f"answer_{lang}"].strip() for lang in LANGUAGES}, line),
    }
    for name in LIST_FIELDS:
        if row[name].strip():
            data[name] = _located(_split(row[name]), line)
    if row["reviewed"].strip():
        data["reviewed"] = row["reviewed"].strip()
    return _located(data, line)


def read_csv(path: Path, replies: Optional[Dict]) -> Faq:
    """The Faq in a spreadsheet (with the replies of the current file); ContentError lists every problem."""
    name = str(path)
    try:
        text = path.read_text(encoding=ENCODING)
    except UnicodeDecodeError:
        raise ContentError.single(
            name, "the file is not UTF-8; in Excel use Save As, 'CSV UTF-8 (Comma delimited)'"
        ) from None
    except OSError as error:
        raise ContentError.single(name, f"cannot be read: {error.strerror}") from error
    reader = csv.DictReader(io.StringIO(text, newline=""))
    missing = [c for c in COLUMNS if c not in (reader.fieldnames or [])]
    if missing:
        raise ContentError.single(
            name,
            f"row 1 needs the columns {', '.join(COLUMNS)}; missing: "
            f"{', '.join(missing)} (export a fresh file with `qicc faq export`)",
            1,
        )
    extra = [c for c in reader.fieldnames or [] if c not in COLUMNS]
    if extra:
        raise ContentError.single(name, f"unknown columns {', '.join(extra)}; keep only {', '.join(COLUMNS)}", 1)
    entries = LineList()
    entries.line, entries.item_lines = 1, []
    number = 1  # the row read last; a row that cannot be read is the next one
    try:
        for number, row in enumerate(reader, start=2):
            row = {key: _restored(value or "") for key, value in row.items() if key is not None}
            if not any(value.strip() for value in row.values()):
                continue  # an empty row at the end of a sheet
            entries.append(_entry_data(row, number))
            entries.item_lines.append(number)
    except csv.Error as error:  # a NUL byte, a cell beyond csv's size limit, a broken quote
        raise ContentError.single(
            name,
            f"this row cannot be read as CSV ({error}); retype it in the "
            "spreadsheet or export a fresh file with `qicc faq export`",
            number + 1,
        ) from error
    data = _located({"replies": replies, "faq": entries}, 1)
    return build_faq(data, name)


@dataclass(frozen=True)
class Changes:
    added: List[str] = field(default_factory=list)
    changed: Dict[str, List[str]] = field(default_factory=dict)  # id -> the fields that differ
    removed: List[str] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.added or self.changed or self.removed)


FIELDS = ("questions", "answer", "tags", "links", "reviewed")


def compare(old: Optional[Faq], new: Faq) -> Changes:
    before = {e.id: e for e in old.entries} if old else {}
    after = {e.id: e for e in new.entries}
    changed = {}
    for entry_id in after.keys() & before.keys():
        fields = [f for f in FIELDS if getattr(before[entry_id], f) != getattr(after[entry_id], f)]
        if fields:
            changed[entry_id] = fields
    return Changes(
        added=[i for i in after if i not in before],
        changed={i: changed[i] for i in after if i in changed},
        removed=[i for i in before if i not in after],
    )


def describe(problem: Problem) -> str:
    """A problem in spreadsheet words: 'faq.csv row 5: ...'."""
    return f"{problem.file} row {problem.line}: {problem.message}" if problem.line else str(problem)
