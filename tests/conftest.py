"""Shared fixtures: one trained model and one running assistant per test run.

The assistant runs exactly as `qicc run` starts it (bot.processes.servers), on free ports, with its
own state folder and a copy of the content files, so tests may edit content without
touching the repository and may run while a developer's assistant is running.
"""

from __future__ import annotations

import json
import os
import shutil
import urllib.parse
import urllib.request
from pathlib import Path
from typing import TYPE_CHECKING, Dict, Iterator, List, Optional

import pytest

from bot.settings import ROOT
from tests import wechat_peer as peer
from tests.fake_wechat_api import FakeWeChatApi
from tests.shared_stores import free_port, postgres, redis_server  # noqa: F401 (one of each per test run)
from tests.wechat_peer import channel_env

if TYPE_CHECKING:
    from bot.handoff.store import Handoffs
    from bot.processes.servers import Servers

# A Friday morning in Qingdao: the center is open. Tests that need another moment use bot.center.hours directly.
FIXED_NOW = "2026-11-27T10:30:00+08:00"


# Fixtures that train a model or start the servers: a test using one (directly or through another
# fixture) is marked slow, so `pytest -m "not slow"` (make check) skips it without each test saying so.
SLOW_FIXTURES = {"trained_model", "assistant"}


def pytest_collection_modifyitems(items) -> None:
    for item in items:
        if SLOW_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.slow)


@pytest.fixture(scope="session")
def trained_model() -> Path:
    from bot.processes.model import ensure_model

    return ensure_model()


class Assistant:
    """A running assistant reached over Rasa's REST channel; ``servers`` its processes (bot.processes.servers.Servers),
    for the tests that stop and start one of them."""

    def __init__(self, base_url: str, data_dir: Path, state_dir: Path, servers: Optional["Servers"] = None):
        self.base_url = base_url
        self.data_dir = data_dir
        self.state_dir = state_dir
        self.servers = servers
        self._count = 0

    def new_sender(self) -> str:
        self._count += 1
        return f"test-visitor-{self._count}"

    def post(self, path: str, payload: Dict, timeout: float = 30) -> object:
        request = urllib.request.Request(
            self.base_url + path, data=json.dumps(payload).encode(), headers={"Content-Type": "application/json"}
        )
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return json.loads(response.read() or b"null")

    def get(self, path: str, timeout: float = 30) -> object:
        with urllib.request.urlopen(self.base_url + path, timeout=timeout) as response:
            return json.loads(response.read() or b"null")

    def ask(self, text: str, sender: Optional[str] = None) -> List[Dict]:
        """Send one message; return the bot's messages (dicts with text, buttons...)."""
        return self.post("/webhooks/rest/webhook", {"sender": sender or self.new_sender(), "message": text})

    def reply_text(self, text: str, sender: Optional[str] = None) -> str:
        return "\n".join(m.get("text", "") for m in self.ask(text, sender))


@pytest.fixture(scope="session")
def assistant(trained_model: Path, tmp_path_factory) -> Iterator[Assistant]:
    from bot.processes.servers import Servers
    from bot.settings import settings

    base = tmp_path_factory.mktemp("assistant")
    data_dir, state_dir = base / "data", base / "state"
    shutil.copytree(ROOT / "data", data_dir)
    env = {
        "QICC_DATA_DIR": str(data_dir),
        "QICC_STATE_DIR": str(state_dir),
        "QICC_NOW": FIXED_NOW,
        "QICC_RASA_PORT": str(free_port()),
        "QICC_ACTIONS_PORT": str(free_port()),
        "QICC_CONSOLE_PORT": str(free_port()),
        # Every test client is 127.0.0.1: only the per-sender limit applies (tests/test_rest_limits.py).
        "QICC_RATE_PER_ADDRESS": "0",
        # The WeChat and WeCom channels' test accounts; their message API is a fake that the
        # wechat_api fixture starts at this address.
        **channel_env(f"http://127.0.0.1:{free_port()}"),
    }
    saved = {key: os.environ.get(key) for key in env}
    os.environ.update(env)
    servers = Servers(trained_model, settings())
    try:
        servers.start()
        servers.wait_ready()
        yield Assistant(f"http://127.0.0.1:{env['QICC_RASA_PORT']}", data_dir, state_dir, servers)
    finally:
        servers.stop()
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


@pytest.fixture(scope="module")
def wechat_api(assistant) -> Iterator[FakeWeChatApi]:
    """The fake WeChat/WeCom message API where the assistant's environment points it."""
    from bot.channels.wechat.config import wechat_config

    port = urllib.parse.urlsplit(wechat_config().api_base).port
    assert port, "the assistant fixture gives the channels an API address with a port"
    with FakeWeChatApi({peer.APP_ID: peer.APP_SECRET, peer.CORP_ID: peer.WECOM_SECRET}, port=port) as fake:
        yield fake


@pytest.fixture
def handoffs(assistant) -> "Handoffs":
    """The running assistant's handoff store, as the staff console sees it."""
    from bot.database import _engine
    from bot.handoff.store import Handoffs

    return Handoffs(_engine(f"sqlite:///{assistant.state_dir / 'handoff.sqlite3'}"))


@pytest.fixture
def staff_on_duty(handoffs) -> Iterator[str]:
    """A staff member ("li") with the console open and taking visitors, signed out afterwards."""
    handoffs.seen("li", available=True)
    yield "li"
    handoffs.away("li")


@pytest.fixture
def nobody_on_duty(handoffs) -> None:
    """No staff member takes visitors: asking for a person offers to leave a message."""
    for name in handoffs.available_staff():
        handoffs.away(name)


@pytest.fixture
def content(tmp_path, monkeypatch):
    """A copy of the content folder the test may edit, its own state folder, and no delay between file checks."""
    data, state = tmp_path / "data", tmp_path / "state"
    shutil.copytree(ROOT / "data", data)
    monkeypatch.setenv("QICC_DATA_DIR", str(data))
    monkeypatch.setenv("QICC_STATE_DIR", str(state))
    monkeypatch.setenv("QICC_RELOAD_INTERVAL", "0")
    return data, state


@pytest.fixture
def center():
    """The center's facts as the tests' source of truth (never copied into a test)."""
    from bot.center.facts import build_center
    from bot.content.yamlfile import read_yaml

    path = ROOT / "data" / "center.yml"
    return build_center(read_yaml(path), str(path))


# Fixtures kept in their own modules, offered to every test: a browser, a staff console without the
# assistant. Imported last, since console_server uses free_port above.
from tests.browser import browser  # noqa: F401,E402
from tests.console_server import console, fresh_console, live_console  # noqa: F401,E402
