"""Actions about the center itself: greetings, hours, phone, address, a person, the fallback."""

from __future__ import annotations

from rasa_sdk.events import Restarted, SlotSet

from bot.center.facts import current_center
from bot.center.answers import hours_answer
from bot.handoff.desk import Desk
from bot.language import requested

from actions.base import CenterReply, Turn, VisitorAction


class ActionGreet(CenterReply):
    action_name, reply_key = "action_greet", "greet"


class ActionGoodbye(CenterReply):
    action_name, reply_key = "action_goodbye", "goodbye"


class ActionThanks(CenterReply):
    action_name, reply_key = "action_thanks", "thanks"


class ActionBotChallenge(CenterReply):
    action_name, reply_key = "action_bot_challenge", "bot_challenge"


class ActionPhone(CenterReply):
    action_name, reply_key = "action_phone", "phone"


class ActionAddress(CenterReply):
    action_name, reply_key = "action_address", "address"


class ActionRestart(CenterReply):
    """Rasa's /restart (sent by chat widgets' "start over"): a fresh conversation that says hello."""

    action_name, reply_key = "action_restart", "greet"

    def run(self, dispatcher, tracker, domain):
        events = super().run(dispatcher, tracker, domain)
        return [Restarted(), *events]


class ActionSwitchLanguage(VisitorAction):
    """ "English please" / "请说中文": answer in that language from now on."""

    action_name = "action_switch_language"

    def answer(self, turn: Turn) -> None:
        turn.language = requested(turn.text, turn.language)
        turn.events.append(SlotSet("language_preference", turn.language))
        turn.center_reply("language_switched")


class ActionHours(VisitorAction):
    """Regular hours, or open/closed at the day or moment named in the message."""

    action_name = "action_hours"

    def answer(self, turn: Turn) -> None:
        turn.say(hours_answer(current_center(), turn.language, turn.text))


class ActionHandoff(VisitorAction):
    """A person in this chat when one can answer now; otherwise the phone number, whether someone is at the
    office, and an offer to take a message (bot/handoff/desk.py)."""

    action_name = "action_handoff"

    def answer(self, turn: Turn) -> None:
        tracker = turn.tracker
        turn.say(Desk().ask_for_person(tracker.sender_id, tracker.get_latest_input_channel() or "", turn.language))
