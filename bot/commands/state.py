"""`qicc state prune|forget`: keep what visitors wrote no longer than the retention period, or remove
one visitor's data on request (docs/privacy.md)."""

from __future__ import annotations

from bot.retention import Removed, forget, prune
from bot.settings import settings


def register(subparsers) -> None:
    parser = subparsers.add_parser("state", help="what the assistant keeps about visitors (state/)")
    sub = parser.add_subparsers(dest="state_command", metavar="ACTION", required=True)
    days = settings().retention_days
    pruning = sub.add_parser(
        "prune",
        help=f"remove conversations idle and unanswered questions older than {days} days",
        description="Remove the conversations whose last message is older than the retention period and the "
        "unanswered-log entries older than it. `qicc run` does this once a day by itself.",
    )
    pruning.add_argument(
        "--days", type=int, default=days, help=f"the retention period in days (default {days}: QICC_RETENTION_DAYS)"
    )
    pruning.set_defaults(handler=_prune)
    forgetting = sub.add_parser(
        "forget",
        help="remove one visitor's conversation and unanswered questions",
        description="Remove one conversation and its unanswered-log entries. The conversation id is "
        "rest:<sender> for the REST channel and the chat page (its sender looks like web-...), "
        "socketio:<session id> for socket.io widgets, and the OpenID (WeChat) or UserID (WeCom).",
    )
    forgetting.add_argument("conversation", help="the conversation id, e.g. rest:web-0123... or oAbC...")
    forgetting.set_defaults(handler=_forget)


def _prune(args) -> int:
    if args.days < 1:
        print("--days must be 1 or more.")
        return 2
    _say(prune(args.days), f"older than {args.days} days")
    return 0


def _forget(args) -> int:
    removed = forget(args.conversation)
    _say(removed, f"of {args.conversation}")
    if not (removed.messages or removed.unanswered or removed.handoffs):
        print("Nothing was stored under that id; check it with the list in `qicc state forget --help`.")
    return 0


def _say(removed: Removed, what: str) -> None:
    print(
        f"Removed {removed.conversations} conversations ({removed.messages} events), "
        f"{removed.unanswered} unanswered questions and {removed.handoffs} talks with staff {what}."
    )
