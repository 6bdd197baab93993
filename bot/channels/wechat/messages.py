"""What a decrypted WeChat/WeCom message asks of the assistant."""

from __future__ import annotations

import hashlib
import hmac
import re
import unicodedata
from dataclasses import dataclass
from enum import Enum
from functools import lru_cache
from pathlib import Path
from typing import Dict

from bot.channels.wechat.errors import BadRequest
from bot.keys import key
from bot.settings import settings


class Kind(Enum):
    TEXT = "text"  # goes to Rasa
    WELCOME = "welcome"  # a new follower: the welcome text
    UNSUPPORTED = "unsupported"  # images, locations, voice without recognition...: a polite text
    SILENT = "silent"  # unsubscribe and other events: nothing to say


@dataclass(frozen=True)
class Inbound:
    to_user: str  # our account (the Official Account's original id, or the CorpID)
    from_user: str  # the visitor's OpenID (WeCom: UserID): the conversation id
    create_time: str
    msg_type: str
    kind: Kind
    text: str = ""
    msg_id: str = ""
    event: str = ""
    agent_id: str = ""  # WeCom: the app the message is for

    @property
    def dedup_key(self) -> str:
        """Same for WeChat's retries of one message: MsgId, or sender and time for events.

        The event's name is part of it too: following and unfollowing in the same second are two events.
        """
        if self.msg_id:
            return f"msg:{self.msg_id}"
        return f"event:{self.from_user}:{self.create_time}:{self.event}"

    @property
    def visitor(self) -> str:
        return pseudonym(self.from_user)


def pseudonym(user_id: str) -> str:
    """A stable, non-reversible name for a visitor in logs (logs keep no OpenIDs in clear). Keyed (the
    unanswered log's key), so that someone who knows an OpenID cannot find that visitor in the logs."""
    return hmac.new(_log_key(settings().state_dir), user_id.encode("utf-8"), hashlib.sha256).hexdigest()[:12]


@lru_cache(maxsize=4)
def _log_key(state_dir: Path) -> bytes:
    """The key, read once per state folder (``state_dir`` is the cache key; bot.keys finds the folder)."""
    return key("sender_hash", "QICC_SENDER_HASH_KEY")


def read_message(fields: Dict[str, str]) -> Inbound:
    """The message in ``fields`` (from the decrypted XML); BadRequest when it lacks the basics."""
    for name in ("ToUserName", "FromUserName", "CreateTime", "MsgType"):
        if not fields.get(name):
            raise BadRequest(f"the message has no {name}")
    if not re.fullmatch(r"[0-9]{1,10}", fields["CreateTime"]):
        raise BadRequest("CreateTime is not a number of at most ten digits")
    msg_type = fields["MsgType"].lower()
    kind, text = _classify(msg_type, fields)
    return Inbound(
        to_user=fields["ToUserName"],
        from_user=fields["FromUserName"],
        create_time=fields["CreateTime"],
        msg_type=msg_type,
        kind=kind,
        text=text,
        msg_id=fields.get("MsgId", ""),
        event=fields.get("Event", "").lower(),
        agent_id=fields.get("AgentID", "").strip(),
    )


def _classify(msg_type: str, fields: Dict[str, str]):
    if msg_type == "text":
        text = unicodedata.normalize("NFC", fields.get("Content", "")).strip()
        return (Kind.TEXT, text) if text else (Kind.SILENT, "")
    if msg_type == "voice":
        # Present when speech recognition is switched on for the account.
        text = fields.get("Recognition", "").strip()
        return (Kind.TEXT, text) if text else (Kind.UNSUPPORTED, "")
    if msg_type == "event":
        # unsubscribe, menu clicks, location reports and WeCom's enter_agent (sent on every visit)
        # ask nothing, so nothing is said.
        return (Kind.WELCOME if fields.get("Event", "").lower() == "subscribe" else Kind.SILENT), ""
    return Kind.UNSUPPORTED, ""  # image, location, video, shortvideo, link, file...
