"""Writing data/faq.yml back (after a spreadsheet import): same layout, header kept, atomic."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any, Dict, List

import yaml

from bot.faq.content import Entry, Faq
from bot.content.yamlfile import line_of


class _Dumper(yaml.SafeDumper):
    """Indents lists under their key, as staff see it in the hand-written file."""

    def increase_indent(self, flow: bool = False, indentless: bool = False):
        return super().increase_indent(flow, False)


def _text(dumper: yaml.SafeDumper, value: str):
    style = "|" if "\n" in value else None  # a multi-line answer stays readable
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


class _Flow(list):
    """A short list written on one line: tags: [transport, money]."""


_Dumper.add_representer(str, _text)
_Dumper.add_representer(_Flow, lambda d, v: d.represent_sequence("tag:yaml.org,2002:seq", v, flow_style=True))


def entry_data(entry: Entry) -> Dict[str, Any]:
    data: Dict[str, Any] = {"id": entry.id}
    if entry.tags:
        data["tags"] = _Flow(entry.tags)
    if entry.reviewed:
        data["reviewed"] = entry.reviewed
    data["questions"] = {lang: list(qs) for lang, qs in entry.questions.items()}
    data["answer"] = dict(entry.answer)
    if entry.links:
        data["links"] = list(entry.links)
    return data


def dump_entries(entries: List[Entry]) -> str:
    blocks = [
        yaml.dump([entry_data(e)], Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100, indent=2)
        for e in entries
    ]
    body = "\n".join("".join("  " + line if line.strip() else line for line in b.splitlines(True)) for b in blocks)
    return "faq:\n" + body


def render(faq: Faq, current_text: str, current_data: Any) -> str:
    """The new file: everything above 'faq:' in the current file (comments, replies), then the entries."""
    lines = current_text.splitlines(True)
    faq_line = line_of(current_data, "faq") if isinstance(current_data, dict) else None
    head = "".join(lines[: faq_line - 1]) if faq_line else ""
    replies_line = line_of(current_data, "replies") if isinstance(current_data, dict) else None
    if not replies_line or (faq_line and replies_line > faq_line):
        head += (
            yaml.dump({"replies": faq.replies}, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100) + "\n"
        )
    return head + dump_entries(list(faq.entries))


def write_atomically(path: Path, text: str) -> None:
    """A reader (the running assistant) sees the old file or the new one, never half of it."""
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as out:
            out.write(text)
            out.flush()
            os.fsync(out.fileno())
        if path.exists():
            os.chmod(temporary, path.stat().st_mode & 0o777)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
