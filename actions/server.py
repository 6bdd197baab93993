"""The action server as `qicc run` starts it: rasa-sdk's own, on QICC_ACTIONS_HOST (127.0.0.1 unless
an operator runs it on another machine), and requiring ``Authorization: Bearer <QICC_ACTIONS_TOKEN>``
when that token is set. Without a token, anyone who can reach the port can run actions, which is why
the default interface is this machine's only.

Usage: python -m actions.server [rasa run actions options]
"""

from __future__ import annotations

import hmac
import os
import sys

from rasa_sdk import endpoint
from sanic import response

from bot.settings import settings

_create_app = endpoint.create_app


def _create_app_with_token(*args, **kwargs):
    app = _create_app(*args, **kwargs)
    token = settings().actions_token
    if token:
        expected = f"Bearer {token}".encode()

        @app.middleware("request")
        async def require_token(request):
            given = request.headers.get("authorization", "").encode()
            if request.path != "/health" and not hmac.compare_digest(given, expected):
                return response.json({"error": "this action server needs the shared token"}, status=401)

    return app


def main() -> int:
    from rasa_sdk.__main__ import main as rasa_sdk_main

    # rasa-sdk reads its interface from SANIC_HOST (default 0.0.0.0: every interface).
    os.environ["SANIC_HOST"] = settings().actions_host
    endpoint.create_app = _create_app_with_token
    rasa_sdk_main()
    return 0


if __name__ == "__main__":
    sys.exit(main())
