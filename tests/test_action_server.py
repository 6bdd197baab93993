"""The action server as `qicc run` starts it: this machine only by default, a shared token when split."""

from __future__ import annotations

import json
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Dict, Optional

import pytest

from bot.processes.servers import answers, child_environment
from bot.settings import ROOT
from tests.conftest import free_port


@pytest.fixture
def action_server(tmp_path):
    started = []

    def start(env: Dict[str, str]) -> int:
        port = free_port()
        process = subprocess.Popen(
            [sys.executable, "-m", "actions.server", "--port", str(port), "--actions", "actions"],
            cwd=ROOT,
            env={**child_environment(), "QICC_STATE_DIR": str(tmp_path), **env},
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        started.append(process)
        deadline = time.monotonic() + 120
        while not answers(f"http://127.0.0.1:{port}/health"):
            assert process.poll() is None and time.monotonic() < deadline, "the action server did not start"
            time.sleep(0.5)
        return port

    yield start
    for process in started:
        process.terminate()
        process.wait(30)


def listening_addresses(port: int) -> set:
    """The local addresses with a listening TCP socket on ``port`` (from /proc/net/tcp and tcp6)."""
    found = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            local, state = line.split()[1], line.split()[3]
            address, hex_port = local.split(":")
            if state == "0A" and int(hex_port, 16) == port:  # 0A: LISTEN
                found.add(address)
    return found


def call(port: int, token: Optional[str] = None) -> int:
    headers = {"Content-Type": "application/json", **({"Authorization": f"Bearer {token}"} if token else {})}
    request = urllib.request.Request(f"http://127.0.0.1:{port}/webhook", data=json.dumps({}).encode(), headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def test_by_default_it_listens_on_this_machine_only(action_server):
    port = action_server({})
    assert listening_addresses(port) == {"0100007F"}  # 127.0.0.1, not 0.0.0.0


def test_with_a_token_every_call_without_it_is_refused(action_server):
    port = action_server({"QICC_ACTIONS_TOKEN": "s3cret-token"})
    assert call(port) == 401 and call(port, "wrong") == 401
    assert call(port, "s3cret-token") not in (401, 500)  # let through (an empty call is a client error)
    assert answers(f"http://127.0.0.1:{port}/health")
