"""Buttons in WeChat: a numbered list, and the number a visitor answers with turned back into the choice.

WeChat text messages have no buttons, so "1. Opening hours" is written out and the button's
payload is remembered for the visitor until their next message.
"""

from __future__ import annotations

import json
import re
import time
import unicodedata
from pathlib import Path
from typing import Dict, List, Optional, Protocol

import sqlalchemy as sa

from bot.database import store_engine

KEEP_SECONDS = 24 * 3600
_NUMBER = re.compile(r"^\s*(\d{1,2})\s*[.)。]?\s*$")


class ChoiceMemory(Protocol):
    def remember(self, visitor: str, payloads: List[str]) -> None:
        """The choices just offered to ``visitor`` (an empty list forgets the earlier ones)."""

    def recall(self, visitor: str) -> List[str]: ...


class SQLChoiceMemory:
    """In the stores' database (bot/database.py), so the visitor's next message may reach any replica."""

    def __init__(self, path: Path):
        self.engine = store_engine(path)

    def remember(self, visitor: str, payloads: List[str]) -> None:
        with self.engine.begin() as connection:
            if payloads:
                connection.execute(
                    _REMEMBER,
                    {"visitor": visitor, "at": time.time(), "payloads": json.dumps(payloads, ensure_ascii=False)},
                )
            else:
                connection.execute(_FORGET, {"visitor": visitor})

    def recall(self, visitor: str) -> List[str]:
        with self.engine.connect() as connection:
            row = connection.execute(_RECALL, {"visitor": visitor}).first()
        if not row or row[1] < time.time() - KEEP_SECONDS:
            return []
        return json.loads(row[0])


_REMEMBER = sa.text(
    "INSERT INTO offered_choices (visitor, payloads, at) VALUES (:visitor, :payloads, :at) "
    "ON CONFLICT (visitor) DO UPDATE SET payloads = excluded.payloads, at = excluded.at"
)
_FORGET = sa.text("DELETE FROM offered_choices WHERE visitor = :visitor")
_RECALL = sa.text("SELECT payloads, at FROM offered_choices WHERE visitor = :visitor")


def numbered(buttons: List[Dict]) -> str:
    return "\n".join(f"{i}. {b.get('title') or b.get('payload', '')}" for i, b in enumerate(buttons, 1))


def chosen(text: str, payloads: List[str]) -> Optional[str]:
    """The payload a reply like "2" (or "２", "2.") picks from ``payloads``; None when it picks none."""
    match = _NUMBER.match(unicodedata.normalize("NFKC", text))
    if not match:
        return None
    index = int(match.group(1))
    return payloads[index - 1] if 1 <= index <= len(payloads) else None
