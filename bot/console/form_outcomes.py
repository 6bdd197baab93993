"""What a form page shows when a save did not happen: the checks refused the new version (each problem beside
its field, the others listed with their line), or another person changed the file since it was opened (who).
Each returns the extra values of the form's page, the same for the FAQ, the attractions and the categories."""

from __future__ import annotations

from typing import Any, Callable, Dict, List

from aiohttp import web

from bot.console.saving import Conflict
from bot.console.web import stores, t
from bot.content.yamlfile import ContentError, Problem


def refused(request: web.Request, error: ContentError, field_of: Callable[[Problem], str]) -> Dict[str, Any]:
    """``field_of`` names a problem's field ('' for none: a mistake elsewhere in the file, made by hand)."""
    by_field: Dict[str, List[str]] = {}
    others: List[str] = []
    for problem in error.problems:
        name = field_of(problem)
        if name:
            by_field.setdefault(name, []).append(problem.message)
        else:
            others.append(str(problem))
    return {
        "status": 422,
        "field_problems": by_field,
        "other_problems": others,
        "error": t(request, "not_saved"),
    }


def conflicted(request: web.Request, file: str, conflict: Conflict) -> Dict[str, Any]:
    """The version now in the file and who saved it (the console's history knows, else "someone")."""
    latest = stores(request).history.latest(file)
    author = latest.author if latest and latest.text == conflict.current else t(request, "someone")
    return {"status": 409, "error": t(request, "conflict", author=author)}
