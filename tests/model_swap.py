"""Visitors asking while the assistant changes models, and the model the Rasa server answers with (as the
staff console's /staff/model/status tells), for the tests that swap models."""

from __future__ import annotations

import json
import threading
import time
import urllib.request
from typing import List

from bot.settings import settings

SWAP_SECONDS = 300  # a pull every 10 s, then the load on a busy machine (a CI run once took 175 s and more)


def model_status() -> dict:
    url = f"http://127.0.0.1:{settings().console_port}/staff/model/status"
    with urllib.request.urlopen(url, timeout=10) as response:
        return json.load(response)


def wait_until_answering_with(fingerprint: str, after: float = 0.0) -> dict:
    """The status once the Rasa server, asking after ``after``, said it answers with ``fingerprint``."""
    deadline = time.monotonic() + SWAP_SECONDS
    while time.monotonic() < deadline:
        status = model_status()
        asked_at = time.time() - (status["seconds_since_asked"] or 1e9)
        if status["answering_with"] == fingerprint and asked_at > after:
            return status
        time.sleep(0.5)
    raise AssertionError(f"the Rasa server did not answer with {fingerprint}: {model_status()}")


class Visitors:
    """Visitors asking for the phone number, each on a thread, until stopped (a new visitor
    for every message: one visitor may send only 20 a minute), ``pause`` seconds apart on each thread."""

    def __init__(self, assistant, phone: str, count: int = 4, pause: float = 0.0):
        self.assistant, self.phone, self.pause = assistant, phone, pause
        self.wrong: List[str] = []
        self.answered = 0
        self.stopping = threading.Event()
        self.threads = [threading.Thread(target=self.ask, daemon=True) for _ in range(count)]

    def ask(self) -> None:
        while not self.stopping.is_set():
            try:
                reply = self.assistant.reply_text("what is your phone number?")
            except Exception as error:  # a dropped or failed message is what this test looks for
                self.wrong.append(f"{type(error).__name__}: {error}")
                continue
            if self.phone in reply:
                self.answered += 1
            else:
                self.wrong.append(reply)
            self.stopping.wait(self.pause)

    def __enter__(self) -> "Visitors":
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *_) -> None:
        self.stopping.set()
        for thread in self.threads:
            thread.join(timeout=60)
