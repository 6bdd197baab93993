"""The supervisor of `qicc run` (bot.processes.servers) restarts a server that stops, with a growing pause."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from bot.processes import servers as servers_module
from bot.processes.servers import RESTART_DELAYS, Servers
from bot.settings import settings


class FlakyServers(Servers):
    """One "server" that exits at once on its first two starts and then keeps running."""

    def __init__(self, starts: Path):
        super().__init__(Path("no-model"), settings())
        self.starts = starts
        self.pauses = []

    def pause(self, seconds: float) -> None:
        self.pauses.append(seconds)  # the test does not wait

    def commands(self):
        script = (
            "import pathlib, sys, time; p = pathlib.Path(sys.argv[1]); "
            "n = len(p.read_text()) if p.exists() else 0; p.write_text('x' * (n + 1)); "
            "time.sleep(60 if n >= 2 else 0)"
        )
        return {"flaky server": [sys.executable, "-c", script, str(self.starts)]}


@pytest.fixture
def flaky(tmp_path, monkeypatch):
    monkeypatch.setenv("QICC_STATE_DIR", str(tmp_path / "state"))
    servers = FlakyServers(tmp_path / "starts")
    yield servers
    servers.stop()


def wait_dead(servers, name):
    servers.processes[name].wait(30)


def test_a_server_that_stops_is_started_again_with_a_doubling_pause(flaky, caplog):
    for name in flaky.commands():
        flaky.start_one(name)
    for _ in range(2):
        wait_dead(flaky, "flaky server")
        assert flaky.dead() == "flaky server"
        flaky.restart("flaky server")
    assert flaky.pauses == [RESTART_DELAYS[0], RESTART_DELAYS[1]]
    assert flaky.processes["flaky server"].poll() is None  # the third start keeps running
    assert flaky.dead() is None
    assert "The flaky server stopped (exit code 0)" in caplog.text and "Restarting it in 1 s" in caplog.text


def test_a_server_that_ran_steadily_restarts_after_the_shortest_pause(flaky):
    flaky.start_one("flaky server")
    wait_dead(flaky, "flaky server")
    flaky.restarts["flaky server"] = 5
    flaky.started["flaky server"] -= servers_module.STEADY_SECONDS + 1
    flaky.restart("flaky server")
    assert flaky.pauses == [RESTART_DELAYS[0]]
