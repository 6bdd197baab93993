"""The one way a webhook request is turned down: a 4xx/5xx status and a reason for the log."""

from __future__ import annotations


class Rejected(Exception):
    """The request is answered with ``status`` and nothing in it is processed.

    ``reason`` goes to the operator's log only; the sender gets a generic body, so that a
    forger learns nothing about which check failed (no padding or signature oracle).
    """

    def __init__(self, status: int, reason: str):
        super().__init__(reason)
        self.status = status
        self.reason = reason


class BadRequest(Rejected):
    def __init__(self, reason: str):
        super().__init__(400, reason)


class Forbidden(Rejected):
    def __init__(self, reason: str):
        super().__init__(403, reason)


class NotConfigured(Rejected):
    def __init__(self, reason: str):
        super().__init__(503, reason)
