"""Editing a content file in place: ruamel.yaml's round trip keeps the comments, order and layout of the
parts not edited, so a person editing the file by hand and one using the console can both work on it."""

from __future__ import annotations

import io
from typing import Any

from ruamel.yaml import YAML, YAMLError
from ruamel.yaml.scalarstring import LiteralScalarString

from bot.content.yamlfile import ContentError


def _yaml() -> YAML:
    yaml = YAML()  # round trip
    yaml.indent(mapping=2, sequence=4, offset=2)  # "key:\n  - item", as the content files are written
    yaml.width = 4096  # type: ignore[assignment]  # never re-wrap a line staff wrote
    yaml.preserve_quotes = True  # type: ignore[assignment]
    yaml.allow_unicode = True
    return yaml


def load(text: str, filename: str = "the file") -> Any:
    """The document to edit; a file that is not valid YAML (a hand edit gone wrong) is a ContentError."""
    try:
        return _yaml().load(text)
    except YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        raise ContentError.single(
            filename,
            "this is not valid YAML; fix it in the file first "
            f"(`qicc ... check` shows the line): {getattr(error, 'problem', error)}",
            mark.line + 1 if mark else None,
        ) from error


def dump(document: Any) -> str:
    out = io.StringIO()
    _yaml().dump(document, out)
    return out.getvalue()


def text_value(value: str) -> Any:
    """A text as staff typed it: several lines stay several lines in the file."""
    value = value.replace("\r\n", "\n").strip()
    return LiteralScalarString(value + "\n") if "\n" in value else value


def set_text(table: Any, key: str, value: str) -> None:
    """``table[key] = value`` unless it already says that: an untouched text keeps its layout (folded lines)."""
    if str(table.get(key, "")).strip() != value.replace("\r\n", "\n").strip():
        table[key] = text_value(value)
