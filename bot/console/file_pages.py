"""A content file edited as a whole in the page (the attractions guide for now): the same check as its
`qicc ... check` command before anything is written, problems listed with their lines."""

from __future__ import annotations

from aiohttp import web

from bot.console import saving
from bot.console.web import PREFIX, redirect, render, save_as_staff, t
from bot.content.yamlfile import ContentError

routes = web.RouteTableDef()


def _file(request: web.Request) -> str:
    name = request.match_info["name"]
    if name not in saving.BUILDERS:
        raise web.HTTPNotFound()
    return name


def _page(request: web.Request, name: str, text: str, version: str, status: int = 200, **extra) -> web.Response:
    return render(
        request, "file.html", status=status, name=name, text=text, version=version, lines=text.count("\n") + 1, **extra
    )


@routes.get(f"{PREFIX}/files/{{name}}")
async def show(request: web.Request) -> web.Response:
    name = _file(request)
    text = saving.read(name)
    try:
        saving.check(name, text)
        problems = []
    except ContentError as error:
        problems = [str(p) for p in error.problems]
    return _page(request, name, text, saving.version_of(text), problems=problems)


@routes.post(f"{PREFIX}/files/{{name}}")
async def save(request: web.Request) -> web.Response:
    name = _file(request)
    posted = await request.post()
    text = str(posted.get("text", "")).replace("\r\n", "\n")
    version = str(posted.get("version", ""))
    try:
        if posted.get("action") == "check":
            saving.check(name, text)
            return _page(request, name, text, version, checked=True)
        save_as_staff(request, name, text, version, f"edited {name} in the console")
    except ContentError as error:
        saved = posted.get("action") != "check"
        return _page(
            request,
            name,
            text,
            version,
            status=422,
            problems=[str(p) for p in error.problems],
            error=t(request, "not_saved") if saved else "",
        )
    except saving.Conflict as conflict:
        return _page(
            request,
            name,
            text,
            conflict.version,
            status=409,
            theirs=conflict.current,
            error=t(request, "conflict", author=t(request, "someone")),
        )
    raise redirect(f"{PREFIX}/files/{name}?done=saved")
