"""The Rasa server's speed fixes keep Rasa's behaviour: action replies are still validated, calls still
carry the endpoint's headers."""

from __future__ import annotations

import asyncio

import pytest
from aiohttp import web
from jsonschema import ValidationError
from rasa.core.actions.action import RemoteAction
from rasa.shared.core.events import Event, SlotSet, UserUttered
from rasa.utils.endpoints import EndpointConfig

from bot.rasa import server as rasa_server


@pytest.fixture
def installed(monkeypatch):
    """The fixes installed for one test; Rasa's own methods are back after it."""
    monkeypatch.setattr(RemoteAction, "_validate_action_result", RemoteAction._validate_action_result)
    monkeypatch.setattr(EndpointConfig, "session", EndpointConfig.session)
    monkeypatch.setattr(Event, "resolve_by_type", vars(Event)["resolve_by_type"])  # the staticmethod itself
    rasa_server.install()


@pytest.fixture
def patched(installed):
    return RemoteAction("action_x", None)


def test_a_valid_action_reply_passes(patched):
    reply = {
        "events": [{"event": "slot", "name": "language", "value": "en"}],
        "responses": [{"text": "hello", "buttons": []}],
    }
    assert patched._validate_action_result(reply)


@pytest.mark.parametrize("reply", [{"events": "not a list"}, {"responses": [1, 2]}, {"events": [{"no_event_key": 1}]}])
def test_an_invalid_action_reply_is_still_rejected(patched, reply):
    with pytest.raises(ValidationError):
        patched._validate_action_result(reply)


def test_calls_to_the_action_server_reuse_one_connection_and_keep_rasas_headers(installed):
    seen = []

    async def webhook(request: web.Request) -> web.Response:
        seen.append(
            (
                request.transport.get_extra_info("peername")[1],
                request.headers.get("Authorization"),
                request.headers.get("X-Center"),
            )
        )
        return web.json_response({"events": [], "responses": []})

    async def three_calls():
        app = web.Application()
        app.router.add_post("/webhook", webhook)
        runner = web.AppRunner(app)
        await runner.setup()
        site = web.TCPSite(runner, "127.0.0.1", 0)
        await site.start()
        port = site._server.sockets[0].getsockname()[1]
        endpoint = EndpointConfig(
            f"http://127.0.0.1:{port}/webhook",
            headers={"X-Center": "qicc"},
            basic_auth={"username": "rasa", "password": "secret"},
        )
        try:
            return [await endpoint.request(json={"next_action": "action_x"}) for _ in range(3)]
        finally:
            await runner.cleanup()

    replies = asyncio.run(three_calls())
    assert replies == [{"events": [], "responses": []}] * 3
    assert len({port for port, _, _ in seen}) == 1  # one connection for the three calls
    assert all(auth.startswith("Basic ") and center == "qicc" for _, auth, center in seen)


RASA_EVENT_CLASSES = {
    name: Event.resolve_by_type(name) for name in ("user", "bot", "action", "slot", "session_started")
}


def test_events_are_read_as_rasa_reads_them(installed):
    assert {name: Event.resolve_by_type(name) for name in RASA_EVENT_CLASSES} == RASA_EVENT_CLASSES
    assert Event.resolve_by_type("no_such_event", default=UserUttered) is UserUttered
    with pytest.raises(ValueError, match="Unknown event name"):
        Event.resolve_by_type("no_such_event")
    assert Event.from_parameters({"event": "slot", "name": "language", "value": "zh"}) == SlotSet("language", "zh")
