"""The model server of Rasa's protocol (bot/rasa/model_pulling.py): the live model for the Rasa server of
this replica, and the model it answers with.

Only for this machine's own servers: a request from another address, or one that came through a proxy (it
carries X-Forwarded-For), is refused, so the model is never downloadable from outside.

- ``GET /staff/model``: 304 when the ``If-None-Match`` fingerprint is the live model's, else the model file
  with its fingerprint as ``ETag``. Each request says which model the server answers with now.
- ``GET /staff/model/status``: the live model and the one the Rasa server answered with when it last asked.
"""

from __future__ import annotations

import ipaddress
import time
from dataclasses import dataclass

from aiohttp import web

from bot.console.web import PREFIX, public
from bot.processes.model import live_model
from bot.rasa.model_pulling import fingerprint_of

routes = web.RouteTableDef()
CHUNK = 1024 * 1024


@dataclass
class LastPull:
    """The Rasa server's last question: the model it answered with then (this replica's one server)."""

    fingerprint: str = ""
    at: float = 0.0
    since: float = 0.0  # when it first said it answers with that model

    def asked(self, fingerprint: str) -> None:
        now = time.time()
        if fingerprint != self.fingerprint:
            self.since = now
        self.fingerprint, self.at = fingerprint, now


LAST_PULL = web.AppKey("last_pull", LastPull) if hasattr(web, "AppKey") else "last_pull"


def _from_this_machine(request: web.Request) -> bool:
    if any(name in request.headers for name in ("X-Forwarded-For", "X-Real-IP", "Forwarded")):
        return False
    try:
        return ipaddress.ip_address(request.remote or "").is_loopback
    except ValueError:
        return False


@routes.get(f"{PREFIX}/model")
@public
async def model(request: web.Request) -> web.StreamResponse:
    if not _from_this_machine(request):
        raise web.HTTPForbidden()
    current = request.headers.get("If-None-Match", "")
    request.app[LAST_PULL].asked(current)
    live = live_model()
    if live is None:
        raise web.HTTPNotFound()  # Rasa keeps its model and asks again
    fingerprint = fingerprint_of(live)
    if current == fingerprint:
        return web.Response(status=304, headers={"ETag": fingerprint})
    response = web.StreamResponse(
        headers={"ETag": fingerprint, "filename": live.name, "Content-Type": "application/gzip"}
    )
    response.content_length = live.stat().st_size
    await response.prepare(request)
    with live.open("rb") as file:
        while chunk := file.read(CHUNK):
            await response.write(chunk)
    await response.write_eof()
    return response


@routes.get(f"{PREFIX}/model/status")
@public
async def status(request: web.Request) -> web.Response:
    if not _from_this_machine(request):
        raise web.HTTPForbidden()
    live, last = live_model(), request.app[LAST_PULL]
    return web.json_response(
        {
            "live": fingerprint_of(live) if live else None,
            "answering_with": last.fingerprint or None,
            "seconds_since_asked": round(time.time() - last.at, 1) if last.at else None,
        }
    )
