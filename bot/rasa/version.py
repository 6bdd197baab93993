"""The one Rasa version that bot/rasa/server.py, prediction_load.py and tracker_store.py were written and tested against.

They replace Rasa internals (private methods, the SQL tracker store's queries, a model's load) that Rasa may change in any
release, so they refuse to run on another version rather than misbehave quietly.
"""

from __future__ import annotations

from typing import Optional

import rasa

PATCHED_FOR = "3.6.21"


class UnsupportedRasaVersion(RuntimeError):
    pass


def check_rasa_version(installed: Optional[str] = None) -> None:
    """Raise UnsupportedRasaVersion, saying what to do, unless Rasa is the version the patches were written for."""
    installed = installed or rasa.__version__
    if installed != PATCHED_FOR:
        raise UnsupportedRasaVersion(
            f"Rasa {installed} is installed, but this assistant's changes to Rasa (bot/rasa/server.py, prediction_load.py, "
            f"bot/rasa/tracker_store.py) were written for Rasa {PATCHED_FOR} only. Install that version "
            f"(`make install`, or `pip install rasa=={PATCHED_FOR}`), or check these modules against "
            f"Rasa {installed}'s code and then change PATCHED_FOR in bot/rasa/version.py."
        )
