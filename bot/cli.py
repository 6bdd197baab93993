"""`qicc`: the command staff and operators use to run and look after the assistant."""

from __future__ import annotations

import argparse
import importlib
import logging
import sys
from typing import List, Optional

# Each module adds its own subcommand with register(subparsers); the order is the order in --help.
COMMAND_MODULES = [
    "bot.commands.run",
    "bot.commands.center",
    "bot.commands.faq",
    "bot.commands.attractions",
    "bot.commands.news",
    "bot.commands.pages",
    "bot.commands.fit",
    "bot.commands.wechat",
    "bot.commands.staff",
    "bot.commands.state",
    "bot.commands.db",
]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="qicc",
        description="Run and look after the Qingdao International Community Center assistant.",
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="show debug logging")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(subparsers)
    return parser


def main(argv: Optional[List[str]] = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.DEBUG if args.verbose else logging.INFO, format="%(message)s")
    if not getattr(args, "handler", None):
        parser.print_help()
        return 2
    return int(args.handler(args) or 0)


if __name__ == "__main__":
    sys.exit(main())
