"""The chat page and the widget script, filled in with their interface texts, and their security headers.

Plain Python (no Rasa), so that the page can be checked without a server. The texts come from
texts.yml beside this module; the welcome and the error message (with the phone number) come
from data/center.yml, read per request so that a staff edit shows without a restart.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any, Dict, List

from bot.center.facts import current_center
from bot.center.answers import reply
from bot.channels.webchat.origins import allowed_origins
from bot.content.texts import LANGUAGES, check_bilingual, check_placeholders, pick
from bot.content.yamlfile import ContentError, Problem, build_checked, line_of, read_yaml

HERE = Path(__file__).resolve().parent
STATIC_DIR = HERE / "static"  # served as they are
TEMPLATES_DIR = HERE / "templates"  # filled in per request
TEXTS_FILE = HERE / "texts.yml"
CONFIG_MARK = "/*QICC_CONFIG*/"  # replaced by the page's configuration (JSON) in index.html and widget.js
# The standard REST channel, relative to the page at /chat/, so that a proxy may mount the server anywhere.
REST_ENDPOINT = "../webhooks/rest/webhook"
TEXT_KEYS = (
    "language_name",
    "switch_language",
    "title",
    "short_title",
    "input_label",
    "placeholder",
    "send",
    "close",
    "you",
    "assistant",
    "typing",
    "suggestions_label",
    "quick_replies_label",
    "image",
    "not_sent",
    "new_conversation",
)

Texts = Dict[str, Dict[str, object]]  # language -> key -> text (or list of texts for "suggestions")


def build_texts(data: object, filename: str) -> Dict[str, Any]:
    """Validate texts.yml: every key in en and zh, and a list of suggested questions."""
    problems: List[Problem] = []
    if not isinstance(data, dict):
        raise ContentError.single(filename, "the file must be a list of 'key: {en: ..., zh: ...}' lines")
    texts: Dict[str, Any] = {}
    for key in TEXT_KEYS:
        texts[key] = check_bilingual(
            data.get(key), key, filename, line_of(data, key) or getattr(data, "line", 1), problems
        )
        check_placeholders(texts[key], ("name",), key, filename, line_of(data, key), problems)
    suggestions = data.get("suggestions") or []
    if not isinstance(suggestions, list):
        problems.append(Problem(filename, line_of(data, "suggestions"), "suggestions must be a list"))
        suggestions = []
    texts["suggestions"] = [
        check_bilingual(item, f"suggestion {number}", filename, line_of(suggestions, number - 1), problems)
        for number, item in enumerate(suggestions, start=1)
    ]
    if problems:
        raise ContentError(problems)
    return texts


@lru_cache(maxsize=1)
def interface_texts() -> Dict[str, Any]:
    """texts.yml ships with the code, so it is read once; a mistake in it stops the server at start."""
    return build_checked(read_yaml(TEXTS_FILE), str(TEXTS_FILE), build_texts)


def texts_for_visitors() -> Texts:
    """Every interface text by language, with the center's name, welcome and error message filled in."""
    texts = interface_texts()
    try:
        center = current_center()
    except ContentError:  # already logged by the center file's reader, with the line to fix
        center = None
    result: Texts = {}
    for lang in LANGUAGES:
        name = pick(center.name, lang) if center else ""
        chosen: Dict[str, object] = {
            key: value[lang].format(name=name) for key, value in texts.items() if key != "suggestions"
        }
        chosen["suggestions"] = [item[lang] for item in texts["suggestions"]]
        chosen["welcome"] = reply(center, "greet", lang) if center else ""
        chosen["error"] = reply(center, "error", lang) if center else ""
        result[lang] = chosen
    return result


def _script_json(value: object) -> str:
    """JSON that cannot end the <script> element it sits in, whatever the texts contain."""
    return json.dumps(value, ensure_ascii=False).replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


@lru_cache(maxsize=None)
def _template(name: str) -> str:
    return (TEMPLATES_DIR / name).read_text(encoding="utf-8")


def render_page() -> str:
    config = {"texts": texts_for_visitors(), "endpoint": REST_ENDPOINT}
    return _template("index.html").replace(CONFIG_MARK, _script_json(config))


def render_widget() -> str:
    texts = {lang: {"short_title": value["short_title"]} for lang, value in texts_for_visitors().items()}
    return _template("widget.js").replace(CONFIG_MARK, _script_json({"texts": texts}))


def page_headers(cors_origins: str) -> Dict[str, str]:
    """Everything from this server, nothing inline; only the configured sites may frame the page."""
    ancestors = " ".join(["'self'", *allowed_origins(cors_origins)])
    policy = (
        "default-src 'self'; script-src 'self'; style-src 'self'; connect-src 'self'; "
        "img-src 'self' https: http: data:; object-src 'none'; base-uri 'none'; form-action 'self'; "
        f"frame-ancestors {ancestors}"
    )
    return {
        "Content-Security-Policy": policy,
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "same-origin",
        "Cache-Control": "no-cache",
    }
