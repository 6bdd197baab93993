"""Names in every form find their place; unknown names do not; categories from words and entities."""

from __future__ import annotations

import pytest

from bot.attractions.catalogue import build_catalogue
from bot.attractions.answers import resolve
from bot.settings import ROOT
from bot.content.yamlfile import read_yaml

CATALOGUE_FILE = ROOT / "data" / "attractions.yml"


@pytest.fixture(scope="module")
def catalogue():
    return build_catalogue(read_yaml(CATALOGUE_FILE), str(CATALOGUE_FILE))


def every_name(catalogue):
    return [(place.id, name) for place in catalogue.attractions for name in place.names.every()]


def test_every_name_in_the_file_finds_its_own_place(catalogue):
    found = {(pid, name): catalogue.index.find(name) for pid, name in every_name(catalogue)}
    assert not [(key, match) for key, match in found.items() if match is None or match.key != key[0]]


def test_names_are_found_in_lower_case_with_spaces_and_inside_sentences(catalogue):
    for pid, name in every_name(catalogue):
        spaced = " ".join(name.lower())  # "l a o s h a n": spaces and case do not matter
        assert catalogue.index.find(spaced).key == pid, name
        sentence = f"请问怎么去{name}" if name == catalogue.get(pid).names.zh else f"how do I get to {name}?"
        assert catalogue.index.find(sentence).key == pid, sentence


@pytest.mark.parametrize(
    "asked, place",
    [
        ("lao shan", "laoshan"),
        ("Mount Lao", "laoshan"),
        ("laoshan mountain", "laoshan"),
        ("beer musuem", "beer_museum"),
        ("zhan qiao", "zhanqiao"),
        ("the tsingtao beer musuem", "beer_museum"),
        ("badaguan", "badaguan"),
        ("八大关", "badaguan"),
        ("中山公园门票多少钱", "zhongshan_park"),
        ("St Michaels cathedral", "st_michael"),
        ("ZHANQIAO PEIR", "zhanqiao"),
    ],
)
def test_the_spellings_visitors_use(catalogue, asked, place):
    assert catalogue.index.find(asked).key == place


@pytest.mark.parametrize(
    "text",
    [
        "Eiffel Tower",
        "how do I get there?",
        "when is it open",
        "Qingdao",
        "what is the phone number",
        "怎么去那里",
        "square",
        "the beach",
        "Times Square",  # 54 Square's letters, not its name
        "is there music square dancing in the evening?",
    ],
)
def test_no_place_for_text_that_names_none(catalogue, text):
    assert catalogue.index.find(text) is None


@pytest.mark.parametrize("text", ["the Louvre", "is the Louvre open on Monday?", "Big Ben", "the Bund", "故宫", "外滩"])
def test_a_place_elsewhere_is_offered_no_place_that_only_shares_letters_with_it(catalogue, text):
    # "lou" of Louvre is in Zongdu Lou, 宫 of 故宫 in 太清宫: such buttons would read as an answer
    assert catalogue.index.closest(text, 3) == []


def test_a_name_spaced_otherwise_or_caught_in_part_is_still_offered(catalogue):
    assert "laoshan" in [m.key for m in catalogue.index.closest("lao shan", 3)]
    assert {"beer_museum", "beer_street"} <= {m.key for m in catalogue.index.closest("beer", 3)}


def test_an_unknown_name_has_close_suggestions_from_the_catalogue(catalogue):
    close = catalogue.index.closest("Tsingtao Beer Musem Tour", 3)
    assert close and close[0].key == "beer_museum"


def test_resolve_prefers_recognised_names_then_the_text(catalogue):
    assert resolve(catalogue, ["laoshan"], "anything").place.id == "laoshan"
    assert resolve(catalogue, ["Mount Lao"], "").place.id == "laoshan"
    assert resolve(catalogue, [], "how do I get to zhan qiao").place.id == "zhanqiao"
    unknown = resolve(catalogue, ["Disneyland"], "how do I get to Disneyland")
    assert unknown.place is None and unknown.asked == "Disneyland"
    assert resolve(catalogue, [], "how do I get there?") == type(unknown)()


@pytest.mark.parametrize(
    "text, category",
    [
        ("any beaches?", "beach"),
        ("which museums are good", "museum"),
        ("something for kids", "family"),
        ("free things to do", "free"),
        ("带孩子去哪玩", "family"),
        ("有什么免费景点", "free"),
        ("I like hiking", "mountain"),
        ("are there temples", "religious"),
        ("what should I see", None),
    ],
)
def test_categories_in_text(catalogue, text, category):
    assert catalogue.category_finder.in_text(text) == category


def test_categories_from_recognised_words_forgive_typos(catalogue):
    finder = catalogue.category_finder
    assert finder.from_entities(["beach"]) == "beach"
    assert finder.from_entities(["musems"]) == "museum"
    assert finder.from_entities(["海水浴场"]) == "beach"
    assert finder.from_entities(["nonsense"]) is None
