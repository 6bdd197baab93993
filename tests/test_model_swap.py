"""A newly trained model goes live in the running assistant: the Rasa server asks the staff console for it
every 10 s and loads it on a thread while visitors keep being answered (bot/rasa/model_pulling.py); a model
that does not load leaves the previous one answering; the console serves the model to this machine only."""

from __future__ import annotations

import shutil
import time

import pytest
import requests

from bot.processes.model import live_model, make_live
from bot.rasa.model_pulling import fingerprint_of
from bot.settings import settings
from tests.model_swap import Visitors, wait_until_answering_with


@pytest.fixture
def original_model(assistant):
    """The live model at the start; live again at the end, whatever the test pointed the assistant at."""
    model = live_model()
    assert model is not None
    wait_until_answering_with(fingerprint_of(model))
    yield model
    make_live(model)


def test_a_new_model_answers_within_seconds_and_no_message_is_lost_meanwhile(
    assistant, original_model, center, tmp_path
):
    new = tmp_path / "qicc-0123456789abcdef.tar.gz"  # the same model under another training data's name
    shutil.copyfile(original_model, new)
    with Visitors(assistant, center.phone) as visitors:
        time.sleep(2)
        make_live(new)
        wait_until_answering_with(fingerprint_of(new))
        time.sleep(2)
    assert visitors.wrong == []
    assert visitors.answered > 20
    assert center.phone in assistant.reply_text("what is your phone number?")


def test_a_model_that_does_not_load_leaves_the_previous_one_answering(assistant, original_model, center, tmp_path):
    broken = tmp_path / "qicc-brokenbrokenbroken.tar.gz"
    broken.write_bytes(b"not a model")
    made_live = time.time()
    make_live(broken)
    wait_until_answering_with(fingerprint_of(original_model), after=made_live + 1)  # asked and refused it
    wait_until_answering_with(fingerprint_of(original_model), after=time.time())  # and asks again
    assert center.phone in assistant.reply_text("what is your phone number?")


def test_the_model_is_served_to_this_machine_only(assistant):
    url = f"http://127.0.0.1:{settings().console_port}/staff/model"
    live = fingerprint_of(live_model())
    assert requests.get(url, headers={"If-None-Match": live}, timeout=10).status_code == 304
    through_a_proxy = requests.get(url, headers={"X-Forwarded-For": "203.0.113.7"}, timeout=10)
    assert through_a_proxy.status_code == 403 and not through_a_proxy.content.startswith(b"\x1f\x8b")
    for path in ("", "/status"):
        assert requests.get(url + path, headers={"X-Real-IP": "203.0.113.7"}, timeout=10).status_code == 403
