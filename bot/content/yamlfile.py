"""YAML loading that remembers line numbers, so staff hear exactly where a content file is wrong."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, List, Optional, TypeVar

import yaml

T = TypeVar("T")


@dataclass(frozen=True)
class Problem:
    file: str
    line: Optional[int]
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.message}"


class ContentError(Exception):
    """A content file cannot be used; ``problems`` lists every reason found."""

    def __init__(self, problems: List[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))

    @classmethod
    def single(cls, file: str, message: str, line: Optional[int] = None) -> "ContentError":
        return cls([Problem(file, line, message)])


class LineDict(dict):
    """A mapping from YAML with ``line`` (its own) and ``key_lines`` (each key's), 1-based."""

    line: int = 0
    key_lines: dict
    yaml_problems: list


class LineList(list):
    """A sequence from YAML with ``line`` and ``item_lines``, 1-based."""

    line: int = 0
    item_lines: list
    yaml_problems: list


class _Loader(yaml.SafeLoader):
    problems: List[Problem]
    filename: str


def _construct_mapping(loader: _Loader, node: yaml.MappingNode) -> LineDict:
    result = LineDict()
    result.line = node.start_mark.line + 1
    result.key_lines = {}
    loader.flatten_mapping(node)
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        line = key_node.start_mark.line + 1
        if key in result:
            loader.problems.append(
                Problem(
                    loader.filename,
                    line,
                    f"'{key}' appears twice here (first on line {result.key_lines[key]}); keep one",
                )
            )
        result[key] = loader.construct_object(value_node, deep=True)
        result.key_lines[key] = line
    return result


def _construct_sequence(loader: _Loader, node: yaml.SequenceNode) -> LineList:
    result = LineList(loader.construct_object(child, deep=True) for child in node.value)
    result.line = node.start_mark.line + 1
    result.item_lines = [child.start_mark.line + 1 for child in node.value]
    return result


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence)
# Dates stay text: the content modules parse them and can then say which line is wrong.
_Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def parse_yaml(text: str, filename: str) -> Any:
    """Parse ``text``; raise ContentError with the line of a syntax error.

    Duplicate keys do not stop parsing: they are kept on the result as ``yaml_problems``
    so that ``build_checked`` reports them together with every other problem.
    """
    loader = _Loader(text)
    loader.problems = []
    loader.filename = filename
    try:
        data = loader.get_single_data()
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else None
        raise ContentError(
            [
                Problem(
                    filename,
                    line,
                    f"this is not valid YAML ({error.problem}); "
                    "check the indentation and quotes on this line and the one above",
                )
            ]
        ) from None
    finally:
        loader.dispose()
    if loader.problems:
        if not isinstance(data, (LineDict, LineList)):
            raise ContentError(loader.problems)
        data.yaml_problems = loader.problems
    return data


def build_checked(data: Any, filename: str, build: Callable[[Any, str], T]) -> T:
    """``build(data, filename)``, raising one ContentError with every problem, duplicates included."""
    problems = list(getattr(data, "yaml_problems", []))
    try:
        value = build(data, filename)
    except ContentError as error:
        problems.extend(error.problems)
    if problems:
        raise ContentError(sorted(problems, key=lambda p: p.line or 0))
    return value


def read_yaml(path: Path) -> Any:
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise ContentError([Problem(str(path), None, "the file is not UTF-8 text; save it as UTF-8")]) from None
    return parse_yaml(text, str(path))


def line_of(container: Any, key: Any = None) -> Optional[int]:
    """Best line for ``container[key]`` (or the container itself) in error messages."""
    if key is not None:
        if isinstance(container, LineDict) and key in container.key_lines:
            return container.key_lines[key]
        if isinstance(container, LineList) and isinstance(key, int) and key < len(container.item_lines):
            return container.item_lines[key]
    return getattr(container, "line", None)
