"""The places outside Qingdao a message names (data/fit.yml's ``elsewhere:``). Content answers a question
about another place only when it names that place too: "香港打车贵不贵" is not answered with Qingdao's taxi
entry, nor "a cheap hostel in Shanghai" with the hotels page, while the consulates entry, which names
Beijing, still answers "which embassies are in Beijing?"."""

from __future__ import annotations

import re
from typing import Iterable, List

from bot.trust.content import live_fit_words
from bot.trust.words import HAN_RUN, normal_text, phrase_pattern


def places_elsewhere(text: str) -> List[str]:
    """The places of ``elsewhere:`` that ``text`` names, except where a journey from Qingdao goes ("a train
    ticket to Beijing", 去上海的高铁: a question about Qingdao's trains); a Chinese city followed by 路 or 街 is
    a street of Qingdao's old town (上海路, 北京路), not that city."""
    text = normal_text(text)
    return [place for place in live_fit_words().get().elsewhere if re.search(_place_pattern(place), text)]


def names_places_of(text: str, texts: Iterable[str]) -> bool:
    """Whether ``texts`` name every place elsewhere that ``text`` names (True when it names none)."""
    places = places_elsewhere(text)
    return not places or names_all(places, texts)


def names_all(places: Iterable[str], texts: Iterable[str]) -> bool:
    """Whether ``texts`` together name every one of ``places`` (each as places_elsewhere finds it)."""
    joined = normal_text("\n".join(texts))
    return all(re.search(phrase_pattern(place), joined) for place in places)


def _place_pattern(place: str) -> str:
    if HAN_RUN.search(place):
        return "(?<![去到往飞])" + phrase_pattern(place) + "(?![路街])"
    return "(?<!to )" + phrase_pattern(place)
