"""The console's interface texts (texts.yml beside this module) and the staff member's language."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Dict, List, Optional

from bot.content.texts import DEFAULT_LANGUAGE, LANGUAGES, check_bilingual, pick
from bot.content.yamlfile import ContentError, Problem, build_checked, line_of, read_yaml

TEXTS_FILE = Path(__file__).resolve().parent / "texts.yml"
LANGUAGE_COOKIE = "qicc_staff_lang"


def _build(data: object, filename: str) -> Dict[str, Dict[str, str]]:
    if not isinstance(data, dict):
        raise ContentError.single(filename, "the file must be a list of 'key: {en: ..., zh: ...}' lines")
    problems: List[Problem] = []
    texts = {
        key: check_bilingual(value, f"'{key}'", filename, line_of(data, key), problems) for key, value in data.items()
    }
    if problems:
        raise ContentError(problems)
    return texts


@lru_cache(maxsize=1)
def interface_texts() -> Dict[str, Dict[str, str]]:
    return build_checked(read_yaml(TEXTS_FILE), str(TEXTS_FILE), _build)


def translate(language: str, key: str, **values: str) -> str:
    text = pick(interface_texts()[key], language)
    return text.format(**values) if values else text


def name_of(language: str, kind: str, value: str) -> str:
    """A value of a kind (a channel, an intent) as staff read it, texts.yml's ``<kind>_<value>``; the value
    itself when that text is not there (a channel or topic added since)."""
    key = f"{kind}_{value}"
    return translate(language, key) if key in interface_texts() else value


def choose_language(cookie: Optional[str], accept_language: str) -> str:
    """The remembered choice, else the browser's first language we have."""
    if cookie in LANGUAGES:
        return cookie
    for part in accept_language.split(","):
        code = part.split(";")[0].strip().lower()[:2]
        if code in LANGUAGES:
            return code
    return DEFAULT_LANGUAGE
