"""XML in (bombs, external entities, size) and XML out (texts that would break a naive reply)."""

from __future__ import annotations

import pytest
import xmltodict

from bot.channels.wechat.errors import Rejected
from bot.channels.wechat.reply import text_reply
from bot.channels.wechat.xmlparse import MAX_BODY, parse_fields

BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<xml><Content>&lol3;</Content></xml>"""
EXTERNAL_ENTITY = b"""<?xml version="1.0"?>
<!DOCTYPE xml [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<xml><Content>&secret;</Content></xml>"""
PARAMETER_ENTITY = b"""<?xml version="1.0"?>
<!DOCTYPE xml [<!ENTITY % remote SYSTEM "http://127.0.0.1:9/evil.dtd"> %remote;]><xml/>"""
DTD_ONLY = b"""<!DOCTYPE xml SYSTEM "http://127.0.0.1:9/x.dtd"><xml><Content>hi</Content></xml>"""


@pytest.mark.parametrize(
    "body",
    [BILLION_LAUGHS, EXTERNAL_ENTITY, PARAMETER_ENTITY, DTD_ONLY],
    ids=["billion-laughs", "external-entity", "parameter-entity", "external-dtd"],
)
def test_dtds_and_entities_are_refused(body):
    with pytest.raises(Rejected) as caught:
        parse_fields(body)
    assert caught.value.status == 400


@pytest.mark.parametrize(
    "body", [b"", b"   ", b"<xml><a>", b"<html><a>1</a></html>", b"<xml><A>1</A><A>2</A></xml>", b"\xff\xfe<xml/>"]
)
def test_malformed_bodies_are_refused(body):
    with pytest.raises(Rejected) as caught:
        parse_fields(body)
    assert caught.value.status == 400


def test_oversized_body_is_refused_before_parsing():
    body = b"<xml><Content>" + b"a" * MAX_BODY + b"</Content></xml>"
    with pytest.raises(Rejected) as caught:
        parse_fields(body)
    assert caught.value.status == 413


def test_fields_are_read():
    fields = parse_fields(
        "<xml><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[你好 & <b>]]></Content>"
        "<MsgId>42</MsgId></xml>".encode()
    )
    assert fields == {"MsgType": "text", "Content": "你好 & <b>", "MsgId": "42"}


@pytest.mark.parametrize(
    "content",
    [
        "Opening hours: 9:00 & 17:00 <b>bold</b>",
        "ends with ]]> and ]]]]> and ]]",
        "]]>",
        "a]]>b]]>c <![CDATA[ nested? ]]>",
        "中文 ]]> & < > ' \"",
    ],
)
def test_reply_text_survives_xml(content):
    xml = text_reply("openid-1", "gh_account", content, now=1700000000)
    assert parse_fields(xml.encode())["Content"] == content.strip()
    assert xmltodict.parse(xml)["xml"]["Content"] == content  # as WeChat-side parsers read it


def test_reply_drops_characters_xml_cannot_carry():
    xml = text_reply("openid-1", "gh_account", "bell\x07 and nul\x00 and tab\t", now=1700000000)
    assert parse_fields(xml.encode())["Content"] == "bell and nul and tab"
