"""A sum to work out ("what's 15 times 7?", "2+2", "三加五等于几") is no question about Qingdao or the center:
nothing the assistant knows answers it, though its words may match some ("times" stems to a page's "first
time"). It gets the honest reply at once.

Only a number, an operator and a number count: a date (2026-12-03, 12/25), a phone number (0532-8288 1234)
or "3 times a week" is not a sum, so "-" and "/" are left out, as are "x", "*" and "×" ("4x4", "7×24小时":
around the clock).
"""

from __future__ import annotations

import re

from bot.language import HAN_NUMERALS

_NUMBER = rf"(?:\d+(?:\.\d+)?|[{HAN_NUMERALS}]+)"
_OPERATOR = r"(?:[+÷=]|plus|times|multiplied\s+by|divided\s+by|minus|加上?|减去?|乘以?|除以)"
_SUM = re.compile(rf"{_NUMBER}\s*{_OPERATOR}\s*{_NUMBER}", re.IGNORECASE)


def asks_arithmetic(text: str) -> bool:
    return _SUM.search(text) is not None
