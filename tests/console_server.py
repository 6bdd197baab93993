"""A staff console of its own for tests: `python -m bot.console` on a free port, with a copy of the content
files, an empty state folder, and accounts made with `qicc staff add` as staff would make them; or the
console `qicc run` started beside the shared assistant (``live_console``)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, Iterator, Optional

import pytest
import requests

from bot.console.texts import interface_texts
from bot.settings import ROOT, settings
from tests.conftest import free_port

TEXTS = interface_texts()  # what staff read, in both languages
EN = {key: value["en"] for key, value in TEXTS.items()}
ZH = {key: value["zh"] for key, value in TEXTS.items()}
PASSWORDS = {"ada": "ada-secret-pass", "bo": "bo-secret-pass", "chen": "chen-secret-pass"}
ROLES = {"ada": "admin", "bo": "editor", "chen": "editor"}


def qicc(env: Dict[str, str], *args: str, password: Optional[str] = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(Path(sys.executable).with_name("qicc")), *args],
        cwd=ROOT,
        env=env,
        input=None if password is None else password + "\n",
        capture_output=True,
        text=True,
        timeout=60,
    )


@dataclass
class Console:
    url: str  # ends with /staff
    data_dir: Path
    env: Dict[str, str]

    def login(self, name: str, password: Optional[str] = None) -> requests.Session:
        """A logged-in HTTP client."""
        client = requests.Session()
        page = client.get(f"{self.url}/login")
        response = client.post(
            f"{self.url}/login",
            data={
                "name": name,
                "password": password or PASSWORDS[name],
                "csrf_token": csrf_of(page.text),
                "next": "/staff/faq",
            },
        )
        assert response.status_code == 200 and response.url.endswith("/staff/faq"), response.text[:500]
        return client


def log_in(page, url, name, password=None, texts=EN):
    page.goto(f"{url}/faq")
    page.get_by_label(texts["name"]).fill(name)
    page.get_by_label(texts["password"]).fill(password or PASSWORDS[name])
    page.get_by_role("button", name=texts["login"]).click()


def csrf_of(html: str) -> str:
    match = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert match, "no CSRF token in the page"
    return match.group(1)


def start_console(base: Path, extra_env: Optional[Dict[str, str]] = None) -> Iterator[Console]:
    data_dir, state_dir = base / "data", base / "state"
    shutil.copytree(ROOT / "data", data_dir)
    port = free_port()
    env = dict(
        os.environ,
        QICC_DATA_DIR=str(data_dir),
        QICC_STATE_DIR=str(state_dir),
        QICC_CONSOLE_PORT=str(port),
        **(extra_env or {}),
    )
    for name, role in ROLES.items():
        result = qicc(env, "staff", "add", name, "--role", role, password=PASSWORDS[name])
        assert result.returncode == 0, result.stderr
    process = subprocess.Popen([sys.executable, "-m", "bot.console"], cwd=ROOT, env=env)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/staff/health", timeout=2)
                break
            except OSError:
                assert process.poll() is None, "the console stopped"
                assert time.monotonic() < deadline, "the console did not start"
                time.sleep(0.2)
        yield Console(f"http://127.0.0.1:{port}/staff", data_dir, env)
    finally:
        process.terminate()
        process.wait(15)


@pytest.fixture(scope="module")
def console(tmp_path_factory) -> Iterator[Console]:
    yield from start_console(tmp_path_factory.mktemp("console"))


@pytest.fixture
def fresh_console(tmp_path) -> Iterator[Console]:
    """A console of its own, for a test that leaves lasting state (a throttled address)."""
    yield from start_console(tmp_path)


@pytest.fixture(scope="module")
def live_console(assistant):
    """The console that `qicc run` started beside the assistant, with an admin account; the content files
    it changes are put back afterwards, for the other tests of the shared assistant."""
    env = dict(os.environ)
    result = qicc(env, "staff", "add", "ada", "--role", "admin", password=PASSWORDS["ada"])
    assert result.returncode == 0 or "already" in result.stderr, result.stderr
    saved = {
        name: (assistant.data_dir / name).read_text(encoding="utf-8")
        for name in ("faq.yml", "center.yml", "attractions.yml")
    }
    # A first message loads the tokenizer and the FAQ matcher: not part of how soon an edit is live.
    assistant.post(
        "/webhooks/rest/webhook", {"sender": "warm-up", "message": "How do I get to the airport?"}, timeout=180
    )
    yield f"http://127.0.0.1:{settings().console_port}/staff"
    for name, text in saved.items():
        (assistant.data_dir / name).write_text(text, encoding="utf-8")
    time.sleep(2 * settings().reload_interval + 1)  # the servers take the original files back
