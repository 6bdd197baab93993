"""Logging in and out."""

from __future__ import annotations

import math

from aiohttp import web

from bot.console.web import PREFIX, SESSION_COOKIE, account, public, redirect, render, set_cookie, staff, stores, t

routes = web.RouteTableDef()


def _next_page(value: str) -> str:
    # Only a page of the console: never an address on another site.
    return value if value.startswith(f"{PREFIX}/") and not value.startswith("//") else f"{PREFIX}/"


@routes.get(f"{PREFIX}/login")
@public
async def login_form(request: web.Request) -> web.Response:
    message = t(request, "logged_out") if "out" in request.query else ""
    return render(request, "login.html", next=_next_page(request.query.get("next", "")), message=message)


@routes.post(f"{PREFIX}/login")
@public
async def login(request: web.Request) -> web.Response:
    form = await request.post()
    name, password = str(form.get("name", "")).strip(), str(form.get("password", ""))
    address = request.remote or ""
    store = stores(request)
    wait = store.throttle.wait(name, address)
    if wait:
        minutes = str(max(1, math.ceil(wait.total_seconds() / 60)))
        return render(
            request,
            "login.html",
            status=429,
            next=_next_page(str(form.get("next", ""))),
            error=t(request, "throttled", minutes=minutes),
            name=name,
        )
    me = store.accounts.verify(name, password)
    if not me:
        store.throttle.failed(name, address)
        return render(
            request,
            "login.html",
            status=401,
            next=_next_page(str(form.get("next", ""))),
            error=t(request, "wrong_password"),
            name=name,
        )
    store.throttle.succeeded(name)
    response = redirect(_next_page(str(form.get("next", ""))))
    set_cookie(request, response, SESSION_COOKIE, store.sessions.start(me.name))
    return response


@routes.post(f"{PREFIX}/logout")
async def logout(request: web.Request) -> web.Response:
    stores(request).sessions.end(request.cookies.get(SESSION_COOKIE, ""))
    if account(request):
        stores(request).handoffs.away(staff(request).name)  # signed out: visitors are no longer handed to them
    response = redirect(f"{PREFIX}/login?out=1")
    response.del_cookie(SESSION_COOKIE, path=f"{PREFIX}/")
    return response


@routes.get(f"{PREFIX}/health")
@public
async def health(_: web.Request) -> web.Response:
    return web.Response(text="ok")


@routes.get(f"{PREFIX}/")
async def home(_: web.Request) -> web.Response:
    raise redirect(f"{PREFIX}/overview")
