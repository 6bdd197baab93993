"""The XML WeChat expects as a passive reply, plain or encrypted.

Texts go into CDATA sections, as WeChat's own examples do. A "]]>" in the text would end
the section early, so it is split across two sections; characters XML 1.0 cannot carry at
all (most control characters) are dropped. "&" and "<" need nothing inside CDATA.
"""

from __future__ import annotations

import re
import secrets
import time
from typing import Optional

from bot.channels.wechat.cipher import MessageCipher
from bot.channels.wechat.signature import sign

_NOT_XML = re.compile("[^\u0009\u000a\u000d\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def cdata(text: str) -> str:
    clean = _NOT_XML.sub("", text)
    return "<![CDATA[" + clean.replace("]]>", "]]]]><![CDATA[>") + "]]>"


def text_reply(to_user: str, from_user: str, content: str, now: Optional[int] = None) -> str:
    """A passive text reply to ``to_user`` (the visitor) from ``from_user`` (our account)."""
    return (
        "<xml>"
        f"<ToUserName>{cdata(to_user)}</ToUserName>"
        f"<FromUserName>{cdata(from_user)}</FromUserName>"
        f"<CreateTime>{int(now if now is not None else time.time())}</CreateTime>"
        "<MsgType><![CDATA[text]]></MsgType>"
        f"<Content>{cdata(content)}</Content>"
        "</xml>"
    )


def new_nonce() -> str:
    return str(secrets.randbelow(10**10)).zfill(10)


def encrypted_reply(
    xml: str, cipher: MessageCipher, token: str, now: Optional[int] = None, nonce: Optional[str] = None
) -> str:
    """``xml`` encrypted, with a fresh nonce and its msg_signature, in WeChat's envelope."""
    timestamp = str(int(now if now is not None else time.time()))
    nonce = nonce or new_nonce()
    encrypt = cipher.encrypt(xml.encode("utf-8"))
    signature = sign(token, timestamp, nonce, encrypt)
    return (
        "<xml>"
        f"<Encrypt>{cdata(encrypt)}</Encrypt>"
        f"<MsgSignature>{cdata(signature)}</MsgSignature>"
        f"<TimeStamp>{timestamp}</TimeStamp>"
        f"<Nonce>{cdata(nonce)}</Nonce>"
        "</xml>"
    )
