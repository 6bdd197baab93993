"""WeChat's side of the webhook, for tests: the test accounts and signed, encrypted requests.

Encryption and signatures on this side come from wechatpy, an implementation nobody here
wrote, so the channel is checked against an independent peer rather than against itself.
"""

from __future__ import annotations

import hashlib
import itertools
import secrets
import time
import urllib.error
import urllib.parse
import urllib.request
from typing import Dict, Optional, Tuple

import xmltodict
from wechatpy.crypto import WeChatCrypto
from wechatpy.enterprise.crypto import WeChatCrypto as WeComCrypto

# Test accounts (made up for the tests; the real ones are only ever in the environment).
TOKEN = "qicc-test-token"
AES_KEY = "l4tK6V7/VDvM7qW49E2+mT615UBXJ8OcR3B8P3LmuFk"
PREVIOUS_AES_KEY = "TQDV/lmhvwOzsTWtlt9Qorb2s9XROdnkljtLUd2D1N4"
APP_ID = "wx0123456789abcdef"
APP_SECRET = "test-app-secret"
ACCOUNT = "gh_0123456789ab"  # the Official Account's original id (ToUserName)

WECOM_TOKEN = "qicc-wecom-token"
WECOM_AES_KEY = "6LPaWlHJ1SjweeoLmFWH5U9DTbU1pkBuvQRq45NRO2o"
CORP_ID = "ww0123456789abcdef"
WECOM_SECRET = "test-wecom-secret"
AGENT_ID = "1000002"

# MsgIds (and unique parts of OpenIDs) for all the test modules of a run: the webhook takes a MsgId it saw
# before for WeChat's retry of that message, so two modules counting on their own would answer each other.
ids = itertools.count(int(time.time()) * 1000)


def channel_env(api_base: str) -> Dict[str, str]:
    """The environment that gives a server these test accounts, with the WeChat API at ``api_base``."""
    return {
        "QICC_WECHAT_TOKEN": TOKEN,
        "QICC_WECHAT_AES_KEY": AES_KEY,
        "QICC_WECHAT_PREVIOUS_AES_KEY": PREVIOUS_AES_KEY,
        "QICC_WECHAT_APP_ID": APP_ID,
        "QICC_WECHAT_APP_SECRET": APP_SECRET,
        "QICC_WECHAT_API_BASE": api_base,
        "QICC_WECOM_TOKEN": WECOM_TOKEN,
        "QICC_WECOM_AES_KEY": WECOM_AES_KEY,
        "QICC_WECOM_CORP_ID": CORP_ID,
        "QICC_WECOM_SECRET": WECOM_SECRET,
        "QICC_WECOM_AGENT_ID": AGENT_ID,
        "QICC_WECOM_API_BASE": api_base,
    }


def signature(*parts: str) -> str:
    return hashlib.sha1("".join(sorted(parts)).encode()).hexdigest()


def fresh() -> Tuple[str, str]:
    return str(int(time.time())), str(secrets.randbelow(10**9))


def text_xml(sender: str, content: str, msg_id: str, to: str = ACCOUNT) -> str:
    return (
        f"<xml><ToUserName><![CDATA[{to}]]></ToUserName><FromUserName><![CDATA[{sender}]]></FromUserName>"
        f"<CreateTime>{int(time.time())}</CreateTime><MsgType><![CDATA[text]]></MsgType>"
        f"<Content><![CDATA[{content}]]></Content><MsgId>{msg_id}</MsgId></xml>"
    )


def event_xml(sender: str, event: str, create_time: Optional[int] = None, to: str = ACCOUNT) -> str:
    return (
        f"<xml><ToUserName><![CDATA[{to}]]></ToUserName><FromUserName><![CDATA[{sender}]]></FromUserName>"
        f"<CreateTime>{create_time or int(time.time())}</CreateTime><MsgType><![CDATA[event]]></MsgType>"
        f"<Event><![CDATA[{event}]]></Event></xml>"
    )


def message_xml(sender: str, msg_type: str, msg_id: str, extra: str = "", to: str = ACCOUNT) -> str:
    return (
        f"<xml><ToUserName><![CDATA[{to}]]></ToUserName><FromUserName><![CDATA[{sender}]]></FromUserName>"
        f"<CreateTime>{int(time.time())}</CreateTime><MsgType><![CDATA[{msg_type}]]></MsgType>"
        f"{extra}<MsgId>{msg_id}</MsgId></xml>"
    )


class OfficialAccount:
    """The Official Account platform: signs every request; in safe mode encrypts with wechatpy."""

    def __init__(self, token: str = TOKEN, aes_key: str = AES_KEY, app_id: str = APP_ID):
        self.token = token
        self.crypto = WeChatCrypto(token, aes_key, app_id)

    def plain(self, xml: str) -> Tuple[Dict[str, str], bytes]:
        timestamp, nonce = fresh()
        query = {
            "signature": signature(self.token, timestamp, nonce),
            "timestamp": timestamp,
            "nonce": nonce,
            "openid": "ignored",
        }
        return query, xml.encode()

    def encrypted(self, xml: str) -> Tuple[Dict[str, str], bytes]:
        timestamp, nonce = fresh()
        envelope = xmltodict.parse(self.crypto.encrypt_message(xml, nonce, timestamp))["xml"]
        # What WeChat posts: the Encrypt field, signed by msg_signature; the URL is signed too.
        body = f"<xml><ToUserName><![CDATA[{ACCOUNT}]]></ToUserName><Encrypt><![CDATA[{envelope['Encrypt']}]]></Encrypt></xml>"
        query = {
            "signature": signature(self.token, timestamp, nonce),
            "timestamp": timestamp,
            "nonce": nonce,
            "encrypt_type": "aes",
            "msg_signature": envelope["MsgSignature"],
            "openid": "ignored",
        }
        return query, body.encode()

    def open_reply(self, body: bytes) -> Dict[str, str]:
        """The reply inside an encrypted answer, checked and decrypted by wechatpy."""
        envelope = xmltodict.parse(body)["xml"]
        plain = self.crypto.decrypt_message(body, envelope["MsgSignature"], envelope["TimeStamp"], envelope["Nonce"])
        return xmltodict.parse(plain)["xml"]


class WeCom:
    """WeCom's callback side (always encrypted, with the CorpID), via wechatpy's enterprise crypto."""

    def __init__(self, token: str = WECOM_TOKEN, aes_key: str = WECOM_AES_KEY, corp_id: str = CORP_ID):
        self.token = token
        self.crypto = WeComCrypto(token, aes_key, corp_id)

    def encrypted(self, xml: str) -> Tuple[Dict[str, str], bytes]:
        timestamp, nonce = fresh()
        envelope = xmltodict.parse(self.crypto.encrypt_message(xml, nonce, timestamp))["xml"]
        body = (
            f"<xml><ToUserName><![CDATA[{CORP_ID}]]></ToUserName><AgentID><![CDATA[{AGENT_ID}]]></AgentID>"
            f"<Encrypt><![CDATA[{envelope['Encrypt']}]]></Encrypt></xml>"
        )
        return {"msg_signature": envelope["MsgSignature"], "timestamp": timestamp, "nonce": nonce}, body.encode()

    def echostr(self, plain: str) -> Dict[str, str]:
        timestamp, nonce = fresh()
        envelope = xmltodict.parse(self.crypto.encrypt_message(plain, nonce, timestamp))["xml"]
        return {
            "msg_signature": envelope["MsgSignature"],
            "timestamp": timestamp,
            "nonce": nonce,
            "echostr": envelope["Encrypt"],
        }

    def open_reply(self, body: bytes) -> Dict[str, str]:
        envelope = xmltodict.parse(body)["xml"]
        plain = self.crypto.decrypt_message(body, envelope["MsgSignature"], envelope["TimeStamp"], envelope["Nonce"])
        return xmltodict.parse(plain)["xml"]


def post(url: str, query: Dict[str, str], body: Optional[bytes]) -> Tuple[int, bytes]:
    """WeChat's request to the webhook at ``url``: its status and body."""
    req = urllib.request.Request(
        url + "?" + urllib.parse.urlencode(query), data=body, headers={"Content-Type": "text/xml"}
    )
    try:
        with urllib.request.urlopen(req, timeout=30) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def answer(assistant, api, side, channel: str, query_body: Tuple[Dict[str, str], bytes], user: str) -> str:
    """What the visitor sees: the passive reply, or the message the (fake) API got for them."""
    started = time.monotonic()
    status, body = post(f"{assistant.base_url}/webhooks/{channel}/webhook", *query_body)
    assert status == 200, body
    assert time.monotonic() - started < 5, "WeChat would have given up"
    if body != b"success":
        return side.open_reply(body)["Content"]
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        sent = [s.content for s in api.sent if s.touser == user]
        if sent:
            return sent[-1]
        time.sleep(0.1)
    raise AssertionError("no answer, passive or through the API")
