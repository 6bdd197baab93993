"""The attractions catalogue (data/attractions.yml): places, categories and replies, validated with line numbers."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Dict, List, Optional, Tuple

from bot.attractions.categories import CategoryFinder
from bot.attractions.matching import NameIndex, name_key
from bot.content.live import LiveFile, live_content
from bot.content.texts import LANGUAGES, Bilingual, check_bilingual, check_replies
from bot.content.yamlfile import ContentError, Problem, line_of

# The bilingual fields every attraction has, in the order staff see them in the file.
TEXT_FIELDS = ("district", "description", "address", "hours", "ticket", "transport")
PLACE_VALUES = ("name", "other_name") + TEXT_FIELDS
# Placeholders each reply may use.
REPLIES: Dict[str, Tuple[str, ...]] = {
    "suggest": (),
    "suggest_category": ("category",),
    "details": PLACE_VALUES,
    "follow_up_hint": (),
    "directions": PLACE_VALUES,
    "hours": PLACE_VALUES,
    "ticket": PLACE_VALUES,
    "unknown": ("asked",),
    "which_place": (),
    "which_named": (),
}
_ID = re.compile(r"^[a-z0-9_]+$")


@dataclass(frozen=True)
class Names:
    en: str
    zh: str
    pinyin: str
    aliases: Tuple[str, ...]

    def every(self) -> Tuple[str, ...]:
        """Each way of naming the place once, official names first."""
        return tuple(dict.fromkeys((self.en, self.zh, self.pinyin) + self.aliases))


@dataclass(frozen=True)
class Attraction:
    id: str
    names: Names
    categories: Tuple[str, ...]
    texts: Dict[str, Bilingual]  # TEXT_FIELDS

    def name(self, language: str) -> str:
        return self.names.zh if language == "zh" else self.names.en

    def other_name(self, language: str) -> str:
        return self.names.en if language == "zh" else self.names.zh


@dataclass(frozen=True)
class Category:
    id: str
    label: Bilingual
    words: Dict[str, Tuple[str, ...]]  # language -> what visitors call it

    def every_word(self) -> Tuple[str, ...]:
        return tuple(word for lang in LANGUAGES for word in self.words[lang])


@dataclass(frozen=True)
class Catalogue:
    attractions: Tuple[Attraction, ...]  # in the file's order, which is the order of suggestions
    categories: Dict[str, Category]
    replies: Dict[str, Bilingual]
    index: NameIndex  # every name of every place
    category_finder: CategoryFinder

    def get(self, attraction_id: Optional[str]) -> Optional[Attraction]:
        return next((a for a in self.attractions if a.id == attraction_id), None)

    def in_category(self, category: Optional[str]) -> List[Attraction]:
        return [a for a in self.attractions if category is None or category in a.categories]


class _Builder:
    """Turns the parsed YAML into a Catalogue, collecting every problem with its line."""

    def __init__(self, data: object, filename: str):
        self.data: Any = data  # a dict once build() has checked it; the field readers run only then
        self.file = filename
        self.problems: List[Problem] = []

    def problem(self, line: Optional[int], message: str) -> None:
        self.problems.append(Problem(self.file, line, message))

    def section(self, key: str, kind: type, example: str):
        value = self.data.get(key)
        if not isinstance(value, kind) or not value:
            self.problem(line_of(self.data, key) or 1, f"'{key}:' is missing or empty; it needs {example}")
            return kind()
        return value

    def build(self) -> Catalogue:
        if not isinstance(self.data, dict):
            raise ContentError.single(
                self.file, "the file must have the sections 'categories:', 'replies:' and 'attractions:'", 1
            )
        categories = self.categories()
        attractions = self.attractions(categories)
        replies = self.replies()
        if self.problems:
            raise ContentError(self.problems)
        return Catalogue(
            attractions,
            categories,
            replies,
            NameIndex({a.id: (a.id,) + a.names.every() for a in attractions}),
            CategoryFinder({c.id: c.every_word() for c in categories.values()}),
        )

    # Categories -----------------------------------------------------------------------------------------

    def categories(self) -> Dict[str, Category]:
        table = self.section("categories", dict, "one entry per category, such as 'beach:'")
        result = {}
        for key, entry in table.items():
            line = line_of(table, key)
            if not isinstance(key, str) or not _ID.match(key):
                self.problem(line, f"'{key}' is not a category id; use lowercase letters, digits and _")
                continue
            if not isinstance(entry, dict):
                self.problem(line, f"category '{key}' needs 'label:' and 'words:'")
                continue
            label = check_bilingual(
                entry.get("label"),
                f"the label of category '{key}'",
                self.file,
                line_of(entry, "label") or line,
                self.problems,
            )
            result[key] = Category(key, label, self.words(entry, key, line))
        return result

    def words(self, entry: dict, key: str, line: Optional[int]) -> Dict[str, Tuple[str, ...]]:
        words = entry.get("words")
        result = {}
        for lang in LANGUAGES:
            found = words.get(lang) if isinstance(words, dict) else None
            if not isinstance(found, list) or not found or not all(isinstance(w, str) and w.strip() for w in found):
                self.problem(
                    line_of(words, lang) if isinstance(words, dict) else line,
                    f"category '{key}' needs a list of {lang} words, e.g. '{lang}: [beach, beaches]'",
                )
                found = []
            result[lang] = tuple(w.strip() for w in found)
        return result

    # Attractions ----------------------------------------------------------------------------------------

    def attractions(self, categories: Dict[str, Category]) -> Tuple[Attraction, ...]:
        items = self.section("attractions", list, "a list of places, each starting with '- id:'")
        read = [self.attraction(items, i, categories) for i in range(len(items))]
        places = [p for p in read if p]
        self.unique(items, places)
        return tuple(places)

    def attraction(self, items: list, index: int, categories: Dict[str, Category]) -> Optional[Attraction]:
        entry, line = items[index], line_of(items, index)
        if not isinstance(entry, dict):
            self.problem(line, "each attraction is an entry starting with '- id:'")
            return None
        place_id = str(entry.get("id") or "")
        if not _ID.match(place_id):
            self.problem(
                line_of(entry, "id") or line,
                f"'id: {place_id}' must be lowercase letters, digits and _ (for example: laoshan)",
            )
        label = f"attraction '{place_id or index + 1}'"
        texts = {
            field: check_bilingual(
                entry.get(field), f"'{field}' of {label}", self.file, line_of(entry, field) or line, self.problems
            )
            for field in TEXT_FIELDS
        }
        return Attraction(
            place_id, self.names(entry, label, line), self.place_categories(entry, label, line, categories), texts
        )

    def names(self, entry: dict, label: str, line: Optional[int]) -> Names:
        names = entry.get("names")
        if not isinstance(names, dict):
            self.problem(line_of(entry, "names") or line, f"{label} needs 'names:' with en, zh, pinyin and aliases")
            return Names("", "", "", ())
        found = {}
        for key in ("en", "zh", "pinyin"):
            value = names.get(key)
            if not isinstance(value, str) or not value.strip():
                self.problem(line_of(names, key) or line_of(names), f"{label} needs a name '{key}: ...'")
            found[key] = str(value or "").strip()
        aliases = names.get("aliases", [])
        if not isinstance(aliases, list) or not all(isinstance(a, str) and a.strip() for a in aliases):
            self.problem(
                line_of(names, "aliases") or line_of(names),
                f"'aliases' of {label} must be a list of names, e.g. [Mount Lao, 崂山风景区]",
            )
            aliases = []
        return Names(found["en"], found["zh"], found["pinyin"], tuple(a.strip() for a in aliases))

    def place_categories(
        self, entry: dict, label: str, line: Optional[int], categories: Dict[str, Category]
    ) -> Tuple[str, ...]:
        value = entry.get("categories")
        where = line_of(entry, "categories") or line
        if not isinstance(value, list) or not value:
            self.problem(where, f"{label} needs 'categories:', a list such as [beach, free]")
            return ()
        for name in value:
            if name not in categories:
                self.problem(
                    where, f"'{name}' in the categories of {label} is not a category; known: {', '.join(categories)}"
                )
        return tuple(str(name) for name in value)

    def unique(self, items: list, places: List[Attraction]) -> None:
        """Ids and names must point at one place each, or the assistant could not tell them apart."""
        ids: Dict[str, int] = {}
        owners: Dict[str, str] = {}
        for index, place in enumerate(places):
            line = line_of(items, index)
            if place.id in ids:
                self.problem(
                    line,
                    f"the id '{place.id}' is used twice (also attraction number {ids[place.id] + 1}); "
                    "give each place its own id",
                )
            ids.setdefault(place.id, index)
            names_line = line_of(items[index], "names") if index < len(items) else None
            for name in place.names.every():
                key = name_key(name)
                if not name:
                    continue  # a missing name: said where it is missing
                if not key:
                    self.problem(
                        names_line or line, f"the name '{name}' of '{place.id}' has no letters; write the name itself"
                    )
                    continue
                owner = owners.setdefault(key, place.id)
                if owner != place.id:
                    self.problem(
                        names_line or line,
                        f"the name '{name}' of '{place.id}' is also a name of '{owner}'; "
                        "a name may belong to one place only",
                    )

    # Replies --------------------------------------------------------------------------------------------

    def replies(self) -> Dict[str, Bilingual]:
        table = self.section("replies", dict, "the texts the assistant says")
        return check_replies(table, REPLIES, self.file, line_of(self.data, "replies") or 1, self.problems)


def build_catalogue(data: object, filename: str) -> Catalogue:
    return _Builder(data, filename).build()


def live_catalogue() -> LiveFile[Catalogue]:
    """The running assistant's view of data/attractions.yml, reloaded when staff save it."""
    return live_content("attractions.yml", build_catalogue)


def current_catalogue() -> Catalogue:
    return live_catalogue().get()
