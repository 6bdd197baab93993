"""The channel's settings, from environment variables (never from credentials.yml or git).

Official Account: QICC_WECHAT_TOKEN, QICC_WECHAT_AES_KEY, QICC_WECHAT_PREVIOUS_AES_KEY,
QICC_WECHAT_APP_ID, QICC_WECHAT_APP_SECRET, QICC_WECHAT_API_BASE.
WeCom: QICC_WECOM_TOKEN, QICC_WECOM_AES_KEY, QICC_WECOM_PREVIOUS_AES_KEY, QICC_WECOM_CORP_ID,
QICC_WECOM_SECRET, QICC_WECOM_AGENT_ID, QICC_WECOM_API_BASE.
Both: QICC_WECHAT_REPLY_BUDGET (seconds to wait for a passive reply, default 4).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import List, Optional
from urllib.parse import urlsplit

from bot.channels.wechat.cipher import Keyring, MessageCipher
from bot.settings import env_value

DEFAULT_BUDGET = 4.0  # WeChat gives up after 5 s; the rest is for the network and the reply itself
MIN_TOKEN_LENGTH = 32  # WeChat allows 3 to 32 characters: the longest is the hardest to guess
# The API may be reached over plain http on this machine only (a test's or a proxy's stand-in): the
# query string carries the AppSecret and the access token.
_LOOPBACK = {"127.0.0.1", "localhost", "::1"}


@dataclass(frozen=True)
class Platform:
    """What differs between the Official Account (WeChat) and WeCom, in one place."""

    id_setting: str  # the setting naming the account: AppID or CorpID
    credentials: str  # what the message API needs, as an operator reads it
    always_encrypted: bool  # WeCom has no plaintext mode, and encrypts even the URL check's echostr
    signs_every_request: bool  # the Official Account's "signature" covers every request, whatever the mode
    has_agent: bool  # WeCom's messages name an app (AgentID) of the company


PLATFORMS = {
    "wechat": Platform("APP_ID", "AppID and AppSecret", False, True, False),
    "wecom": Platform("CORP_ID", "app id, secret and agent id", True, False, True),
}


@dataclass(frozen=True)
class ChannelConfig:
    kind: str  # a key of PLATFORMS, and the start of the channel's settings' names
    token: str
    aes_key: str
    previous_aes_key: str
    receive_id: str  # the AppID or the CorpID
    secret: str  # the AppSecret or the WeCom app's Secret
    api_base: str
    budget: float
    agent_id: str = ""  # WeCom only

    @property
    def platform(self) -> Platform:
        return PLATFORMS[self.kind]

    def keyring(self) -> Optional[Keyring]:
        """The keys for safe mode, or None when no EncodingAESKey is set (plaintext mode only)."""
        if not self.aes_key:
            return None
        previous = (
            MessageCipher.from_encoding_key(self.previous_aes_key, self.receive_id) if self.previous_aes_key else None
        )
        return Keyring(MessageCipher.from_encoding_key(self.aes_key, self.receive_id), previous)

    def check(self) -> List[str]:
        """What keeps the channel from working, in words an operator can act on (no secret values)."""
        prefix = f"QICC_{self.kind.upper()}_"
        problems = []
        if not self.token:
            problems.append(f"{prefix}TOKEN is not set: the {self.kind} channel refuses every request")
        if self.platform.always_encrypted and not self.aes_key:
            problems.append(f"{prefix}AES_KEY is not set: WeCom messages are always encrypted")
        if self.aes_key and not self.receive_id:
            problems.append(f"{prefix}{self.platform.id_setting} is not set: encrypted messages cannot be checked")
        for name, value in (("AES_KEY", self.aes_key), ("PREVIOUS_AES_KEY", self.previous_aes_key)):
            if value:
                try:
                    MessageCipher.from_encoding_key(value, self.receive_id)
                except ValueError as error:
                    problems.append(f"{prefix}{name}: {error}")
        if self.platform.has_agent and self.agent_id and not self.agent_id.isdigit():
            problems.append(f"{prefix}AGENT_ID must be the app's number (AgentId)")
        api = urlsplit(self.api_base)
        if api.scheme != "https" and not (api.scheme == "http" and api.hostname in _LOOPBACK):
            problems.append(f"{prefix}API_BASE must be an https:// address (it carries the secret)")
        return problems

    def warnings(self) -> List[str]:
        """What works but is weaker than it should be."""
        prefix = f"QICC_{self.kind.upper()}_"
        warnings = []
        if self.token and not self.aes_key:
            warnings.append(
                "plaintext mode: message bodies are not signed; switch the console to safe mode "
                f"and set {prefix}AES_KEY"
            )
        if self.token and len(self.token) < MIN_TOKEN_LENGTH:
            warnings.append(f"{prefix}TOKEN has {len(self.token)} characters; use {MIN_TOKEN_LENGTH} random ones")
        return warnings

    def can_send_later(self) -> bool:
        """Whether a reply slower than the budget can still be sent through the message API."""
        needed = [self.receive_id, self.secret] + ([self.agent_id] if self.platform.has_agent else [])
        return all(needed)


def _budget() -> float:
    try:
        return min(max(float(env_value("QICC_WECHAT_REPLY_BUDGET", str(DEFAULT_BUDGET))), 0.0), 4.5)
    except ValueError:
        return DEFAULT_BUDGET


def wechat_config() -> ChannelConfig:
    return ChannelConfig(
        kind="wechat",
        token=env_value("QICC_WECHAT_TOKEN").strip(),
        aes_key=env_value("QICC_WECHAT_AES_KEY").strip(),
        previous_aes_key=env_value("QICC_WECHAT_PREVIOUS_AES_KEY").strip(),
        receive_id=env_value("QICC_WECHAT_APP_ID").strip(),
        secret=env_value("QICC_WECHAT_APP_SECRET").strip(),
        api_base=env_value("QICC_WECHAT_API_BASE", "https://api.weixin.qq.com").strip(),
        budget=_budget(),
    )


def wecom_config() -> ChannelConfig:
    return ChannelConfig(
        kind="wecom",
        token=env_value("QICC_WECOM_TOKEN").strip(),
        aes_key=env_value("QICC_WECOM_AES_KEY").strip(),
        previous_aes_key=env_value("QICC_WECOM_PREVIOUS_AES_KEY").strip(),
        receive_id=env_value("QICC_WECOM_CORP_ID").strip(),
        secret=env_value("QICC_WECOM_SECRET").strip(),
        api_base=env_value("QICC_WECOM_API_BASE", "https://qyapi.weixin.qq.com").strip(),
        budget=_budget(),
        agent_id=env_value("QICC_WECOM_AGENT_ID").strip(),
    )
