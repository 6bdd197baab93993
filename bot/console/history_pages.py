"""The change history: every change with its diff, and an admin's one-click restore of any version."""
from __future__ import annotations

from aiohttp import web

from bot.console import saving
from bot.console.web import PREFIX, admin_only, redirect, render, staff, stores, t
from bot.yamlfile import ContentError

routes = web.RouteTableDef()


@routes.get(f"{PREFIX}/history")
async def history(request: web.Request) -> web.Response:
    file = request.query.get("file", "")
    changes = stores(request).history.recent(file if file in saving.BUILDERS else None)
    return render(request, "history.html", changes=changes, files=list(saving.BUILDERS), file=file)


@routes.get(f"{PREFIX}/history/{{change_id:\\d+}}")
async def change(request: web.Request) -> web.Response:
    found = stores(request).history.get(int(request.match_info["change_id"]))
    if not found:
        raise web.HTTPNotFound()
    return render(request, "change.html", change=found, version=saving.version_of(saving.read(found.file)))


@routes.post(f"{PREFIX}/history/{{change_id:\\d+}}/restore")
@admin_only
async def restore(request: web.Request) -> web.Response:
    posted = await request.post()
    history = stores(request).history
    found = history.get(int(request.match_info["change_id"]))
    if not found:
        raise web.HTTPNotFound()
    try:
        saving.save(found.file, found.text, str(posted.get("version", "")), staff(request).name,
                    f"restored the version of change {found.id}", history)
    except ContentError as error:
        return render(request, "change.html", status=422, change=found, problems=error.problems,
                      version=saving.version_of(saving.read(found.file)), error=t(request, "restore_refused"))
    except saving.Conflict as conflict:
        return render(request, "change.html", status=409, change=found, version=conflict.version,
                      error=t(request, "conflict", author=t(request, "someone")))
    raise redirect(f"{PREFIX}/history?done=restore_done")
