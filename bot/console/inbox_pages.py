"""The unanswered inbox page: per group of similar unanswered questions, add them as wordings of an entry
(the closest one suggested), start a new entry from them, or dismiss them."""

from __future__ import annotations

from typing import Dict, List, Tuple
from urllib.parse import urlencode

from aiohttp import web

from bot.console import saving
from bot.console.web import PREFIX, redirect, render, save_as_staff, staff, stores, t
from bot.faq.content import Faq
from bot.faq.editing import add_wordings
from bot.faq.matcher import SUGGEST
from bot.content.texts import LANGUAGES
from bot.content.yamlfile import ContentError

FILE = "faq.yml"
routes = web.RouteTableDef()


def _faq_or_none(text: str):
    try:
        return saving.check(FILE, text)
    except ContentError:
        return None


def _page(request: web.Request, status: int = 200, **extra) -> web.Response:
    text = saving.read(FILE)
    faq: Faq = _faq_or_none(text)
    groups = stores(request).inbox.groups(faq)
    suggested = [
        g.group.closest.entry.id if g.group.closest and g.group.closest.score >= SUGGEST else "" for g in groups
    ]
    return render(
        request,
        "inbox.html",
        status=status,
        groups=list(zip(groups, suggested, strict=True)),
        version=saving.version_of(text),
        entry_ids=[e.id for e in faq.entries] if faq else [],
        **extra,
    )


@routes.get(f"{PREFIX}/inbox")
async def inbox(request: web.Request) -> web.Response:
    return _page(request)


def _posted_wordings(posted) -> List[Tuple[str, str]]:
    """(language, wording) pairs the group's form carries."""
    pairs = []
    for value in posted.getall("wording", []):
        lang, _, wording = str(value).partition(":")
        if lang in LANGUAGES and wording.strip():
            pairs.append((lang, wording.strip()))
    return pairs


@routes.post(f"{PREFIX}/inbox/add")
async def add(request: web.Request) -> web.Response:
    posted = await request.post()
    pairs, entry_id = _posted_wordings(posted), str(posted.get("entry", ""))
    by_language: Dict[str, Tuple[str, ...]] = {}
    for lang, wording in pairs:
        by_language[lang] = (*by_language.get(lang, ()), wording)
    try:
        new_text = add_wordings(saving.read(FILE), entry_id, by_language)
        save_as_staff(
            request,
            FILE,
            new_text,
            str(posted.get("version", "")),
            f"added {len(pairs)} wording(s) from the inbox to entry {entry_id}",
        )
    except KeyError:
        raise web.HTTPNotFound() from None
    except ContentError as error:
        return _page(request, status=422, error=t(request, "not_saved"), problems=[str(p) for p in error.problems])
    except saving.Conflict:
        return _page(request, status=409, error=t(request, "conflict", author=t(request, "someone")))
    stores(request).inbox.mark([w for _, w in pairs], "added", staff(request).name)
    raise redirect(f"{PREFIX}/inbox?done=saved")


@routes.post(f"{PREFIX}/inbox/new")
async def new_entry(request: web.Request) -> web.Response:
    """The new-entry form filled with the group's wordings; the group leaves the inbox when it is saved."""
    pairs = _posted_wordings(await request.post())
    query = {f"questions_{lang}": "\n".join(w for code, w in pairs if code == lang) for lang in LANGUAGES}
    query["inbox"] = "1"
    raise redirect(f"{PREFIX}/faq/new?{urlencode(query)}")


@routes.post(f"{PREFIX}/inbox/dismiss")
async def dismiss(request: web.Request) -> web.Response:
    pairs = _posted_wordings(await request.post())
    stores(request).inbox.mark([w for _, w in pairs], "dismissed", staff(request).name)
    raise redirect(f"{PREFIX}/inbox?done=dismissed")
