"""`qicc run` and `qicc train`: train if needed, start both servers, say where to talk to the assistant."""

from __future__ import annotations

import logging
import signal
from pathlib import Path
from typing import Tuple

from bot.processes.model import ensure_model, ensure_starter, fingerprint, model_path
from bot.rasa.version import UnsupportedRasaVersion, check_rasa_version
from bot.processes.servers import Servers
from bot.settings import settings

log = logging.getLogger(__name__)


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "run",
        help="start the assistant (action server, Rasa server, staff console), training first if needed",
        description="Start the action server, the Rasa server and the staff console, and stop them all on "
        "Ctrl-C or when one of them fails. When no model fits the training data, a starter model is trained "
        "first (about a minute) and answers while the full model trains beside it; the full model then "
        "answers without a restart (the console's Training page shows its progress). "
        "Ports and paths come from the environment (QICC_RASA_PORT, QICC_ACTIONS_PORT, "
        "QICC_CONSOLE_PORT, QICC_STATE_DIR; see README).",
    )
    parser.add_argument(
        "--force-train",
        action="store_true",
        help="train the full model before starting, even if the data did not change",
    )
    parser.set_defaults(handler=run)
    train = subparsers.add_parser(
        "train", help="train the model if the training data changed (models/qicc-<hash>.tar.gz)"
    )
    train.add_argument("--force", action="store_true", help="train even if the data did not change")
    train.set_defaults(handler=lambda args: print(ensure_model(force=args.force)))


def _stop_on_signals() -> None:
    """A service manager (or `timeout`) stops us with SIGTERM: stop the servers as Ctrl-C does. SIGINT is
    handled explicitly too: a shell script that starts us in the background (`qicc run &`) passes SIGINT on
    as ignored, and Python then leaves it ignored, so Ctrl-C sent later would not stop us."""

    def interrupt(signum, frame):
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, interrupt)
    signal.signal(signal.SIGINT, interrupt)


def run(args) -> int:
    try:
        check_rasa_version()  # before training, which would take minutes for nothing
    except UnsupportedRasaVersion as error:
        log.error("Error: %s", error)
        return 1
    model, full_pending = first_model(args.force_train)
    servers = Servers(model, train_full_model=full_pending)
    _stop_on_signals()
    try:
        servers.start()
        servers.wait_ready()
        _say_where(settings().rasa_port, settings().console_port)
        servers.supervise()
    except KeyboardInterrupt:
        log.info("Ctrl-C: stopping.")
        return 0
    except RuntimeError as error:
        log.error("Error: %s", error)
        return 1
    finally:
        servers.stop()
    return 0


def first_model(force_train: bool) -> Tuple[Path, bool]:
    """The model to start with, and whether the full model is still to be trained (by the console, beside the
    running assistant). The full model when it fits the data; else the starter model, which trains in about a
    minute: a new machine answers within minutes instead of waiting for the full training."""
    data = fingerprint()
    if force_train or model_path(data).exists():
        return ensure_model(force=force_train, data=data), False
    return ensure_starter(data), True


def _say_where(port: int, console_port: int) -> None:
    base = f"http://localhost:{port}"
    log.info(
        "\nThe assistant is running. Talk to it:\n"
        f"  Chat page:  {base}/chat/   (open it in a browser)\n"
        f'  Widget for a website:  <script src="{base}/chat/widget.js" defer></script>\n'
        f"  REST:  curl -s {base}/webhooks/rest/webhook -H 'Content-Type: application/json' "
        '-d \'{"sender": "me", "message": "what is your phone number"}\'\n'
        f"  Staff console:  http://localhost:{console_port}/staff/   (accounts: qicc staff add NAME --role admin)\n"
        "Press Ctrl-C to stop."
    )
