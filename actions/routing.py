"""Which answer a message gets: the one bot.trust finds fitting, whatever action the policies chose.

Every question-answering action asks ``fitting_answer`` before it answers. When the words of the message
fit its own answer, it answers; when they fit another intent the model ranked, that intent's action answers
in its place (in the same call: no round trip to the Rasa server); an emergency question gets the emergency
numbers (then the FAQ's answer to the rest of it, if an entry surely gives one), a near-verbatim FAQ question
its entry, and anything else the honest reply of action_fallback.
"""

from __future__ import annotations

import logging
from functools import lru_cache
from typing import TYPE_CHECKING, Any, Dict, List, Optional, Protocol, Tuple

from bot.center.facts import current_center
from bot.faq import answers
from bot.faq.content import Entry
from bot.settings import settings
from bot.training.faq import RETRIEVAL_INTENT
from bot.trust import choice as choices
from bot.content.yamlfile import ContentError, read_yaml

if TYPE_CHECKING:
    from actions.base import Turn

log = logging.getLogger(__name__)

# Every action that answers visitors, by name; filled in by actions.base as the action classes are defined.
ACTIONS: Dict[str, type] = {}
HONEST_ACTION = "action_fallback"
FAQ_ACTION = "action_faq"


class Answerer(Protocol):
    def answer(self, turn: "Turn") -> None: ...


class EmergencyAnswer:
    """The emergency numbers first, whatever else the message asks; then the FAQ's answer to the rest of it
    when ``faq_too`` ("my passport was stolen": the numbers, then what to do about the passport)."""

    def __init__(self, faq_too: bool):
        self.faq_too = faq_too

    def answer(self, turn: "Turn") -> None:
        turn.center_reply("emergency")
        if self.faq_too:
            ACTIONS[FAQ_ACTION]().answer_beyond_emergency(turn)


class FaqEntryAnswer:
    def __init__(self, entry: Entry):
        self.entry = entry

    def answer(self, turn: "Turn") -> None:
        turn.say(answers.answer_text(self.entry, current_center(), turn.language))


@lru_cache(maxsize=1)
def actions_by_intent() -> Dict[str, str]:
    """intent -> action, from the one-step rules of data/rules/ (where the policies learn the same)."""
    found: Dict[str, str] = {}
    for path in sorted((settings().root / "data" / "rules").glob("*.yml")):
        for rule in (read_yaml(path) or {}).get("rules") or []:
            steps = rule.get("steps") or []
            if len(steps) == 2 and "intent" in steps[0] and "action" in steps[1]:
                found.setdefault(str(steps[0]["intent"]), str(steps[1]["action"]))
    return found


def ranking(message: Dict[str, Any]) -> List[Tuple[str, float]]:
    ranked = message.get("intent_ranking") or [message.get("intent") or {}]
    return [(str(i.get("name")), float(i.get("confidence") or 0.0)) for i in ranked if i.get("name")]


def selected_entry(message: Dict[str, Any]) -> Tuple[Optional[str], float]:
    """The FAQ entry id the ResponseSelector chose for this message, and its confidence."""
    selectors = message.get("response_selector") or {}
    response = (selectors.get(RETRIEVAL_INTENT) or {}).get("response") or {}
    key = response.get("intent_response_key") or ""
    prefix = f"{RETRIEVAL_INTENT}/"
    if not key.startswith(prefix):
        return None, 0.0
    return key[len(prefix) :], float(response.get("confidence") or 0.0)


def answered_last(tracker: Any) -> Optional[str]:
    """The intent whose action gave the conversation's last answer, before this message (None: no answer
    yet, or one of no intent's): "and on Saturday?" follows the hours."""
    events = tracker.events or []
    latest = max((i for i, e in enumerate(events) if e.get("event") == "user"), default=0)
    for event in reversed(events[:latest]):
        if event.get("event") == "action" and event.get("name") != "action_listen":
            name = event.get("name")
            return next((intent for intent, action in actions_by_intent().items() if action == name), None)
    return None


def entity_spans(message: Dict[str, Any]) -> List[Tuple[str, str]]:
    """(entity, the words the visitor wrote for it): the value is the synonym's id ("laoshan" for 崂山)."""
    text = message.get("text") or ""
    return [(str(e.get("entity")), _written(text, e)) for e in message.get("entities") or [] if e.get("entity")]


def _written(text: str, entity: Dict[str, Any]) -> str:
    start, end = entity.get("start"), entity.get("end")
    if isinstance(start, int) and isinstance(end, int):
        return text[start:end]
    return str(entity.get("value") or "")


def fitting_answer(turn: "Turn", current: Any) -> Answerer:
    """The answer that fits the message: ``current`` (the action the policies chose) or another."""
    try:
        message = turn.tracker.latest_message
        chosen = choices.choose(
            turn.text, ranking(message), entity_spans(message), selected_entry(message)[0], answered_last(turn.tracker)
        )
    except ContentError:  # data/fit.yml has never loaded: answer as the model chose, and say why in the log
        log.exception("the fit of answers cannot be checked")
        return current
    if log.isEnabledFor(logging.DEBUG):  # the explanation is built only when someone reads it
        log.debug(
            "fit: %s %s %s",
            chosen.kind,
            chosen.intent or "",
            "; ".join(f"{v.intent}: not about {', '.join(v.unexplained) or '-'}" for v in chosen.verdicts),
        )
    if chosen.kind == choices.EMERGENCY:
        return EmergencyAnswer(faq_too=chosen.intent == RETRIEVAL_INTENT)
    if chosen.kind == choices.FAQ_ENTRY and chosen.entry is not None:
        return FaqEntryAnswer(chosen.entry)
    name = actions_by_intent().get(chosen.intent or "") if chosen.kind == choices.INTENT else HONEST_ACTION
    if not name or name == current.name():
        return current
    return ACTIONS[name]()
