"""Printing figures as aligned tables, and keeping the latest results as JSON for the README table."""

from __future__ import annotations

import argparse
import json
import logging
import os
import tempfile
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Callable, Dict, List, Optional, Sequence

from bench.machine import describe, print_machine


def table(header: Sequence[str], rows: List[Sequence[Any]]) -> str:
    """A plain-text table; the first column left-aligned, the others right-aligned."""
    cells = [list(map(str, header))] + [[str(c) for c in row] for row in rows]
    widths = [max(len(row[i]) for row in cells) for i in range(len(header))]

    def line(row: Sequence[str]) -> str:
        return "  ".join(
            c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(row, widths, strict=False))
        )

    rule = "  ".join("-" * w for w in widths)
    return "\n".join([line(cells[0]), rule, *map(line, cells[1:])])


def share(correct: int, total: int) -> str:
    return f"{correct}/{total} {100 * correct / total:.0f}%" if total else "-"


def save(results_dir: Path, name: str, figures: Dict[str, Any]) -> Path:
    """state/bench/results/<name>.json with the machine and time, written atomically."""
    results_dir.mkdir(parents=True, exist_ok=True)
    record = {"measured_at": datetime.now(timezone.utc).isoformat(timespec="seconds"), "machine": describe(), **figures}
    path = results_dir / f"{name}.json"
    handle, temporary = tempfile.mkstemp(dir=results_dir, suffix=".tmp")
    with os.fdopen(handle, "w", encoding="utf-8") as out:
        json.dump(record, out, ensure_ascii=False, indent=2)
    os.replace(temporary, path)
    return path


def standalone(
    prog: str,
    doc: str,
    add_arguments: Callable[[argparse.ArgumentParser], None],
    run: Callable[[argparse.Namespace], Dict],
    argv: Optional[List[str]] = None,
) -> int:
    """One benchmark run on its own: its options, the machine it runs on, its figures (saved as JSON)."""
    parser = argparse.ArgumentParser(prog=prog, description=doc.split("\n\n")[0])
    add_arguments(parser)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    print_machine()
    run(args)
    return 0
