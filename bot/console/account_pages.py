"""Managing staff accounts in the console (admins only); `qicc staff` does the same from the command line."""

from __future__ import annotations

from aiohttp import web

from bot.console.accounts import ROLES, AccountError
from bot.console.web import PREFIX, admin_only, redirect, render, stores

routes = web.RouteTableDef()


def _page(request: web.Request, status: int = 200, error: str = "") -> web.Response:
    return render(
        request, "accounts.html", status=status, accounts=stores(request).accounts.all(), roles=ROLES, error=error
    )


@routes.get(f"{PREFIX}/accounts")
@admin_only
async def accounts(request: web.Request) -> web.Response:
    return _page(request)


@routes.post(f"{PREFIX}/accounts/{{action:add|remove|role|password}}")
@admin_only
async def change(request: web.Request) -> web.Response:
    posted = await request.post()
    store = stores(request)
    name, action = str(posted.get("name", "")).strip(), request.match_info["action"]
    try:
        if action == "add":
            store.accounts.add(name, str(posted.get("role", "")), str(posted.get("password", "")))
        elif action == "remove":
            store.accounts.remove(name)
            store.sessions.end_all_of(name)
        elif action == "role":
            store.accounts.set_role(name, str(posted.get("role", "")))
        else:
            store.accounts.set_password(name, str(posted.get("password", "")))
            store.sessions.end_all_of(name)
    except AccountError as error:
        return _page(request, status=422, error=str(error))
    raise redirect(f"{PREFIX}/accounts?done=account_done")
