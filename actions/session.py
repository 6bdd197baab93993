"""A new conversation session (after 60 minutes of silence) keeps the visitor's language, nothing else.

Rasa's carry_over_slots_to_new_session would also keep, say, the attraction discussed an hour ago, so
that "how do I get there?" in a new visit would silently refer to it.
"""

from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActionExecuted, EventType, SessionStarted, SlotSet
from rasa_sdk.executor import CollectingDispatcher

KEPT_SLOTS = ("language", "language_preference")


class ActionSessionStart(Action):
    def name(self) -> Text:
        return "action_session_start"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[EventType]:
        kept = [SlotSet(slot, tracker.get_slot(slot)) for slot in KEPT_SLOTS if tracker.get_slot(slot)]
        return [SessionStarted(), *kept, ActionExecuted("action_listen")]
