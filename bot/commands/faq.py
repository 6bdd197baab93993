"""`qicc faq check|export|import|unanswered`: look after data/faq.yml without editing YAML by hand."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Optional

from tqdm import tqdm

from bot.commands.check import run_check
from bot.faq.content import Faq, build_faq, faq_file, live_faq
from bot.faq.grouping import group
from bot.faq.matcher import SUGGEST
from bot.faq.spreadsheet import Changes, compare, describe, export_csv, read_csv
from bot.faq.unanswered import days_ago, log_path, unanswered_log
from bot.faq.writer import render, write_atomically
from bot.limits import printable
from bot.content.yamlfile import ContentError, read_yaml


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "faq",
        help="the frequently asked questions (data/faq.yml)",
        description="Check, export, import the FAQ, and list what visitors asked that it did not answer.",
    )
    sub = parser.add_subparsers(dest="faq_command", metavar="ACTION", required=True)

    check = sub.add_parser("check", help="report every problem in data/faq.yml with its line number")
    check.set_defaults(handler=_check)

    export = sub.add_parser(
        "export",
        help="write the FAQ to a spreadsheet file (CSV that Excel opens)",
        description="One row per entry; questions, tags and links one per line in their cell.",
    )
    export.add_argument("csv", type=Path, help="the file to write, e.g. faq.csv")
    export.set_defaults(handler=_export)

    load = sub.add_parser(
        "import",
        help="replace the FAQ with an edited spreadsheet, after checking it",
        description="Checks every row first, shows which entries will be added, changed "
        "and removed, then writes data/faq.yml in one step (the comments at "
        "its top and the replies are kept).",
    )
    load.add_argument("csv", type=Path, help="the spreadsheet file, saved as 'CSV UTF-8'")
    load.add_argument("--dry-run", action="store_true", help="only show what would change")
    load.add_argument("--yes", action="store_true", help="write without asking")
    load.set_defaults(handler=_import)

    unanswered = sub.add_parser(
        "unanswered",
        help="what visitors asked that no answer covered, most asked first",
        description="Similar wordings are grouped; each group shows how often it was "
        "asked, by how many visitors, and the closest FAQ entry.",
    )
    unanswered.add_argument("--days", type=int, default=30, help="look back this many days (default 30)")
    unanswered.add_argument("--limit", type=int, default=20, help="show at most this many groups (default 20)")
    unanswered.set_defaults(handler=_unanswered)


def _check(args) -> int:
    return run_check(
        str(faq_file()),
        live_faq().load,
        lambda faq: f"{len(faq.entries)} entries, {sum(len(e.all_questions()) for e in faq.entries)} questions",
    )


def _load_or_report(load) -> Optional[Faq]:
    """The FAQ, or None after printing every problem (CSV problems by spreadsheet row)."""
    try:
        return load()
    except ContentError as error:
        for problem in error.problems:
            print(describe(problem) if str(problem.file).endswith(".csv") else problem)
        return None


def _export(args) -> int:
    faq = _load_or_report(live_faq().load)
    if faq is None:
        return 1
    export_csv(faq, args.csv)
    print(
        f"Wrote {len(faq.entries)} entries to {args.csv}. Open it in Excel, edit, save as "
        "'CSV UTF-8 (Comma delimited)', then run: qicc faq import " + str(args.csv)
    )
    return 0


def _import(args) -> int:
    path = faq_file()
    try:
        current_data = read_yaml(path)
    except ContentError as error:
        print(error)
        print(f"{path} itself cannot be read; fix it first (qicc faq check).")
        return 1
    try:
        old = build_faq(current_data, str(path))
    except ContentError:
        old = None  # the import may be what fixes it; its replies are still checked below
    replies = current_data.get("replies") if isinstance(current_data, dict) else None
    new = _load_or_report(lambda: read_csv(args.csv, replies))
    if new is None:
        print("Nothing written: fix these rows and import again.")
        return 1
    changes = compare(old, new)
    _show(changes, new)
    if not changes or args.dry_run:
        return 0
    if not args.yes and not _confirm():
        print("Nothing written.")
        return 1
    write_atomically(path, render(new, path.read_text(encoding="utf-8"), current_data))
    print(
        f"Wrote {path}. The running assistant uses it within a few seconds; run `qicc train` so that "
        "the model learns new and changed questions."
    )
    return 0


def _show(changes: Changes, new: Faq) -> None:
    if not changes:
        print("The spreadsheet is the same as the FAQ: nothing to do.")
        return
    for entry_id in changes.added:
        print(f"  add     {entry_id}")
    for entry_id, fields in changes.changed.items():
        print(f"  change  {entry_id} ({', '.join(fields)})")
    for entry_id in changes.removed:
        print(f"  remove  {entry_id}")
    print(
        f"{len(changes.added)} to add, {len(changes.changed)} to change, {len(changes.removed)} to remove; "
        f"{len(new.entries)} entries afterwards."
    )


def _confirm() -> bool:
    if not sys.stdin.isatty():
        print("Run again with --yes to write these changes.")
        return False
    return input("Write these changes? [y/N] ").strip().lower() in ("y", "yes")


def _unanswered(args) -> int:
    if not log_path().exists():
        print("No unanswered questions have been recorded yet.")
        return 0
    messages = unanswered_log().messages(since=days_ago(args.days))
    try:
        faq = live_faq().load()
    except ContentError:
        faq = None  # still list the questions, without the closest entries
    groups = group(tqdm(messages, desc="grouping", unit="message", disable=len(messages) < 1000), faq)
    if not groups:
        print(f"No unanswered questions in the last {args.days} days.")
        return 0
    print(f"{len(messages)} unanswered messages in the last {args.days} days, {len(groups)} different questions:\n")
    for rank, item in enumerate(groups[: args.limit], start=1):
        # Entries recorded before control characters were stripped may still hold some: never to the terminal.
        others = [printable(w) for w, _ in item.wordings.most_common() if w != item.wording][:3]
        print(f"{rank:3}. {printable(item.wording)}")
        print(
            f"     asked {item.count} times by {len(item.senders)} visitors, "
            f"{'/'.join(sorted(item.languages))}, via {printable('/'.join(sorted(item.channels)))}, "
            f"last {item.last_asked:%Y-%m-%d %H:%M}"
        )
        if others:
            print(f"     also: {' | '.join(others)}")
        if item.closest and item.closest.score >= SUGGEST:
            print(f"     close to '{item.closest.entry.id}': add the wording there if it is the same question")
    return 0
