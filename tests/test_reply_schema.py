"""The action reply check accepts and rejects exactly what Rasa's own check does."""

from __future__ import annotations

from datetime import datetime

import jsonschema
import pytest
from rasa.core.actions.action import RemoteAction
from rasa_sdk import events as sdk

from bot.rasa.reply_schema import ReplySchema

SCHEMA = RemoteAction.action_response_format_spec()

# Every kind of event an action can return, as rasa-sdk writes them.
SDK_EVENTS = [
    sdk.UserUttered("hi", {"intent": {"name": "greet", "confidence": 0.9}, "entities": []}),
    sdk.BotUttered("hello", {"buttons": []}),
    sdk.SlotSet("language", "zh"),
    sdk.SlotSet("attraction", None),
    sdk.Restarted(),
    sdk.SessionStarted(),
    sdk.AllSlotsReset(),
    sdk.ActionExecuted("action_listen"),
    sdk.ReminderScheduled("remind", datetime(2026, 11, 27, 10, 30)),
    sdk.ReminderCancelled("remind"),
    sdk.ActionReverted(),
    sdk.UserUtteranceReverted(),
    sdk.StoryExported(),
    sdk.FollowupAction("action_faq"),
    sdk.ConversationPaused(),
    sdk.ConversationResumed(),
    sdk.AgentUttered("text", None),
    sdk.ActiveLoop("some_form"),
    sdk.ActiveLoop(None),
    sdk.LoopInterrupted(True),
    sdk.FormValidation(False),
    sdk.ActionExecutionRejected("action_faq"),
]
REPLIES = [
    {
        "events": SDK_EVENTS,
        "responses": [{"text": "电话 (+86) 0532-68873099", "buttons": [{"title": "a", "payload": "/b"}]}],
    },
    *({"events": [event], "responses": []} for event in SDK_EVENTS),
    {},
    {"events": []},
    {"responses": []},
    # Broken replies.
    [],
    "text",
    None,
    {"events": "not a list"},
    {"events": None},
    {"responses": [1, 2]},
    {"responses": "text"},
    {"events": [{"no_event_key": 1}]},
    {"events": [{"event": "no_such_event"}]},
    {"events": [1]},
    {"events": [{"event": 7}]},
    {"events": [{"event": "slot"}]},
    {"events": [{"event": "slot", "name": 3}]},
    {"events": [{"event": "user", "text": 5}]},
    {"events": [{"event": "slot", "name": "x", "timestamp": "now"}]},
    {"events": [sdk.SlotSet("language", "en"), {"event": "action"}]},
    {"events": [{"event": "bot", "text": "hi", "metadata": "not an object"}]},
]


def _rasa_accepts(reply) -> bool:
    try:
        jsonschema.validate(reply, SCHEMA)
    except jsonschema.ValidationError:
        return False
    return True


def test_rasas_schema_is_checked_one_event_kind_at_a_time():
    assert ReplySchema(SCHEMA).fast


@pytest.mark.parametrize("reply", REPLIES)
def test_it_agrees_with_rasas_check(reply):
    schema = ReplySchema(SCHEMA)
    if _rasa_accepts(reply):
        schema.validate(reply)
    else:
        with pytest.raises(jsonschema.ValidationError):
            schema.validate(reply)


def test_the_corpus_holds_replies_rasa_accepts_and_replies_it_rejects():
    verdicts = [_rasa_accepts(reply) for reply in REPLIES]
    assert sum(verdicts) > len(SDK_EVENTS) and verdicts.count(False) >= 15


def test_a_schema_without_one_alternative_per_event_name_gets_the_full_check():
    items = {
        "type": "object",
        "required": ["event"],
        "oneOf": [{"properties": {"event": {"const": "a"}}}, {"properties": {"value": {"type": "string"}}}],
    }
    schema = ReplySchema({"type": "object", "properties": {"events": {"type": "array", "items": items}}})
    assert not schema.fast
    schema.validate({"events": [{"event": "a", "value": 1}]})  # only the first alternative matches
    with pytest.raises(jsonschema.ValidationError):
        schema.validate({"events": [{"event": "a", "value": "x"}]})  # both match: not exactly one
