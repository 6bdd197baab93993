"""The attractions pages: the places in the order they are suggested and the categories; a form for one place
(names, categories, texts in both languages) and one for a category (its label and the words visitors use),
each with the checks of `qicc attractions check` beside the field at fault; add and delete. The whole file
stays editable as text (file_pages.py). Every save goes through saving.save (checks, conflicts, history)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Optional, cast

from aiohttp import web

from bot.attractions.catalogue import TEXT_FIELDS, Catalogue
from bot.attractions.editing import (
    FILE,
    CategoryForm,
    PlaceForm,
    category_field_of,
    delete_category,
    delete_place,
    place_field_of,
    save_category,
    save_place,
)
from bot.console import saving
from bot.console.form_outcomes import conflicted, refused
from bot.console.web import PREFIX, redirect, render, save_as_staff, t
from bot.content.yamlfile import ContentError

routes = web.RouteTableDef()
PAGE = f"{PREFIX}/attractions"


@dataclass(frozen=True)
class Kind:
    """A place or a category: how the pages find one in the catalogue, make its form, and place a problem."""

    name: str
    find: Callable[[Catalogue, str], Any]
    form_of: Callable[[Any], Any]
    field_of: Callable[[str, str, Any], str]


KINDS = {
    "place": Kind("place", lambda catalogue, id: catalogue.get(id), PlaceForm.of, place_field_of),
    "category": Kind(
        "category", lambda catalogue, id: catalogue.categories.get(id), CategoryForm.of, category_field_of
    ),
}


def _catalogue(text: str) -> Catalogue:
    return cast(Catalogue, saving.check(FILE, text))


def _broken(request: web.Request, error: ContentError) -> web.Response:
    """The file as it is has mistakes (a hand edit): the list says where, with the file's own page to fix it."""
    return render(request, "attractions.html", status=409, catalogue=None, problems=[str(p) for p in error.problems])


@routes.get(PAGE)
async def attractions(request: web.Request) -> web.Response:
    try:
        catalogue = _catalogue(saving.read(FILE))
    except ContentError as error:
        return _broken(request, error)
    return render(request, "attractions.html", catalogue=catalogue, problems=[])


def _form_page(request: web.Request, kind: Kind, original_id: Optional[str], form, version: str, **extra):
    """The form of a place or a category, with the problems of each field and the others."""
    try:
        categories = _catalogue(saving.read(FILE)).categories
    except ContentError:
        categories = {}
    return render(
        request,
        f"attraction_{kind.name}.html",
        status=extra.pop("status", 200),
        original_id=original_id,
        form=form,
        version=version,
        categories=categories,
        text_fields=TEXT_FIELDS,
        field_problems=extra.pop("field_problems", {}),
        other_problems=extra.pop("other_problems", []),
        **extra,
    )


def _open(request: web.Request, kind: Kind) -> web.Response:
    """A form as the file is now: of the place or category in the path, or empty for a new one."""
    text = saving.read(FILE)
    item_id = request.match_info.get("item_id")
    try:
        found = kind.find(_catalogue(text), item_id) if item_id else None
    except ContentError as error:
        return _broken(request, error)
    if item_id and found is None:
        raise web.HTTPNotFound()
    return _form_page(request, kind, item_id, kind.form_of(found), saving.version_of(text))


def _theirs(kind: Kind, text: str, item_id: str) -> Any:
    """The form of the item as another person saved it, None when it is not in the file now."""
    try:
        found = kind.find(_catalogue(text), item_id)
    except ContentError:
        return None
    return kind.form_of(found) if found is not None else None


# Decorators register from the bottom up: "new" before an item's id, so that it is not taken for one.
@routes.get(f"{PAGE}/{{kind:place|category}}/{{item_id}}")
@routes.get(f"{PAGE}/{{kind:place|category}}/new")
async def edit_item(request: web.Request) -> web.Response:
    return _open(request, KINDS[request.match_info["kind"]])


async def _save(request: web.Request, kind: Kind, form, change: Callable[[str, Optional[str]], str]) -> web.Response:
    """Write the file with ``change`` made (``change(text, original_id)``), checked first; a problem is shown
    beside its field, a change made meanwhile as a conflict."""
    posted = await request.post()
    original_id = str(posted.get("original_id", "")) or None
    version = str(posted.get("version", ""))
    new_text = saving.read(FILE)
    try:
        try:
            new_text = change(new_text, original_id)
        except KeyError:
            new_text = change(new_text, None)  # deleted meanwhile: the conflict below says so
        save_as_staff(
            request, FILE, new_text, version, f"{'changed' if original_id else 'added'} {kind.name} {form.id}"
        )
    except ContentError as error:
        outcome = refused(request, error, lambda problem: kind.field_of(new_text, form.id, problem))
        return _form_page(request, kind, original_id, form, version, **outcome)
    except saving.Conflict as conflict:
        theirs = _theirs(kind, conflict.current, original_id or form.id)
        return _form_page(
            request, kind, original_id, form, conflict.version, theirs=theirs, **conflicted(request, FILE, conflict)
        )
    raise redirect(f"{PAGE}/{kind.name}/{form.id}?done=saved")


@routes.post(f"{PAGE}/place/save")
async def save_place_form(request: web.Request) -> web.Response:
    posted = await request.post()
    form = PlaceForm.posted(lambda name: str(posted.get(name, "")), [str(c) for c in posted.getall("categories", [])])
    return await _save(request, KINDS["place"], form, lambda text, original: save_place(text, original, form))


@routes.post(f"{PAGE}/category/save")
async def save_category_form(request: web.Request) -> web.Response:
    posted = await request.post()
    form = CategoryForm.posted(lambda name: str(posted.get(name, "")))
    return await _save(request, KINDS["category"], form, lambda text, original: save_category(text, original, form))


async def _delete(request: web.Request, kind: str, remove: Callable[[str, str], str]) -> web.Response:
    posted = await request.post()
    item_id = request.match_info["item_id"]
    try:
        save_as_staff(
            request,
            FILE,
            remove(saving.read(FILE), item_id),
            str(posted.get("version", "")),
            f"deleted {kind} {item_id}",
        )
    except KeyError:
        raise web.HTTPNotFound() from None
    except saving.Conflict:
        return render(request, "message.html", status=409, message=t(request, "conflict", author=t(request, "someone")))
    except ContentError as error:  # a category places still name: the check says which
        return render(request, "message.html", status=422, message=str(error))
    raise redirect(f"{PAGE}?done=deleted")


@routes.post(f"{PAGE}/place/{{item_id}}/delete")
async def delete_place_form(request: web.Request) -> web.Response:
    return await _delete(request, "place", delete_place)


@routes.post(f"{PAGE}/category/{{item_id}}/delete")
async def delete_category_form(request: web.Request) -> web.Response:
    return await _delete(request, "category", delete_category)
