"""Attraction name matching: how often a name in a visitor's form finds its place, and how fast.

For every name in data/attractions.yml it asks the matcher the name as written, in lower case with
spaces between syllables, with two neighbouring letters swapped (a typo) and inside a question, and
counts the answers that find the right place, a wrong place or none. Names of places that are not in
the catalogue measure how often an unknown place is mistaken for a known one. Prints the figures.

    .venv/bin/python -m bench.attractions_matching [--rounds 5]
"""

from __future__ import annotations

import argparse
import statistics
import time
from typing import Callable, Dict, List, Tuple

from bot.attractions.catalogue import Catalogue, live_catalogue
from bot.language import detect

# Real places a visitor might ask about that the catalogue does not hold.
NOT_IN_CATALOGUE = [
    "Eiffel Tower",
    "Great Wall",
    "Disneyland",
    "Qingdao TV Tower",
    "Mount Tai",
    "Shanghai Tower",
    "Forbidden City",
    "West Lake",
    "Qingdao Beer City",
    "Jiaozhou Bay Bridge",
    "Times Square",
    "the Louvre",
    "Big Ben",
    "the Bund",
    "泰山",
    "故宫",
    "西湖",
    "迪士尼",
    "青岛电视塔",
    "卢浮宫",
    "外滩",
]


def swap_letters(name: str) -> str:
    """A typo: the two letters in the middle swapped ("museum" -> "musuem"); names under 6 letters kept."""
    if len(name) < 6 or detect(name) == "zh":
        return name
    middle = len(name) // 2
    return name[: middle - 1] + name[middle] + name[middle - 1] + name[middle + 1 :]


FORMS: Dict[str, Callable[[str], str]] = {
    "as written": lambda n: n,
    "lower case, spaced": lambda n: (
        " ".join(n.lower().split())
        if detect(n) == "zh"
        else " ".join(n.lower()[i : i + 3] for i in range(0, len(n), 3))
    ),
    "one typo": swap_letters,
    "inside a question": lambda n: f"{n}怎么去" if detect(n) == "zh" else f"how do I get to {n}?",
}


def measure(catalogue: Catalogue, rounds: int) -> Tuple[Dict[str, Tuple[int, int, int]], List[float]]:
    results: Dict[str, Tuple[int, int, int]] = {}
    timings: List[float] = []
    for form, make in FORMS.items():
        right = wrong = missed = 0
        for place in catalogue.attractions:
            for name in place.names.every():
                asked = make(name)
                for _ in range(rounds):
                    start = time.perf_counter()
                    match = catalogue.index.find(asked)
                    timings.append(time.perf_counter() - start)
                right += bool(match and match.key == place.id)
                wrong += bool(match and match.key != place.id)
                missed += match is None
        results[form] = (right, wrong, missed)
    return results, timings


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.attractions_matching", description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=5, help="times each question is timed (default 5)")
    args = parser.parse_args()
    catalogue = live_catalogue().load()
    names = sum(len(p.names.every()) for p in catalogue.attractions)
    print(f"{len(catalogue.attractions)} attractions, {names} names")
    results, timings = measure(catalogue, args.rounds)
    for form, (right, wrong, missed) in results.items():
        total = right + wrong + missed
        print(f"  {form:20} right {right / total:6.1%}   wrong place {wrong / total:6.1%}   none {missed / total:6.1%}")
    mistaken = [n for n in NOT_IN_CATALOGUE if catalogue.index.find(n)]
    print(
        f"  not in the catalogue: {len(mistaken)} of {len(NOT_IN_CATALOGUE)} taken for a known place"
        + (f" ({', '.join(mistaken)})" if mistaken else "")
    )
    offered = {n: [m.name for m in catalogue.index.closest(n, 3)] for n in NOT_IN_CATALOGUE}
    offered = {n: names for n, names in offered.items() if names}
    print(
        f'  not in the catalogue: {len(offered)} of {len(NOT_IN_CATALOGUE)} offered places as a "did you mean"'
        + "".join(f"\n    {n}: {', '.join(names)}" for n, names in offered.items())
    )
    timings.sort()
    print(
        f"  time per lookup: median {statistics.median(timings) * 1000:.2f} ms, "
        f"p95 {timings[int(len(timings) * 0.95)] * 1000:.2f} ms"
    )


if __name__ == "__main__":
    main()
