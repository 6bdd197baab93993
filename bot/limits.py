"""How much one client may send: the size of a request and of a message, and who a sender may be.

Every public channel checks the same limits, so that a few hundred kilobytes of text (or a flood of
words for the news search) never reach the NLU pipeline, and one channel's visitors can never write
into another channel's conversations.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Optional

# Bytes of one HTTP request to the Rasa server (Sanic's default is 100 MB). A message of
# MAX_MESSAGE_CHARS Chinese characters as JSON escapes (6 bytes each) fits with room to spare.
MAX_BODY_BYTES = 64 * 1024
# Characters of one message: longer ones are refused with a reply that says so (never cut, so that
# the assistant never answers half a question as if it were the whole).
MAX_MESSAGE_CHARS = 2000
# Words of one news search (each is one full-text query).
MAX_SEARCH_TERMS = 8

# A sender id as a client may choose it: the web chat page's "web-" and 32 hex digits fits.
_SENDER = re.compile(r"[A-Za-z0-9_.-]{1,64}")


def valid_sender(sender: object) -> bool:
    return isinstance(sender, str) and _SENDER.fullmatch(sender) is not None


def conversation_id(channel: str, sender: str) -> str:
    """The conversation of ``sender`` on ``channel``: ids of different channels never meet."""
    return f"{channel}:{sender}"


def too_long(text: str) -> bool:
    return len(text) > MAX_MESSAGE_CHARS


def printable(text: Optional[str]) -> str:
    """``text`` without control and format characters (terminal escapes, bidi overrides, NUL), which
    could rewrite what staff see in a terminal or a spreadsheet; line breaks and tabs become spaces."""
    return "".join(
        " " if c in "\t\n\r" else c
        for c in (text or "")
        if c in "\t\n\r" or unicodedata.category(c) not in ("Cc", "Cf", "Cs", "Co")
    )
