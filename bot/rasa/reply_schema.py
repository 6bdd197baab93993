"""Rasa's schema for the action server's replies, checked without trying every kind of event.

The schema says each event must match exactly one of 23 alternatives (`oneOf`), one per kind of event,
told apart by the constant of the "event" key. A general validator tries all 23 on every event (4 % of
the Rasa server's time under load). When every alternative names its own constant, as in Rasa 3.6, an
event matches exactly one alternative if and only if it matches the one for its name; that is checked
here. A reply that fails that check, or a schema of another shape, goes through the full validator,
which raises the same error Rasa would.
"""

from __future__ import annotations

import copy
from typing import Any, Dict, List, Optional

from jsonschema.validators import validator_for


def _event_name(alternative: Dict[str, Any]) -> Optional[str]:
    return alternative.get("properties", {}).get("event", {}).get("const")


class ReplySchema:
    def __init__(self, schema: Dict[str, Any]) -> None:
        validator = validator_for(schema)
        self.full = validator(schema)
        self._reply: Optional[Any] = None  # the reply's schema with the events' alternatives left out
        self._events: Dict[str, Any] = {}  # event name -> its alternative
        events = schema.get("properties", {}).get("events", {}).get("items", {})
        alternatives: List[Dict[str, Any]] = events.get("oneOf", [])
        names = [_event_name(alternative) for alternative in alternatives]
        if (
            alternatives
            and None not in names
            and len(set(names)) == len(names)
            and "event" in events.get("required", [])
        ):
            outer = copy.deepcopy(schema)
            del outer["properties"]["events"]["items"]["oneOf"]
            self._reply = validator(outer)
            self._events = {
                name: validator(alternative)
                for name, alternative in zip(names, alternatives, strict=True)
                if name is not None
            }  # none is None here (checked above)

    @property
    def fast(self) -> bool:
        """False when the schema is not one alternative per event name; every reply then gets the full check."""
        return self._reply is not None

    def validate(self, reply: Any) -> None:
        """Raise jsonschema.ValidationError, with the full validator's message, when the reply breaks the schema."""
        if not self._passes(reply):
            self.full.validate(reply)

    def _passes(self, reply: Any) -> bool:
        if self._reply is None or not self._reply.is_valid(reply):
            return False
        for event in reply.get("events") or []:
            alternative = self._events.get(event["event"])
            if alternative is None or not alternative.is_valid(event):
                return False
        return True
