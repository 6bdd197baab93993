"""`qicc staff add|list|passwd|remove`: the staff console's accounts, from the command line."""

from __future__ import annotations

import getpass
import sys
from datetime import timedelta

from bot.console.accounts import ROLES, AccountError, Accounts, check_password
from bot.console.database import engine
from bot.console.sessions import Sessions
from bot.settings import settings


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "staff",
        help="accounts of the staff console (/staff/)",
        description="Add, list, change and remove the accounts that log in to the "
        "staff console. Passwords are read from standard input (asked "
        "twice at a terminal), stored only as Argon2 hashes, never shown.",
    )
    sub = parser.add_subparsers(dest="staff_command", metavar="ACTION", required=True)
    add = sub.add_parser("add", help="add an account (the password is read from standard input)")
    add.add_argument("name", help="the login name: letters, digits or . _ @ -")
    add.add_argument(
        "--role",
        choices=ROLES,
        required=True,
        help="editor: edits content; admin: also manages accounts and restores versions",
    )
    add.set_defaults(handler=_add)
    listing = sub.add_parser("list", help="list the accounts and their roles")
    listing.set_defaults(handler=_list)
    passwd = sub.add_parser("passwd", help="set a new password (logs that account out everywhere)")
    passwd.add_argument("name")
    passwd.set_defaults(handler=_passwd)
    remove = sub.add_parser("remove", help="remove an account (logs it out everywhere)")
    remove.add_argument("name")
    remove.set_defaults(handler=_remove)


def _accounts() -> Accounts:
    return Accounts(engine())


def _sessions() -> Sessions:
    return Sessions(engine(), timedelta(minutes=settings().console_idle_minutes))


def read_password() -> str:
    """Asked twice at a terminal (a typo would lock the person out); one line from a pipe."""
    if sys.stdin.isatty():
        first = getpass.getpass("Password: ")
        check_password(first)
        if getpass.getpass("Same password again: ") != first:
            raise AccountError("the two passwords differ")
        return first
    return sys.stdin.readline().rstrip("\r\n")


def _run(action) -> int:
    try:
        action()
    except AccountError as error:
        print(f"Error: {error}", file=sys.stderr)
        return 1
    return 0


def _add(args) -> int:
    return _run(
        lambda: (_accounts().add(args.name, args.role, read_password()), print(f"Added {args.name} ({args.role})."))
    )


def _list(args) -> int:
    accounts = _accounts().all()
    if not accounts:
        print("No accounts yet. Add the first admin: qicc staff add NAME --role admin")
    for account in accounts:
        print(f"{account.name:24} {account.role:8} since {account.created_at:%Y-%m-%d}")
    return 0


def _passwd(args) -> int:
    def change():
        _accounts().set_password(args.name, read_password())
        _sessions().end_all_of(args.name)
        print(f"Password of {args.name} changed.")

    return _run(change)


def _remove(args) -> int:
    def remove():
        _accounts().remove(args.name)
        _sessions().end_all_of(args.name)
        print(f"Removed {args.name}.")

    return _run(remove)
