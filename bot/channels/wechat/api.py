"""Sending a text outside the passive-reply window: the Official Account's customer-service
message API, or WeCom's app message API (which also needs the app's agentid).

Secrets travel in the query string (WeChat's design), so no URL and no client exception text
is ever logged or put into an error; errors carry WeChat's errcode and errmsg only.
"""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any, Dict, Optional, Tuple

import aiohttp

from bot.channels.wechat.tokens import AccessTokens, SQLTokenStore, TokenStore

# WeChat's answers for a token that is invalid (40001, 40014) or expired (42001).
TOKEN_ERRORS = {40001, 40014, 42001}
OUTSIDE_WINDOW = 45015  # the visitor's last message is more than 48 hours old
QUOTA_REACHED = 45047  # too many customer-service messages to this visitor
NO_ANSWER = -1  # our code for a network error or an unusable answer; WeChat's own -1 is "system busy"
TIMEOUT = aiohttp.ClientTimeout(total=10)
# Pauses before the 2nd and 3rd try of a call that failed on the network, with a 5xx or "system busy".
RETRY_PAUSES = (0.5, 2.0)


class ApiError(Exception):
    def __init__(self, errcode: int, errmsg: str):
        super().__init__(f"errcode {errcode}: {errmsg}")
        self.errcode = errcode

    @property
    def why(self) -> str:
        """The error with what it means for the operator or the staff member who wrote the text."""
        if self.errcode == OUTSIDE_WINDOW:
            return f"{self}: the visitor wrote more than 48 hours ago, WeChat lets no more replies through"
        if self.errcode == QUOTA_REACHED:
            return f"{self}: the account's quota of API messages is used up (see the WeChat console)"
        return str(self)


class MessageApi:
    """The shared part: the HTTP session, the token, one retry with a new token when WeChat refuses it."""

    token_path = ""
    send_path = ""

    def __init__(self, base_url: str, account: str, store: TokenStore):
        self.base_url = base_url.rstrip("/")
        self.tokens = AccessTokens(account, self._fetch_token, store)
        self._session: Optional[aiohttp.ClientSession] = None

    def token_params(self) -> Dict[str, str]:
        raise NotImplementedError

    def message(self, user: str, text: str) -> Dict[str, Any]:
        raise NotImplementedError

    async def send_text(self, user: str, text: str) -> None:
        token = await self.tokens.get()
        try:
            await self._call("POST", self.send_path, {"access_token": token}, self.message(user, text))
        except ApiError as error:
            if error.errcode not in TOKEN_ERRORS:
                raise
            token = await self.tokens.get(rejected=token)
            await self._call("POST", self.send_path, {"access_token": token}, self.message(user, text))

    async def _fetch_token(self) -> Tuple[str, int]:
        answer = await self._call("GET", self.token_path, self.token_params())
        try:
            return str(answer["access_token"]), int(answer["expires_in"])
        except (KeyError, TypeError, ValueError):
            raise ApiError(NO_ANSWER, "the token answer has no access_token/expires_in") from None

    async def _call(
        self, method: str, path: str, params: Dict[str, str], payload: Optional[Dict[str, Any]] = None
    ) -> Dict[str, Any]:
        """One call, tried again after a pause when the failure may pass (network, 5xx, system busy)."""
        for pause in RETRY_PAUSES:
            try:
                return await self._call_once(method, path, params, payload)
            except ApiError as error:
                if error.errcode != NO_ANSWER:
                    raise
            await asyncio.sleep(pause)
        return await self._call_once(method, path, params, payload)

    async def _call_once(
        self, method: str, path: str, params: Dict[str, str], payload: Optional[Dict[str, Any]]
    ) -> Dict[str, Any]:
        if self._session is None or self._session.closed:
            self._session = aiohttp.ClientSession(timeout=TIMEOUT)
        # WeChat shows \u escapes literally, so the JSON is sent as UTF-8 text.
        data = json.dumps(payload, ensure_ascii=False).encode("utf-8") if payload is not None else None
        try:
            async with self._session.request(
                method, self.base_url + path, params=params, data=data, headers={"Content-Type": "application/json"}
            ) as response:
                if response.status >= 500:
                    raise ApiError(NO_ANSWER, f"the API answered HTTP {response.status}")
                answer = json.loads(await response.read())
        except (aiohttp.ClientError, asyncio.TimeoutError, OSError, ValueError) as error:
            raise ApiError(NO_ANSWER, f"no usable answer from the API ({type(error).__name__})") from None
        if not isinstance(answer, dict):
            raise ApiError(NO_ANSWER, "the API answered something other than a JSON object")
        errcode = answer.get("errcode")
        if errcode:
            try:
                code = int(errcode)
            except (TypeError, ValueError):
                raise ApiError(NO_ANSWER, f"the API answered errcode {str(errcode)[:40]!r}") from None
            raise ApiError(code, str(answer.get("errmsg", "")))
        return answer

    async def close(self) -> None:
        if self._session is not None:
            await self._session.close()


class CustomerServiceApi(MessageApi):
    """The Official Account's customer-service messages (within 48 hours of the visitor's message)."""

    token_path = "/cgi-bin/token"
    send_path = "/cgi-bin/message/custom/send"

    def __init__(self, base_url: str, app_id: str, app_secret: str, state: Path):
        super().__init__(base_url, f"wechat:{app_id}", SQLTokenStore(state))
        self._params = {"grant_type": "client_credential", "appid": app_id, "secret": app_secret}

    def token_params(self) -> Dict[str, str]:
        return self._params

    def message(self, user: str, text: str) -> Dict[str, Any]:
        return {"touser": user, "msgtype": "text", "text": {"content": text}}


class AppMessageApi(MessageApi):
    """WeCom's app messages, sent as the app ``agent_id``."""

    token_path = "/cgi-bin/gettoken"
    send_path = "/cgi-bin/message/send"

    def __init__(self, base_url: str, corp_id: str, secret: str, agent_id: int, state: Path):
        super().__init__(base_url, f"wecom:{corp_id}:{agent_id}", SQLTokenStore(state))
        self._params = {"corpid": corp_id, "corpsecret": secret}
        self.agent_id = agent_id

    def token_params(self) -> Dict[str, str]:
        return self._params

    def message(self, user: str, text: str) -> Dict[str, Any]:
        return {"touser": user, "msgtype": "text", "agentid": self.agent_id, "text": {"content": text}}
