"""Bilingual texts from content files: validation and filling in {placeholders}."""

from __future__ import annotations

import string
from typing import Any, Dict, Iterable, List, Mapping

from bot.content.yamlfile import ContentError, Problem, line_of

LANGUAGES = ("en", "zh")
DEFAULT_LANGUAGE = "en"

Bilingual = Dict[str, str]


def check_bilingual(value: Any, where: str, filename: str, line: Any, problems: List[Problem]) -> Bilingual:
    """Return {"en": ..., "zh": ...} or record what is missing in ``problems``."""
    if not isinstance(value, dict):
        problems.append(Problem(filename, line, f"{where} needs an English (en:) and a Chinese (zh:) text"))
        return {lang: "" for lang in LANGUAGES}
    result = {}
    for lang in LANGUAGES:
        text = value.get(lang)
        if not isinstance(text, str) or not text.strip():
            problems.append(
                Problem(filename, line_of(value, lang) or line, f"{where} has no {lang} text; add a line '{lang}: ...'")
            )
        result[lang] = str(text or "").strip()
    return result


def check_placeholders(
    text: Bilingual, allowed: Iterable[str], where: str, filename: str, line: Any, problems: List[Problem]
) -> None:
    allowed = set(allowed)
    for lang, value in text.items():
        try:
            names = {name for _, name, _, _ in string.Formatter().parse(value) if name is not None}
        except ValueError:
            problems.append(Problem(filename, line, f"{where} ({lang}) has an unmatched {{ or }}"))
            continue
        for name in sorted(names - allowed):
            problems.append(
                Problem(
                    filename,
                    line,
                    f"{where} ({lang}) uses {{{name}}}, which is not "
                    f"filled in here; use one of: {', '.join(sorted(allowed))}",
                )
            )


def pick(text: Mapping[str, str], language: str) -> str:
    return text.get(language) or text.get(DEFAULT_LANGUAGE, "")


def fill(template: Mapping[str, str], language: str, values: Mapping[str, str]) -> str:
    return pick(template, language).format_map(dict(values))


def check_replies(
    table: Any,
    allowed: Mapping[str, Iterable[str]],
    filename: str,
    line: Any,
    problems: List[Problem],
    what: str = "reply",
) -> Dict[str, Bilingual]:
    """A table of bilingual replies: only known keys, each in both languages, known placeholders only.

    ``allowed`` maps each reply the code uses to the {placeholders} it fills in.
    """
    if not isinstance(table, dict):
        problems.append(Problem(filename, line, f"this needs one entry per {what}: {', '.join(allowed)}"))
        table = {}
    for key in table:
        if key not in allowed:
            problems.append(
                Problem(
                    filename,
                    line_of(table, key),
                    f"'{key}' is not a {what} the assistant uses; known: {', '.join(allowed)}",
                )
            )
    result = {}
    for key, names in allowed.items():
        where = line_of(table, key) or line_of(table) or line
        text = check_bilingual(table.get(key), f"{what} '{key}'", filename, where, problems)
        check_placeholders(text, names, f"{what} '{key}'", filename, where, problems)
        result[key] = text
    return result


def build_reply_file(data: Any, filename: str, allowed: Mapping[str, Iterable[str]]) -> Dict[str, Bilingual]:
    """A replies file ('replies:' and one bilingual entry per reply), or ContentError with every problem."""
    table = data.get("replies") if isinstance(data, dict) else None
    if not isinstance(table, dict):
        raise ContentError.single(filename, "the file must start with 'replies:' and one entry per reply", 1)
    problems: List[Problem] = []
    replies = check_replies(table, allowed, filename, line_of(data, "replies"), problems)
    if problems:
        raise ContentError(problems)
    return replies
