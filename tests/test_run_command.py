"""`qicc run` (what `make run` starts): the servers up, talk over REST, stop cleanly, stop together."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import List

import pytest

from bot.settings import ROOT
from tests.conftest import free_port

READY_LINE = "The assistant is running"


@contextlib.contextmanager
def _qicc_run(tmp_path: Path, **env: str):
    """`qicc run` on ports of its own, until it says where to talk to it: (process, Rasa port, console port, log)."""
    rasa_port, console_port = free_port(), free_port()
    env = dict(
        os.environ,
        QICC_RASA_PORT=str(rasa_port),
        QICC_ACTIONS_PORT=str(free_port()),
        QICC_CONSOLE_PORT=str(console_port),
        QICC_STATE_DIR=str(tmp_path / "state"),
        PYTHONUNBUFFERED="1",
        **env,
    )
    log = (tmp_path / "run.log").open("w+")
    process = subprocess.Popen(
        [str(Path(sys.executable).with_name("qicc")), "run"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        _wait_for(lambda: READY_LINE in _read(log) or process.poll() is not None, 300)
        assert process.poll() is None, _read(log)[-3000:]
        yield process, rasa_port, console_port, log
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGINT)
            process.wait(60)
        log.close()


@pytest.fixture
def qicc_run(trained_model, tmp_path):
    with _qicc_run(tmp_path) as (process, rasa_port, _, log):
        yield process, rasa_port, log


def _read(log) -> str:
    log.flush()
    log.seek(0)
    return log.read()


def _wait_for(condition, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError
        time.sleep(0.5)


def _children(pid: int) -> List[int]:
    output = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True).stdout
    return [int(line) for line in output.split()]


def _alive(pid: int) -> bool:
    try:
        return "zombie" not in Path(f"/proc/{pid}/status").read_text()
    except FileNotFoundError:
        return False


def _ask(port: int, text: str) -> str:
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/webhooks/rest/webhook",
        data=json.dumps({"sender": "run-test", "message": text}).encode(),
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        return " ".join(m.get("text", "") for m in json.loads(response.read()))


def _port_closed(port: int) -> bool:
    try:
        urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2)
        return False
    except OSError:
        return True


def test_run_answers_then_stops_all_on_ctrl_c(qicc_run, center):
    process, port, log = qicc_run
    assert f"http://localhost:{port}/webhooks/rest/webhook" in _read(log)
    assert center.phone in _ask(port, "what's your phone number")
    children = _children(process.pid)
    assert len(children) == 3  # action server, Rasa server, staff console
    process.send_signal(signal.SIGINT)
    assert process.wait(60) == 0
    assert _port_closed(port)
    assert not any(_alive(child) for child in children)


def test_sigterm_stops_both_servers_too(qicc_run):
    process, port, log = qicc_run
    children = _children(process.pid)
    process.terminate()
    assert process.wait(60) == 0
    assert _port_closed(port)
    assert not any(_alive(child) for child in children)


def test_when_the_action_server_dies_visitors_get_the_phone_and_it_is_started_again(qicc_run, center):
    process, port, log = qicc_run
    servers = _children(process.pid)
    action_server = next(pid for pid in servers if b"actions" in Path(f"/proc/{pid}/cmdline").read_bytes())
    os.kill(action_server, signal.SIGKILL)
    assert center.phone in _ask(port, "what's your phone number")  # an apology while it is down
    _wait_for(lambda: "Restarting it in" in _read(log), 30)
    _wait_for(lambda: "The action server is ready again" in _read(log), 120)
    assert process.poll() is None
    assert center.phone in _ask(port, "what's your phone number")
    assert action_server not in _children(process.pid) and len(_children(process.pid)) == len(servers)


def _answering_with(console_port: int) -> str:
    with urllib.request.urlopen(f"http://127.0.0.1:{console_port}/staff/model/status", timeout=10) as response:
        return json.loads(response.read())["answering_with"]


def test_on_a_machine_without_a_model_a_starter_model_answers_until_the_full_model_takes_over(
    trained_model, tmp_path, center
):
    """A new machine: no model at all. The full training's components come from Rasa's cache (the
    trained_model fixture trained them), so this takes about a minute, not the full training's minutes."""
    with _qicc_run(tmp_path, QICC_MODELS_DIR=str(tmp_path / "models")) as (process, port, console_port, log):
        assert "training a starter model first" in _read(log)
        assert center.phone in _ask(port, "what's your phone number")
        full = trained_model.name[: -len(".tar.gz")]
        _wait_for(lambda: _answering_with(console_port) == full, 600)
        assert f"The model {trained_model.name} is live" in _read(log)
        assert center.phone in _ask(port, "what's your phone number")
        assert (tmp_path / "models" / trained_model.name).is_file()
        assert process.poll() is None
