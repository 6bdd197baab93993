"""Reading WeChat's XML safely: size-limited, no DTD, no entities, one flat <xml> element.

defusedxml refuses document type declarations, entity declarations and external references,
which covers the billion-laughs bomb and external-entity (XXE) reads. WeChat never sends any
of them, so a body with one is refused as a whole rather than cleaned.
"""

from __future__ import annotations

from typing import Dict

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import ParseError, fromstring

from bot.channels.wechat.errors import BadRequest, Rejected

# A WeChat text message is at most 2048 bytes of content; with the envelope, base64 and the
# encryption it stays far below this. Anything larger is not from WeChat.
MAX_BODY = 64 * 1024


class TooLarge(Rejected):
    def __init__(self, size: int):
        super().__init__(413, f"the body has {size} bytes or more; the limit is {MAX_BODY}")


def parse_fields(body: bytes) -> Dict[str, str]:
    """The child elements of the <xml> root as {name: text}; Rejected when the body is not that."""
    if len(body) > MAX_BODY:
        raise TooLarge(len(body))
    if not body.strip():
        raise BadRequest("the body is empty")
    try:
        root = fromstring(body, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as error:
        raise BadRequest(f"the XML declares a DTD or entities ({type(error).__name__})") from None
    except ParseError as error:
        raise BadRequest(f"the body is not well-formed XML ({error})") from None
    if root.tag != "xml":
        raise BadRequest(f"the root element is <{root.tag}>, not <xml>")
    fields: Dict[str, str] = {}
    for child in root:
        if child.tag in fields:
            raise BadRequest(f"<{child.tag}> appears twice")
        fields[child.tag] = (child.text or "").strip() if len(child) == 0 else ""
    return fields
