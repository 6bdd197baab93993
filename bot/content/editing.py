"""What the console's editors of one item of a content file share (an FAQ entry, an attraction, a category):
finding the item in the round-trip document (bot/roundtrip.py), adding and removing one, and telling which
field of its form a checker's problem is about, from the problem's line.

Items are either a list whose entries start with "- id:" (faq:, attractions:) or a mapping of ids
(categories:). A field is named "<key>" or "<key>_<subkey>" ("names_en", "answer_zh").
"""

from __future__ import annotations

import re
from typing import Any, Callable, List, Optional, Tuple

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from bot.content.texts import LANGUAGES
from bot.content.yamlfile import ContentError, LineDict, Problem, line_of, parse_yaml


def section_of(document: Any, key: str, kind: type, filename: str, example: str) -> Any:
    """The document's list or mapping under ``key`` (CommentedSeq or CommentedMap), or a ContentError."""
    value = document.get(key) if isinstance(document, CommentedMap) else None
    if not isinstance(value, kind):
        raise ContentError.single(filename, f"the file needs a line '{key}:' followed by {example}")
    return value


def index_of(items: CommentedSeq, item_id: str) -> Optional[int]:
    return next((i for i, item in enumerate(items) if isinstance(item, dict) and item.get("id") == item_id), None)


def put_item(items: CommentedSeq, original_id: Optional[str], fill: Callable[[CommentedMap], None]) -> None:
    """``fill`` the item ``original_id`` where it is (its other fields kept), or a new item at the end, after
    a blank line as between the hand-written items, when ``original_id`` is None. KeyError: it is gone."""
    index = index_of(items, original_id) if original_id else None
    if original_id and index is None:
        raise KeyError(original_id)
    if index is not None:
        fill(items[index])
        return
    item = CommentedMap()
    fill(item)
    items.append(item)
    items.yaml_set_comment_before_after_key(len(items) - 1, before="\n", indent=2)


def remove_item(items: CommentedSeq, item_id: str) -> None:
    index = index_of(items, item_id)
    if index is None:
        raise KeyError(item_id)
    del items[index]


def set_list(table: CommentedMap, key: str, values: Tuple[str, ...], flow: bool = False) -> None:
    """``table[key] = values`` unless it holds them already (an untouched list keeps its layout); ``flow``
    writes a new list on one line, [a, b], as the file writes short lists."""
    if tuple(str(value).strip() for value in table.get(key) or ()) == values:
        return
    seq = CommentedSeq(values)
    if flow:
        seq.fa.set_flow_style()
    table[key] = seq


def _item_at(text: str, filename: str, key: str, item_id: str) -> Tuple[Optional[LineDict], float]:
    """The parsed item ``item_id`` under ``key`` and the line where the next one starts."""
    try:
        data = parse_yaml(text, filename)
    except ContentError:
        return None, 0
    items = data.get(key) if isinstance(data, dict) else None
    if isinstance(items, list):
        index = next((i for i, it in enumerate(items) if isinstance(it, LineDict) and it.get("id") == item_id), None)
        if index is None:
            return None, 0
        after = line_of(items, index + 1) if index + 1 < len(items) else None
        return items[index], after or float("inf")
    if isinstance(items, LineDict) and isinstance(items.get(item_id), LineDict):
        ids = list(items)
        position = ids.index(item_id)
        after = line_of(items, ids[position + 1]) if position + 1 < len(ids) else None
        return items[item_id], after or float("inf")
    return None, 0


def field_of(text: str, filename: str, key: str, item_id: str, problem: Problem, fields: Tuple[str, ...]) -> str:
    """Which of ``fields`` of the item's form ``problem`` is about, or '' when it is not in one of them.

    A problem reported on a mapping's own line ("answer:", or "label: {en: ..., zh: ...}" on one line) is
    the language it names, else the first language."""
    item, end = _item_at(text, filename, key, item_id)
    if item is None or problem.line is None or not (item.line <= problem.line < end):
        return ""
    starts: List[Tuple[int, int, str]] = []  # line, order, field
    for order, name in enumerate(item):
        starts.append((line_of(item, name) or item.line, 2 * order, str(name)))
        if isinstance(item[name], LineDict):
            starts += [(line_of(item[name], sub) or item.line, 2 * order + 1, f"{name}_{sub}") for sub in item[name]]
    before = [(line, field) for line, _, field in sorted(starts) if line <= problem.line]
    if not before:
        return ""
    line, field = before[-1]
    on_the_line = [name for at, name in before if at == line]
    if f"{on_the_line[0]}_{LANGUAGES[0]}" in fields or len(on_the_line) > 1:
        base = on_the_line[0]
        named = re.search(r"\b(%s)\b" % "|".join(LANGUAGES), problem.message)
        field = f"{base}_{named.group(1) if named else LANGUAGES[0]}"
    return field if field in fields else ""
