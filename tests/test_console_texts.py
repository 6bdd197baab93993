"""The console's texts: every intent of the domain has a name staff read on the overview's topics chart, every
section of the website one on the pages and news page."""

from __future__ import annotations

from bot.console.texts import interface_texts
from bot.settings import ROOT
from bot.content.yamlfile import read_yaml
from bot.pages.sections import SECTIONS, section_key


def test_every_intent_has_a_topic_name_in_both_languages():
    intents = read_yaml(ROOT / "domain.yml")["intents"]
    texts = interface_texts()
    missing = [intent for intent in intents if f"topic_{intent}" not in texts]
    assert missing == [], f"add topic_<intent> lines to bot/console/texts.yml for {missing}"
    assert all(texts[f"topic_{intent}"]["zh"] != texts[f"topic_{intent}"]["en"] for intent in intents)


def test_every_section_of_the_website_has_a_name_in_both_languages():
    texts = interface_texts()
    missing = [section for section in SECTIONS if section_key(section) not in texts]
    assert missing == [], f"add section_... lines to bot/console/texts.yml for {missing}"
    assert texts[section_key("Culture/Fashion & Traditions")]["en"] == "Culture / Fashion & Traditions"
    assert all(texts[section_key(section)]["zh"] != texts[section_key(section)]["en"] for section in SECTIONS)
