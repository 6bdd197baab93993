"""The training data generated from data/attractions.yml, read the way `rasa train` reads it."""

from __future__ import annotations

import re

import rjieba
import pytest
from rasa.shared.nlu.training_data.formats.rasa_yaml import RasaYAMLReader
from rasa.shared.utils.io import dump_obj_as_yaml_to_string

from bot.attractions.catalogue import build_catalogue
from bot.settings import ROOT
from bot.training import SOURCES, generated_training_data
from bot.training.attractions import training_data
from bot.content.yamlfile import read_yaml

CATALOGUE_FILE = ROOT / "data" / "attractions.yml"
TOKEN = re.compile(r"(?u)\b\w+\b")  # the token_pattern of the tokenizer in config.yml


@pytest.fixture(scope="module")
def catalogue():
    return build_catalogue(read_yaml(CATALOGUE_FILE), str(CATALOGUE_FILE))


@pytest.fixture(scope="module")
def data():
    return RasaYAMLReader().reads(dump_obj_as_yaml_to_string({"version": "3.1", **training_data()}))


def synonyms(data):
    """As EntitySynonymMapper applies them: without regard to case."""
    return {key.lower(): value for key, value in data.entity_synonyms.items()}


def annotated(data, entity):
    return {
        (ex.get("intent"), ex.get("text")[e["start"] : e["end"]])
        for ex in data.training_examples
        for e in ex.get("entities") or []
        if e["entity"] == entity
    }


def test_the_source_is_registered():
    assert "bot.training.attractions:training_data" in SOURCES
    assert training_data() in generated_training_data()


def test_every_name_is_taught_in_a_details_question_and_one_follow_up(catalogue, data):
    found = annotated(data, "attraction")
    for place in catalogue.attractions:
        for name in place.names.every():
            intents = {intent for intent, text in found if text == name}
            assert "ask_attraction_info" in intents, name
            assert intents & {"ask_attraction_directions", "ask_attraction_hours", "ask_attraction_ticket"}, name


def test_every_name_is_a_synonym_of_its_id_and_in_the_lookup_table(catalogue, data):
    [lookup] = [t for t in data.lookup_tables if t["name"] == "attraction"]
    elements = lookup["elements"]
    assert elements == sorted(elements, key=len, reverse=True)
    for place in catalogue.attractions:
        for name in place.names.every():
            assert name in elements
            assert name.lower() == place.id or synonyms(data)[name.lower()] == place.id


def test_every_category_word_is_taught_and_maps_to_its_category(catalogue, data):
    found = annotated(data, "attraction_category")
    for category in catalogue.categories.values():
        for word in category.every_word():
            assert ("ask_attractions", word) in found
            assert word.lower() == category.id or synonyms(data)[word.lower()] == category.id


def test_the_tokenizer_cuts_every_sentence_at_the_edges_of_its_names(data):
    for example in data.training_examples:
        text = example.get("text")
        tokens = [(start, end) for word, start, end in rjieba.tokenize(text) if TOKEN.match(word)]
        for entity in example.get("entities") or []:
            assert entity["start"] in {s for s, _ in tokens} and entity["end"] in {e for _, e in tokens}, text
