"""The chat page's texts, configuration and security headers, checked without a server."""

from __future__ import annotations

import json
import re

import pytest

from bot.channels.webchat import page
from bot.channels.webchat.origins import allowed_origins, origin_allowed
from bot.content.texts import LANGUAGES
from bot.content.yamlfile import ContentError, parse_yaml


def page_config(html: str) -> dict:
    found = re.search(r'<script type="application/json" id="chat-config">(.*?)</script>', html, re.S)
    return json.loads(found.group(1))


def test_every_interface_text_exists_in_english_and_chinese():
    texts = page.interface_texts()
    for key in page.TEXT_KEYS:
        assert all(texts[key][lang] for lang in LANGUAGES), key
    assert texts["suggestions"] and all(all(s[lang] for lang in LANGUAGES) for s in texts["suggestions"])


def test_a_missing_translation_is_reported_with_its_line():
    lines = [f"{key}: {{en: x, zh: y}}" for key in page.TEXT_KEYS]
    lines[3] = f"{page.TEXT_KEYS[3]}: {{en: only English}}"
    with pytest.raises(ContentError) as error:
        page.build_texts(parse_yaml("\n".join(lines), "texts.yml"), "texts.yml")
    assert f"texts.yml:4: {page.TEXT_KEYS[3]} has no zh text" in str(error.value)


def test_the_page_carries_the_centers_name_welcome_and_phone_in_both_languages(center):
    config = page_config(page.render_page())
    assert config["endpoint"] == "../webhooks/rest/webhook"
    for lang in LANGUAGES:
        texts = config["texts"][lang]
        assert center.name[lang] in texts["title"]
        assert center.phone in texts["error"]
        assert texts["welcome"]


def test_texts_cannot_close_the_script_element_they_sit_in():
    hostile = {"text": "</script><script>alert(1)</script>&amp;"}
    encoded = page._script_json(hostile)
    assert "<" not in encoded and ">" not in encoded and "&" not in encoded
    assert json.loads(encoded) == hostile


def test_the_widget_script_is_filled_in():
    script = page.render_widget()
    assert page.CONFIG_MARK not in script
    texts = json.loads(re.search(r"var config = (\{.*?\});\n", script).group(1))["texts"]
    assert set(texts) == set(LANGUAGES)


def test_only_the_configured_sites_may_frame_the_page():
    policy = page.page_headers("http://localhost:5005 https://www.example.org/ not-an-origin")[
        "Content-Security-Policy"
    ]
    assert "frame-ancestors 'self' http://localhost:5005 https://www.example.org" in policy
    assert "not-an-origin" not in policy
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy


@pytest.mark.parametrize(
    "origin, allowed",
    [
        (None, True),  # a program, not a browser page
        ("http://127.0.0.1:5005", True),  # the server's own pages
        ("https://www.example.org", True),
        ("https://www.example.org.evil.test", False),
        ("http://elsewhere.test", False),
    ],
)
def test_socketio_origins(origin, allowed):
    assert origin_allowed(origin, "127.0.0.1:5005", "http://localhost:5005 https://www.example.org") is allowed


def test_a_star_allows_every_site():
    assert allowed_origins("*") == ["*"]
    assert origin_allowed("http://elsewhere.test", "127.0.0.1:5005", "*")
