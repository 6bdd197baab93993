"""Which websites may use the assistant from their pages: the CORS setting (QICC_CORS_ORIGINS)."""

from __future__ import annotations

import logging
import re
from typing import List, Optional
from urllib.parse import urlsplit

log = logging.getLogger(__name__)

_ORIGIN = re.compile(r"^https?://[A-Za-z0-9.\-\[\]:]+$")


def allowed_origins(cors_origins: str) -> List[str]:
    """The origins listed in the setting ("*": any site); anything else is logged and ignored."""
    origins = []
    for origin in cors_origins.split():
        if origin == "*" or _ORIGIN.match(origin.rstrip("/")):
            origins.append(origin.rstrip("/"))
        else:
            log.warning("QICC_CORS_ORIGINS: %r is not an origin like https://www.example.org; ignored", origin)
    return origins


def origin_allowed(origin: Optional[str], host: Optional[str], cors_origins: str) -> bool:
    """No Origin header (a program, not a browser page), the server's own host, or a listed site."""
    if not origin:
        return True
    allowed = allowed_origins(cors_origins)
    return "*" in allowed or origin.rstrip("/") in allowed or urlsplit(origin).netloc == host
