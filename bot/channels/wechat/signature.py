"""WeChat's request signatures: SHA-1 of the sorted, concatenated token, timestamp, nonce (and Encrypt).

``signature`` proves a request comes from someone who knows the token; ``msg_signature``
also covers the encrypted message. Comparison is constant-time, so the time a wrong
signature takes to reject says nothing about how much of it was right.
"""

from __future__ import annotations

import hashlib
import hmac


def sign(*parts: str) -> str:
    return hashlib.sha1("".join(sorted(parts)).encode("utf-8")).hexdigest()


def matches(given: str, *parts: str) -> bool:
    """True when ``given`` is the signature of ``parts`` (case-insensitive hex, constant time)."""
    if not isinstance(given, str) or not given:
        return False
    return hmac.compare_digest(sign(*parts).encode("ascii"), given.strip().lower().encode("ascii", "replace"))
