"""The console's attraction and category forms change only what they hold in data/attractions.yml (its
comments and the other places stay as staff wrote them), and the checker's problems land beside the field
at fault."""

from __future__ import annotations

import difflib

import pytest

from bot.attractions.catalogue import build_catalogue
from bot.attractions.editing import (
    CategoryForm,
    PlaceForm,
    category_field_of,
    delete_category,
    place_field_of,
    save_category,
    save_place,
)
from bot.content.yamlfile import ContentError, build_checked, parse_yaml
from bot.settings import ROOT

FILE = "attractions.yml"
TEXT = (ROOT / "data" / FILE).read_text(encoding="utf-8")


def catalogue_of(text):
    return build_checked(parse_yaml(text, FILE), FILE, build_catalogue)


def changed_lines(old, new):
    return [
        line
        for line in difflib.unified_diff(old.splitlines(), new.splitlines(), n=0, lineterm="")
        if line[:1] in "+-" and not line.startswith(("+++", "---"))
    ]


def problems_of(text):
    with pytest.raises(ContentError) as error:
        catalogue_of(text)
    return error.value.problems


CATALOGUE = catalogue_of(TEXT)
PIER = PlaceForm.of(CATALOGUE.get("zhanqiao"))


def test_a_form_saved_as_it_was_opened_leaves_the_file_as_it_is():
    assert save_place(TEXT, "zhanqiao", PIER) == TEXT
    assert save_category(TEXT, "beach", CategoryForm.of(CATALOGUE.categories["beach"])) == TEXT


def test_a_changed_ticket_and_a_new_alias_change_those_lines_only():
    form = PlaceForm(
        PIER.id,
        PIER.names,
        (*PIER.aliases, "Old Pier"),
        PIER.categories,
        {**PIER.texts, "ticket": {"en": "Free of charge", "zh": "免费"}},
    )
    new = save_place(TEXT, "zhanqiao", form)
    assert len(changed_lines(TEXT, new)) == 4  # the aliases line and the ticket line, each removed and added
    assert "# How to edit this file" in new
    place = catalogue_of(new).get("zhanqiao")
    assert place.texts["ticket"]["en"] == "Free of charge" and "Old Pier" in place.names.aliases


def test_a_new_place_is_added_at_the_end_and_checked_like_the_others():
    texts = {field: {"en": f"the {field}", "zh": f"{field}中文"} for field in PIER.texts}
    form = PlaceForm(
        "new_park", {"en": "Harbour Park", "zh": "海港公园", "pinyin": "Haigang Gongyuan"}, (), ("park",), texts
    )
    new = save_place(TEXT, None, form)
    assert catalogue_of(new).attractions[-1].id == "new_park"
    unknown = save_place(TEXT, None, PlaceForm(form.id, form.names, (), ("parks",), texts))
    [problem] = problems_of(unknown)
    assert "'parks'" in problem.message and place_field_of(unknown, "new_park", problem) == "categories"


@pytest.mark.parametrize(
    "change, field",
    [
        (lambda f: PlaceForm(f.id, {**f.names, "en": ""}, f.aliases, f.categories, f.texts), "names_en"),
        (
            lambda f: PlaceForm(
                f.id, f.names, f.aliases, f.categories, {**f.texts, "district": {"en": "Shinan", "zh": ""}}
            ),
            "district_zh",
        ),
        (
            lambda f: PlaceForm(
                f.id, f.names, f.aliases, f.categories, {**f.texts, "transport": {"en": "", "zh": "地铁"}}
            ),
            "transport_en",
        ),
        (lambda f: PlaceForm("Zhan Qiao", f.names, f.aliases, f.categories, f.texts), "id"),
    ],
)
def test_a_problem_is_shown_beside_its_field(change, field):
    form = change(PIER)
    new = save_place(TEXT, "zhanqiao", form)
    assert {place_field_of(new, form.id, problem) for problem in problems_of(new)} == {field}


def test_a_renamed_category_is_renamed_in_its_places_and_a_used_one_cannot_go():
    beach = CategoryForm.of(CATALOGUE.categories["beach"])
    new = save_category(TEXT, "beach", CategoryForm("seaside", beach.label, beach.words))
    catalogue = catalogue_of(new)
    assert list(catalogue.categories)[0] == "seaside"  # where it was
    assert [p.id for p in catalogue.in_category("seaside")] == [p.id for p in CATALOGUE.in_category("beach")]
    gone = delete_category(TEXT, "beach")
    assert {p.message.split("'")[1] for p in problems_of(gone)} == {"beach"}
    empty = save_category(TEXT, "beach", CategoryForm("beach", {"en": "Beaches", "zh": ""}, beach.words))
    assert {category_field_of(empty, "beach", p) for p in problems_of(empty)} == {"label_zh"}
