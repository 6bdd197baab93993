"""The change history: every change with its diff, and an admin's one-click restore of any version of a
content file (the pages index's changes are listed, with nothing to restore)."""

from __future__ import annotations

from aiohttp import web

from bot.console import saving
from bot.console.history import RECORDS, Change
from bot.console.web import PREFIX, admin_only, redirect, render, save_as_staff, stores, t
from bot.content.yamlfile import ContentError

routes = web.RouteTableDef()


@routes.get(f"{PREFIX}/history")
async def history(request: web.Request) -> web.Response:
    file = request.query.get("file", "")
    files = [*saving.BUILDERS, *RECORDS]
    changes = stores(request).history.recent(file if file in files else None)
    return render(request, "history.html", changes=changes, files=files, file=file, records=RECORDS)


def _change_page(request: web.Request, found: Change, status: int = 200, **extra) -> web.Response:
    """A change and its diff; a content file's with the restore button (``version``: the file's now)."""
    restorable = found.file in saving.BUILDERS
    if restorable and "version" not in extra:
        extra["version"] = saving.version_of(saving.read(found.file))
    return render(request, "change.html", status=status, change=found, restorable=restorable, records=RECORDS, **extra)


@routes.get(f"{PREFIX}/history/{{change_id:\\d+}}")
async def change(request: web.Request) -> web.Response:
    found = stores(request).history.get(int(request.match_info["change_id"]))
    if not found:
        raise web.HTTPNotFound()
    return _change_page(request, found)


@routes.post(f"{PREFIX}/history/{{change_id:\\d+}}/restore")
@admin_only
async def restore(request: web.Request) -> web.Response:
    posted = await request.post()
    history = stores(request).history
    found = history.get(int(request.match_info["change_id"]))
    if not found or found.file not in saving.BUILDERS:
        raise web.HTTPNotFound()
    try:
        save_as_staff(
            request,
            found.file,
            found.text,
            str(posted.get("version", "")),
            f"restored the version of change {found.id}",
        )
    except ContentError as error:
        return _change_page(request, found, 422, problems=error.problems, error=t(request, "restore_refused"))
    except saving.Conflict as conflict:
        return _change_page(
            request, found, 409, version=conflict.version, error=t(request, "conflict", author=t(request, "someone"))
        )
    raise redirect(f"{PREFIX}/history?done=restore_done")
