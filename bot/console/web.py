"""The page shell and the one guard every console request passes: who is asking, may they, is the form theirs.

A page is an aiohttp handler; it is for logged-in staff unless marked ``@public``, for admins only
when marked ``@admin_only``. New pages add a module of routes and a nav item
in NAV (as handoff_pages did); they inherit the login, role and CSRF checks from here.
"""

from __future__ import annotations

import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable, Optional
from urllib.parse import quote, urlsplit

from aiohttp import web
from jinja2 import Environment, FileSystemLoader, select_autoescape

from bot.center.facts import current_center
from bot.console import saving
from bot.console.accounts import Account, Accounts
from bot.console.history import History
from bot.console.inbox import Inbox
from bot.console.index_writer import IndexWriter
from bot.console.sessions import Session, Sessions
from bot.console.texts import LANGUAGE_COOKIE, choose_language, name_of, translate
from bot.console.throttle import Throttle
from bot.console.trainer import Trainer
from bot.content.yamlfile import ContentError
from bot.handoff.store import Handoffs

PREFIX = "/staff"
SESSION_COOKIE = "qicc_staff_session"
LOGIN_CSRF_COOKIE = "qicc_staff_login"  # the login form's token, before there is a session
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "X-CSRF-Token"
MAX_BODY = 20 * 1024 * 1024  # the largest request (client_max_size): the files of one upload together
MAX_BODY_MB = str(MAX_BODY // 2**20)  # as staff read it
TEMPLATES = Environment(
    loader=FileSystemLoader(str(Path(__file__).resolve().parent / "templates")),
    autoescape=select_autoescape(["html"]),
    trim_blocks=True,
    lstrip_blocks=True,
)
# (text key, path, admins only) of the navigation bar, in order.
NAV = [
    ("nav_overview", f"{PREFIX}/overview", False),
    ("nav_visitors", f"{PREFIX}/visitors", False),
    ("nav_conversations", f"{PREFIX}/conversations", False),
    ("nav_faq", f"{PREFIX}/faq", False),
    ("nav_center", f"{PREFIX}/center", False),
    ("nav_attractions", f"{PREFIX}/attractions", False),
    ("nav_pages", f"{PREFIX}/pages", False),
    ("nav_inbox", f"{PREFIX}/inbox", False),
    ("nav_training", f"{PREFIX}/training", False),
    ("nav_history", f"{PREFIX}/history", False),
    ("nav_accounts", f"{PREFIX}/accounts", True),
]
HEADERS = {
    "Content-Security-Policy": "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'; "
    "form-action 'self'; base-uri 'none'",
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Cache-Control": "no-store",
}


@dataclass
class Stores:
    accounts: Accounts
    sessions: Sessions
    throttle: Throttle
    history: History
    inbox: Inbox
    handoffs: Handoffs
    index_writer: IndexWriter
    trainer: Trainer


STORES = web.AppKey("stores", Stores) if hasattr(web, "AppKey") else "stores"


def public(handler: Callable) -> Callable:
    setattr(handler, "public", True)  # noqa: B010 (a mark the guard reads)
    return handler


def admin_only(handler: Callable) -> Callable:
    setattr(handler, "admin_only", True)  # noqa: B010
    return handler


def stores(request: web.Request) -> Stores:
    return request.app[STORES]


def account(request: web.Request) -> Optional[Account]:
    return request.get("account")


def staff(request: web.Request) -> Account:
    """The logged-in account of a page that is not @public (the guard let the request through)."""
    me = account(request)
    if me is None:
        raise web.HTTPUnauthorized()
    return me


def save_as_staff(request: web.Request, file: str, text: str, opened_version: str, summary: str) -> int:
    """``saving.save`` as the logged-in staff member, recorded in the history with ``summary``."""
    return saving.save(file, text, opened_version, staff(request).name, summary, stores(request).history)


def t(request: web.Request, key: str, **values) -> str:
    return translate(request["lang"], key, **values)


def secure(request: web.Request) -> bool:
    return request.secure or request.headers.get("X-Forwarded-Proto", "") == "https"


def set_cookie(
    request: web.Request, response: web.StreamResponse, name: str, value: str, max_age: Optional[int] = None
) -> None:
    response.set_cookie(
        name, value, path=f"{PREFIX}/", httponly=True, samesite="Strict", secure=secure(request), max_age=max_age
    )


def render(request: web.Request, template: str, status: int = 200, **context) -> web.Response:
    """A page inside the shell: header, navigation, language switch, the CSRF token for its forms."""
    language = request["lang"]
    me = account(request)
    session: Optional[Session] = request.get("session")
    html = TEMPLATES.get_template(template).render(
        t=lambda key, **values: translate(language, key, **values),
        channel_name=lambda channel: name_of(language, "channel", channel),
        lang=language,
        me=me,
        csrf=session.csrf if session else request.get("login_csrf", ""),
        prefix=PREFIX,
        path=request.path,
        nav=[(key, path) for key, path, admins in NAV if me and (me.is_admin or not admins)],
        flash=request.query.get("done", ""),
        **context,
    )
    return web.Response(text=html, content_type="text/html", charset="utf-8", status=status)


def clock(moment: float) -> str:
    """A time as staff in the center read it (the center's time zone)."""
    try:
        zone = current_center().zone
    except ContentError:
        zone = timezone.utc
    return datetime.fromtimestamp(moment, zone).strftime("%m-%d %H:%M")


def redirect(location: str) -> web.HTTPSeeOther:
    return web.HTTPSeeOther(location)


def _wants_json(request: web.Request) -> bool:
    return request.path.startswith(f"{PREFIX}/api/") or "application/json" in request.headers.get("Accept", "")


def _refuse(request: web.Request, status: int, key: str, **values: str) -> web.Response:
    if _wants_json(request):
        return web.json_response({"error": t(request, key, **values)}, status=status)
    return render(request, "message.html", status=status, message=t(request, key, **values))


def _same_origin(request: web.Request) -> bool:
    """A browser says where a form came from; a form from another site is refused even with a token."""
    origin = request.headers.get("Origin")
    return not origin or urlsplit(origin).netloc == request.host


async def _csrf_ok(request: web.Request) -> bool:
    session: Optional[Session] = request.get("session")
    expected = session.csrf if session else request.cookies.get(LOGIN_CSRF_COOKIE, "")
    sent: object = request.headers.get(CSRF_HEADER)
    if sent is None and request.content_type in ("application/x-www-form-urlencoded", "multipart/form-data"):
        sent = (await request.post()).get(CSRF_FIELD)
    return bool(expected) and isinstance(sent, str) and hmac.compare_digest(sent, expected) and _same_origin(request)


def _language(request: web.Request) -> str:
    return choose_language(
        request.query.get("lang") or request.cookies.get(LANGUAGE_COOKIE), request.headers.get("Accept-Language", "")
    )


@web.middleware
async def guard(request: web.Request, handler: Callable) -> web.StreamResponse:
    request["lang"] = _language(request)
    token = request.cookies.get(SESSION_COOKIE)
    session = stores(request).sessions.get(token)
    me = stores(request).accounts.get(session.name) if session else None
    if me:
        request["session"], request["account"] = session, me
    elif not (getattr(handler, "public", False) or request.path.startswith(f"{PREFIX}/static/")):
        if _wants_json(request) or request.method != "GET":
            return _refuse(request, 401, "session_ended")
        raise redirect(f"{PREFIX}/login?next={quote(request.path_qs)}")
    if getattr(handler, "admin_only", False) and not (me and me.is_admin):
        return _refuse(request, 403, "forbidden")
    try:
        if request.method not in ("GET", "HEAD") and not await _csrf_ok(request):
            return _refuse(request, 403, "bad_request")
    except web.HTTPRequestEntityTooLarge:  # one uploaded file past MAX_BODY: said in words, not aiohttp's
        return _refuse(request, 413, "too_large", mb=MAX_BODY_MB)
    if not me and LOGIN_CSRF_COOKIE not in request.cookies:
        request["login_csrf"] = secrets.token_urlsafe(32)
    else:
        request["login_csrf"] = request.cookies.get(LOGIN_CSRF_COOKIE, "")
    response = await handler(request)
    for name, value in HEADERS.items():
        response.headers.setdefault(name, value)  # a handler may need its own (an SVG chart)
    if "lang" in request.query:
        set_cookie(request, response, LANGUAGE_COOKIE, request["lang"], max_age=365 * 24 * 3600)
    if not me and request.get("login_csrf") and LOGIN_CSRF_COOKIE not in request.cookies:
        set_cookie(request, response, LOGIN_CSRF_COOKIE, request["login_csrf"])
    return response
