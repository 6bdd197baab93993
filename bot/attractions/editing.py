"""Changing one attraction or one category of data/attractions.yml's text (the console's forms), leaving the
rest of the file as it is.

Each function takes the file's text and returns the new text; the caller checks the result with
build_catalogue before anything is written, exactly as `qicc attractions check` would.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Dict, Optional, Sequence, Tuple

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from bot import roundtrip
from bot.attractions.catalogue import TEXT_FIELDS, Attraction, Category
from bot.content.editing import field_of, put_item, remove_item, section_of, set_list
from bot.content.texts import LANGUAGES
from bot.content.yamlfile import Problem

FILE = "attractions.yml"
NAME_KEYS = ("en", "zh", "pinyin")
PLACE_FIELDS = (
    "id",
    *(f"names_{key}" for key in (*NAME_KEYS, "aliases")),
    "categories",
    *(f"{field}_{lang}" for field in TEXT_FIELDS for lang in LANGUAGES),
)
CATEGORY_FIELDS = ("id", *(f"{key}_{lang}" for key in ("label", "words") for lang in LANGUAGES))


def _lines(value: str) -> Tuple[str, ...]:
    """A list typed one item per line (commas also part items, as in the file's [a, b] lists)."""
    return tuple(part.strip() for line in value.splitlines() for part in line.split(",") if part.strip())


@dataclass(frozen=True)
class PlaceForm:
    """What the console's attraction form holds: names, aliases one per line, categories, the texts."""

    id: str
    names: Dict[str, str]  # NAME_KEYS
    aliases: Tuple[str, ...]
    categories: Tuple[str, ...]
    texts: Dict[str, Dict[str, str]]  # TEXT_FIELDS -> language -> text

    @classmethod
    def posted(cls, get: Callable[[str], str], categories: Sequence[str]) -> "PlaceForm":
        """From the form's fields (``get`` of a field name, "" when absent) and the categories ticked."""
        return cls(
            get("id").strip(),
            {key: get(f"names_{key}").strip() for key in NAME_KEYS},
            _lines(get("names_aliases")),
            tuple(categories),
            {field: {lang: get(f"{field}_{lang}").strip() for lang in LANGUAGES} for field in TEXT_FIELDS},
        )

    @classmethod
    def of(cls, place: Optional[Attraction]) -> "PlaceForm":
        """An attraction's form, or an empty one for a new place."""
        if place is None:
            empty = {field: {lang: "" for lang in LANGUAGES} for field in TEXT_FIELDS}
            return cls("", {key: "" for key in NAME_KEYS}, (), (), empty)
        names = {key: getattr(place.names, key) for key in NAME_KEYS}
        texts = {field: {lang: place.texts[field].get(lang, "") for lang in LANGUAGES} for field in TEXT_FIELDS}
        return cls(place.id, names, place.names.aliases, place.categories, texts)


@dataclass(frozen=True)
class CategoryForm:
    id: str
    label: Dict[str, str]
    words: Dict[str, Tuple[str, ...]]

    @classmethod
    def posted(cls, get: Callable[[str], str]) -> "CategoryForm":
        return cls(
            get("id").strip(),
            {lang: get(f"label_{lang}").strip() for lang in LANGUAGES},
            {lang: _lines(get(f"words_{lang}")) for lang in LANGUAGES},
        )

    @classmethod
    def of(cls, category: Optional[Category]) -> "CategoryForm":
        if category is None:
            return cls("", {lang: "" for lang in LANGUAGES}, {lang: () for lang in LANGUAGES})
        return cls(category.id, dict(category.label), dict(category.words))


def _places(document) -> CommentedSeq:
    return section_of(document, "attractions", CommentedSeq, FILE, "the places, each starting with '- id:'")


def _categories(document) -> CommentedMap:
    return section_of(document, "categories", CommentedMap, FILE, "the categories")


def _table(parent: CommentedMap, key: str) -> CommentedMap:
    """``parent[key]``, made a mapping when it is missing or something else."""
    if not isinstance(parent.get(key), CommentedMap):
        parent[key] = CommentedMap()
    return parent[key]


def _fill_place(item: CommentedMap, form: PlaceForm) -> None:
    if item.get("id") != form.id:
        item["id"] = form.id
    names = _table(item, "names")
    for key in NAME_KEYS:
        roundtrip.set_text(names, key, form.names[key])
    set_list(names, "aliases", form.aliases, flow=True)
    set_list(item, "categories", form.categories, flow=True)
    for field in TEXT_FIELDS:
        table = _table(item, field)
        for lang in LANGUAGES:
            roundtrip.set_text(table, lang, form.texts[field][lang])


def save_place(text: str, original_id: Optional[str], form: PlaceForm) -> str:
    """The file with place ``original_id`` replaced by ``form``, or ``form`` added at the end when
    ``original_id`` is None (the end of the suggestions: staff move it up in the file if they wish)."""
    document = roundtrip.load(text, FILE)
    put_item(_places(document), original_id, lambda item: _fill_place(item, form))
    return roundtrip.dump(document)


def delete_place(text: str, place_id: str) -> str:
    document = roundtrip.load(text, FILE)
    remove_item(_places(document), place_id)
    return roundtrip.dump(document)


def save_category(text: str, original_id: Optional[str], form: CategoryForm) -> str:
    """The file with category ``original_id`` replaced by ``form``, or ``form`` added at the end. A category
    renamed keeps its place in the file, and the places in it are changed to the new name."""
    document = roundtrip.load(text, FILE)
    categories = _categories(document)
    if original_id and original_id not in categories:
        raise KeyError(original_id)
    if original_id and original_id != form.id:
        categories.insert(list(categories).index(original_id), form.id, categories.pop(original_id))
        for place in _places(document):
            names = place.get("categories") if isinstance(place, CommentedMap) else None
            if isinstance(names, CommentedSeq) and original_id in names:
                names[names.index(original_id)] = form.id
    item = categories.get(form.id)
    if not isinstance(item, CommentedMap):
        item = categories[form.id] = CommentedMap()
    label = _table(item, "label")
    for lang in LANGUAGES:
        roundtrip.set_text(label, lang, form.label[lang])
    words = _table(item, "words")
    for lang in LANGUAGES:
        set_list(words, lang, form.words[lang], flow=True)
    return roundtrip.dump(document)


def delete_category(text: str, category_id: str) -> str:
    document = roundtrip.load(text, FILE)
    categories = _categories(document)
    if category_id not in categories:
        raise KeyError(category_id)
    del categories[category_id]
    return roundtrip.dump(document)


def place_field_of(text: str, place_id: str, problem: Problem) -> str:
    """Which field of the place's form a problem is about ('names_en', 'ticket_zh'...), or ''."""
    return field_of(text, FILE, "attractions", place_id, problem, PLACE_FIELDS)


def category_field_of(text: str, category_id: str, problem: Problem) -> str:
    return field_of(text, FILE, "categories", category_id, problem, CATEGORY_FIELDS)
