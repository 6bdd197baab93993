"""The FAQ pages: list and search the entries, edit one in both languages with its checks and a preview,
add and delete entries. Every save goes through saving.save (checks, conflicts, history)."""

from __future__ import annotations

from typing import Dict, List, Optional, cast

from aiohttp import web

from bot.center.facts import COMMON_FIELDS, current_center
from bot.console import saving
from bot.console.form_outcomes import conflicted, refused
from bot.console.web import PREFIX, redirect, render, save_as_staff, staff, stores
from bot.faq.answers import answer_text
from bot.faq.content import Entry, Faq, wording_key
from bot.faq.editing import EntryForm, delete_entry, field_of, save_entry
from bot.content.texts import LANGUAGES
from bot.content.yamlfile import ContentError, Problem

FILE = "faq.yml"
routes = web.RouteTableDef()


def _faq(text: str) -> Faq:
    return cast(Faq, saving.check(FILE, text))


def _matches(entry: Entry, words: List[str]) -> bool:
    haystack = wording_key(" ".join([entry.id, *(q for _, q in entry.all_questions()), *entry.answer.values()]))
    return all(word in haystack for word in words)


@routes.get(f"{PREFIX}/faq")
async def faq_list(request: web.Request) -> web.Response:
    query = request.query.get("q", "").strip()
    text = saving.read(FILE)
    try:
        entries = list(_faq(text).entries)
        problems: List[Problem] = []
    except ContentError as error:
        entries, problems = [], error.problems  # the hand-edited file is broken: say where
    words = wording_key(query).split()
    shown = [e for e in entries if _matches(e, words)] if words else entries
    return render(
        request,
        "faq_list.html",
        entries=shown,
        total=len(entries),
        query=query,
        problems=problems,
        lang_order=_language_order(request["lang"]),
    )


def _language_order(language: str) -> List[str]:
    return [language, *(lang for lang in LANGUAGES if lang != language)]


def _form_of(entry: Optional[Entry]) -> EntryForm:
    if entry is None:
        return EntryForm("", {lang: () for lang in LANGUAGES}, {lang: "" for lang in LANGUAGES})
    return EntryForm(entry.id, {lang: entry.questions.get(lang, ()) for lang in LANGUAGES}, dict(entry.answer))


def _previews(entry: Entry) -> Dict[str, str]:
    try:
        center = current_center()
    except ContentError:
        return {}
    return {lang: answer_text(entry, center, lang) for lang in LANGUAGES}


def _entry_page(
    request: web.Request, original_id: Optional[str], form: EntryForm, version: str, status: int = 200, **extra
) -> web.Response:
    extra.setdefault("from_inbox", bool(request.get("from_inbox")))
    return render(
        request,
        "faq_entry.html",
        status=status,
        original_id=original_id,
        form=form,
        version=version,
        fields=", ".join("{%s}" % f for f in COMMON_FIELDS),
        field_problems=extra.pop("field_problems", {}),
        other_problems=extra.pop("other_problems", []),
        **extra,
    )


@routes.get(f"{PREFIX}/faq/new")
async def new_entry(request: web.Request) -> web.Response:
    """An empty form, or one filled with questions from the unanswered inbox."""
    form = EntryForm.from_fields("", {lang: request.query.get(f"questions_{lang}", "") for lang in LANGUAGES}, {})
    return _entry_page(
        request, None, form, saving.version_of(saving.read(FILE)), from_inbox=request.query.get("inbox") == "1"
    )


@routes.get(f"{PREFIX}/faq/entry/{{entry_id}}")
async def edit_entry(request: web.Request) -> web.Response:
    text = saving.read(FILE)
    entry_id = request.match_info["entry_id"]
    try:
        entry = _faq(text).get(entry_id)
    except ContentError as error:
        return render(
            request,
            "faq_list.html",
            status=409,
            entries=[],
            total=0,
            query="",
            problems=error.problems,
            lang_order=_language_order(request["lang"]),
        )
    if entry is None:
        raise web.HTTPNotFound()
    return _entry_page(request, entry_id, _form_of(entry), saving.version_of(text), previews=_previews(entry))


def _posted_form(form) -> EntryForm:
    return EntryForm.from_fields(
        str(form.get("id", "")),
        {lang: str(form.get(f"questions_{lang}", "")) for lang in LANGUAGES},
        {lang: str(form.get(f"answer_{lang}", "")) for lang in LANGUAGES},
    )


@routes.post(f"{PREFIX}/faq/save")
async def save(request: web.Request) -> web.Response:
    posted = await request.post()
    request["from_inbox"] = bool(posted.get("from_inbox"))  # kept through previews and problems
    original_id = str(posted.get("original_id", "")) or None
    form, version = _posted_form(posted), str(posted.get("version", ""))
    new_text = saving.read(FILE)
    try:
        try:
            new_text = save_entry(new_text, original_id, form)
        except KeyError:
            new_text = save_entry(new_text, None, form)  # deleted meanwhile: the conflict below shows it
        entry = _faq(new_text).get(form.id)
    except ContentError as error:
        return _with_problems(request, original_id, form, version, new_text, error)
    if posted.get("action") == "preview":
        return _entry_page(request, original_id, form, version, previews=_previews(entry) if entry else {})
    summary = f"{'changed' if original_id else 'added'} entry {form.id}"
    try:
        save_as_staff(request, FILE, new_text, version, summary)
    except saving.Conflict as conflict:
        return _conflict(request, original_id, form, conflict)
    if posted.get("from_inbox"):
        stores(request).inbox.mark(
            [q for _, qs in form.questions.items() for q in qs], "new_entry", staff(request).name
        )
    raise redirect(f"{PREFIX}/faq/entry/{form.id}?done=saved")


def _with_problems(request, original_id, form, version, new_text, error: ContentError) -> web.Response:
    return _entry_page(
        request, original_id, form, version, **refused(request, error, lambda p: field_of(new_text, form.id, p))
    )


def _conflict(request, original_id, form: EntryForm, conflict: saving.Conflict) -> web.Response:
    try:
        theirs = _faq(conflict.current).get(original_id or form.id)
    except ContentError:
        theirs = None
    return _entry_page(
        request, original_id, form, conflict.version, theirs=theirs, **conflicted(request, FILE, conflict)
    )


@routes.post(f"{PREFIX}/faq/entry/{{entry_id}}/delete")
async def delete(request: web.Request) -> web.Response:
    posted = await request.post()
    entry_id = request.match_info["entry_id"]
    current = saving.read(FILE)
    try:
        new_text = delete_entry(current, entry_id)
        save_as_staff(request, FILE, new_text, str(posted.get("version", "")), f"deleted entry {entry_id}")
    except KeyError:
        raise web.HTTPNotFound() from None
    except saving.Conflict as conflict:
        entry = _faq(conflict.current).get(entry_id)
        return _conflict(request, entry_id, _form_of(entry), conflict)
    except ContentError as error:
        return render(request, "message.html", status=422, message=str(error))
    raise redirect(f"{PREFIX}/faq?done=deleted")
