"""All of a turn's bot messages as one WeChat text.

A passive reply carries one message, and the customer-service API caps how many messages may
follow a visitor's one, so texts, image links and buttons of a turn are merged; buttons
(and quick replies) become one numbered list across the turn, followed by the hint.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, Dict, List

from bot.channels.wechat.choices import numbered
from bot.language import detect
from bot.content.texts import DEFAULT_LANGUAGE


@dataclass
class Composed:
    text: str = ""
    payloads: List[str] = field(default_factory=list)  # in the order of their numbers


def compose(messages: List[Dict[str, Any]], hint: Callable[[str], str]) -> Composed:
    """``hint(language)`` is the line under the choices, in the language of the turn's text."""
    parts: List[str] = []
    buttons: List[Dict[str, Any]] = []
    for message in messages:
        parts.extend(_texts(message))
        for button in (message.get("buttons") or []) + (message.get("quick_replies") or []):
            if isinstance(button, dict) and button.get("payload"):
                buttons.append(button)
    text = "\n\n".join(p.strip() for p in parts if p and p.strip())
    if not buttons:
        return Composed(text)
    language = detect(text) or DEFAULT_LANGUAGE
    listing = numbered(buttons) + "\n" + hint(language)
    return Composed(f"{text}\n\n{listing}" if text else listing, [str(b["payload"]) for b in buttons])


def _texts(message: Dict[str, Any]) -> List[str]:
    texts = [str(message.get("text") or "")]
    for key in ("image", "attachment"):
        if message.get(key):
            texts.append(str(message[key]))
    for element in message.get("elements") or []:
        if isinstance(element, dict):
            texts.append(" : ".join(str(element[k]) for k in ("title", "subtitle") if element.get(k)))
    return texts
