"""The REST channel of the running assistant refuses what it cannot answer well, clearly, without a crash."""

from __future__ import annotations

import json
import sqlite3
import urllib.error
import urllib.request

import pytest

from bot.limits import MAX_BODY_BYTES, MAX_MESSAGE_CHARS


def raw_post(assistant, body: bytes, content_type: str = "application/json"):
    """(status, parsed JSON body) of a POST to the REST webhook, errors included."""
    request = urllib.request.Request(
        assistant.base_url + "/webhooks/rest/webhook", data=body, headers={"Content-Type": content_type}
    )
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, json.loads(response.read() or b"null")
    except urllib.error.HTTPError as error:
        text = error.read()
        try:
            return error.code, json.loads(text)
        except ValueError:
            return error.code, text.decode("utf-8", "replace")


def post(assistant, payload):
    return raw_post(assistant, json.dumps(payload).encode())


def test_a_body_bigger_than_the_limit_is_refused_with_413(assistant):
    status, _ = raw_post(assistant, json.dumps({"sender": "big", "message": "a" * MAX_BODY_BYTES}).encode())
    assert status == 413


def test_a_message_longer_than_the_limit_gets_a_reply_that_says_so(assistant, center):
    status, replies = post(assistant, {"sender": assistant.new_sender(), "message": "x " * MAX_MESSAGE_CHARS})
    assert status == 413
    assert center.phone in replies[0]["text"] and str(MAX_MESSAGE_CHARS) in replies[0]["text"]


@pytest.mark.parametrize(
    "body",
    [
        b"{not json",
        b"[1, 2]",
        b'"text"',
        b"null",
        b'{"message": "hello"}',
        b'{"sender": "", "message": "hello"}',
        b'{"sender": "a b", "message": "hello"}',
        b'{"sender": 7, "message": "hi"}',
        b'{"sender": "ok", "message": 7}',
        b'{"sender": "ok"}',
    ],
)
def test_malformed_requests_get_400_with_what_is_wrong(assistant, body):
    status, answer = raw_post(assistant, body)
    assert status == 400 and answer["error"]


def test_no_request_writes_into_a_shared_default_conversation(assistant):
    raw_post(assistant, b'{"message": "hello"}')
    with sqlite3.connect(assistant.state_dir / "conversations.sqlite3") as db:
        assert db.execute("SELECT COUNT(*) FROM events WHERE sender_id = 'default'").fetchone()[0] == 0


def test_a_rest_sender_cannot_write_into_a_wechat_visitors_conversation(assistant):
    open_id = "oWeChatVisitor123"
    status, _ = post(assistant, {"sender": open_id, "message": "hello"})
    assert status == 200
    with sqlite3.connect(assistant.state_dir / "conversations.sqlite3") as db:
        senders = {
            row[0]
            for row in db.execute("SELECT DISTINCT sender_id FROM events WHERE sender_id LIKE ?", (f"%{open_id}",))
        }
    assert senders == {f"rest:{open_id}"}


def test_the_channel_in_the_unanswered_log_is_the_servers_not_the_clients(assistant):
    text = "blorp quantum zebra noodles from a client that claims to be wechat"
    post(assistant, {"sender": assistant.new_sender(), "message": text, "input_channel": "wechat"})
    with sqlite3.connect(assistant.state_dir / "unanswered.sqlite3") as db:
        assert db.execute("SELECT channel FROM unanswered WHERE text = ?", (text,)).fetchall() == [("rest",)]


def test_a_sender_that_floods_is_asked_to_slow_down_and_others_still_get_answers(assistant, center):
    flooder = assistant.new_sender()
    answers = [post(assistant, {"sender": flooder, "message": "hello"}) for _ in range(25)]
    refused = [replies for status, replies in answers if status == 429]
    assert refused and all(center.phone in replies[0]["text"] for replies in refused)
    assert center.phone in assistant.reply_text("what's your phone number")
