"""The sections of the center's website, as its menu names them, and how a page's section is found.

A section is written "Area/Sub" ("Tourism/Hotels", "Business/Business News"). A page names it in its front
matter (``section:``), in its navigation trail ("HOME Business Business News", also run together as on the
saved pages: "HOMEBusinessBusiness NewsText"), or in its web address (".../tourism/hotels/..."); staff can
also give it with ``--section`` when ingesting. The sub-section's name alone ("Hotels") is enough: each is
used once in the menu, and so is a word of it that no other sub-section has ("tickets").
"""

from __future__ import annotations

import re
from typing import Optional, Tuple

MENU: Tuple[Tuple[str, Tuple[str, ...]], ...] = (
    ("Tourism", ("Attraction", "Hotels", "Dining", "Entrance tickets")),
    ("Culture", ("History", "Festival", "Fashion & Traditions", "Culture Figures", "Food")),
    ("Business", ("Business News", "Policies & Regulations", "Free Trade Zone")),
)
SECTIONS: Tuple[str, ...] = tuple(f"{area}/{sub}" for area, subs in MENU for sub in subs)
NEWS = "Business/Business News"
TICKETS = "Tourism/Entrance tickets"

_NON_LETTERS = re.compile(r"[^a-z]+")
_AND = re.compile(r"&|\band\b")


def _letters(text: str) -> str:
    """Lower-case letters only: "Fashion & Traditions", "fashion-traditions" and "FashionTraditions" agree."""
    return _NON_LETTERS.sub("", _AND.sub(" ", text.lower()))


_BY_SUB = {_letters(section.split("/", 1)[1]): section for section in SECTIONS}
_BY_FULL = {_letters(section): section for section in SECTIONS}
_AREAS = {_letters(area) for area, _ in MENU}


def section_key(section: str) -> str:
    """The key of a section's name in the staff console's texts: "Culture/Fashion & Traditions" ->
    "section_culture_fashion_traditions"."""
    return "section_" + "_".join(_AND.sub(" ", section.lower()).replace("/", " ").split())


def parse_section(name: str) -> Optional[str]:
    """The section that ``name`` means ("Tourism/Hotels", "hotels", "policies-regulations", or a part of
    one sub-section's name only: "tickets"), or None."""
    key = _letters(name)
    if not key:
        return None
    if key in _BY_FULL or key in _BY_SUB:
        return _BY_FULL.get(key) or _BY_SUB[key]
    if key in _AREAS:  # "Culture" alone names no one section
        return None
    partly = [section for sub, section in _BY_SUB.items() if key in sub]
    return partly[0] if len(partly) == 1 else None


def section_from_trail(trail: str) -> Optional[str]:
    """The section a navigation trail ends with: the longest "Area Sub" it contains."""
    letters = _letters(trail)
    found = [section for key, section in _BY_FULL.items() if key in letters]
    return max(found, key=len, default=None)


def section_from_url(url: str) -> Optional[str]:
    """The section named by one part of a web address's path (".../tourism/hotels/123.html")."""
    path = re.sub(r"^[a-z]+://[^/]+", "", url.lower()).split("?")[0]
    parts = [_letters(part) for part in path.split("/")]
    for part in reversed(parts):
        if part in _BY_SUB:
            return _BY_SUB[part]
    return None


def describe_sections() -> str:
    return ", ".join(SECTIONS)
