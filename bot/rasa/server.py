"""The Rasa server as `qicc run` starts it: Rasa's own `rasa run`, with measured speed fixes.

- Rasa 3.6 checks every reply of the action server with ``jsonschema.validate()``, which first checks
  Rasa's constant response schema against the JSON Schema meta-schema, every time: 28 % of the Rasa
  server's CPU under load (docs/benchmarks.md). Here the reply is checked against the same
  schema by validators built once, one per kind of event (bot/rasa/reply_schema.py).
- Rasa opens a new HTTP session, and so a new connection, for every call to the action server. Here the
  sessions share one connection pool, so calls reuse kept-alive connections.
- Rasa finds the class of every event it reads (a conversation loaded from the store, an action's reply)
  by walking all subclasses of Event, each time: 6 % of the server's time. Here the classes known at
  start are looked up by name; any other name still goes to Rasa's walk.

It also loads a newly trained model while it runs, without a restart and without a lost message
(bot/rasa/model_pulling.py), and limits the size of a request to bot.limits.MAX_BODY_BYTES (Sanic's default is 100 MB, enough
for one request to exhaust the server's memory); Sanic answers a bigger one with 413.

And it loads the TensorFlow models (DIET and the FAQ selector) for prediction only, without Rasa's
training graph: a quarter of the time and half the memory (bot/rasa/prediction_load.py).

`rasa run` without this module works the same, only slower, bigger and without the request size limit.

Usage: python -m bot.rasa.server run [rasa run options]
"""

from __future__ import annotations

import asyncio
import sys
from functools import lru_cache
from typing import Any, Dict, Optional
from weakref import WeakKeyDictionary

import aiohttp
from jsonschema import ValidationError
from rasa.core.actions.action import RemoteAction
from rasa.shared.core.events import Event
from rasa.shared.utils.common import all_subclasses
from rasa.utils.endpoints import DEFAULT_REQUEST_TIMEOUT, EndpointConfig
from sanic.config import DEFAULT_CONFIG

from bot.limits import MAX_BODY_BYTES
from bot.rasa import model_pulling, prediction_load
from bot.rasa.version import UnsupportedRasaVersion, check_rasa_version
from bot.rasa.reply_schema import ReplySchema


# Seconds an idle connection is kept: below the action server's own keep-alive (Sanic's 5 s), so that
# a connection is never reused just as the server closes it.
KEEP_ALIVE_SECONDS = 2
_rasa_resolve_by_type = Event.resolve_by_type
_pools: "WeakKeyDictionary[asyncio.AbstractEventLoop, aiohttp.TCPConnector]" = WeakKeyDictionary()


@lru_cache(maxsize=1)
def _reply_schema() -> ReplySchema:
    return ReplySchema(RemoteAction.action_response_format_spec())


def _validate_action_result(self: RemoteAction, result: Dict[str, Any]) -> bool:
    try:
        _reply_schema().validate(result)
    except ValidationError as error:
        error.message += ". Failed to validate Action server response from API."
        raise
    return True


def _pool() -> aiohttp.TCPConnector:
    """The connection pool of the running event loop (a pool belongs to one loop)."""
    loop = asyncio.get_running_loop()
    pool = _pools.get(loop)
    if pool is None or pool.closed:
        pool = _pools[loop] = aiohttp.TCPConnector(keepalive_timeout=KEEP_ALIVE_SECONDS)
    return pool


def _session(self: EndpointConfig) -> aiohttp.ClientSession:
    """Rasa's session for an endpoint (its headers, authentication and timeout) on the shared pool."""
    auth = aiohttp.BasicAuth(self.basic_auth["username"], self.basic_auth["password"]) if self.basic_auth else None
    return aiohttp.ClientSession(
        headers=self.headers,
        auth=auth,
        timeout=aiohttp.ClientTimeout(total=DEFAULT_REQUEST_TIMEOUT),
        connector=_pool(),
        connector_owner=False,
    )


@lru_cache(maxsize=1)
def _event_classes() -> Dict[str, type]:
    """Event type name -> class, the first one in Rasa's order when two share a name."""
    classes: Dict[str, type] = {}
    for cls in all_subclasses(Event):
        classes.setdefault(cls.type_name, cls)
    return classes


def _resolve_by_type(type_name: str, default: Optional[type] = None) -> Optional[type]:
    return _event_classes().get(type_name) or _rasa_resolve_by_type(type_name, default)


def install() -> None:
    check_rasa_version()
    RemoteAction._validate_action_result = _validate_action_result
    EndpointConfig.session = _session
    Event.resolve_by_type = staticmethod(_resolve_by_type)
    DEFAULT_CONFIG["REQUEST_MAX_SIZE"] = MAX_BODY_BYTES  # read when `rasa run` creates its Sanic app
    model_pulling.install()
    prediction_load.install()


def main() -> int:
    from rasa.__main__ import main as rasa_main

    try:
        install()
    except UnsupportedRasaVersion as error:
        print(error, file=sys.stderr)
        return 2
    rasa_main()
    return 0


if __name__ == "__main__":
    sys.exit(main())
