"""A newly trained model goes live in the running Rasa server, without a restart and without a lost message.

Rasa's own way is its model server: endpoints.yml's ``models`` URL, asked every ``wait_time_between_pulls``
seconds with the current model's fingerprint in ``If-None-Match``; a new fingerprint (``ETag``) comes with
the new model, which Rasa loads and answers with from the next message on. The staff console is that
server here (``/staff/model``, bot/console/model_pages.py), serving the live model (bot/processes/model.py).

Two changes to Rasa 3.6's client, installed by bot/rasa/server.py:
- Given a model server, Rasa loads its first model from it instead of ``--model``: a Rasa server that
  starts before the console would answer nobody until the next pull. Here the start loads ``--model`` as
  always, with its file name as the fingerprint, and the pulls begin after.
- Rasa loads a pulled model inside the event loop: every message waits the seconds that takes. Here it is
  loaded on a thread while the current model keeps answering; the new one answers from the next message.
"""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any, Optional

import rasa.core.agent
from rasa.core.agent import Agent
from rasa.utils.common import TempDirectoryPath, get_temp_dir_name
from rasa.utils.endpoints import EndpointConfig

DEFAULT_PULL_SECONDS = 10
_rasa_load_agent = rasa.core.agent.load_agent


def fingerprint_of(model: Path) -> str:
    """A model's fingerprint: its file name without .tar.gz (the hash of its training data)."""
    return model.name[: -len(".tar.gz")] if model.name.endswith(".tar.gz") else model.name


async def load_agent(
    model_path: Optional[str] = None,
    model_server: Optional[EndpointConfig] = None,
    remote_storage: Optional[str] = None,
    endpoints: Any = None,
    loop: Optional[asyncio.AbstractEventLoop] = None,
) -> Agent:
    """Rasa's load_agent with ``--model`` loaded first and the model server asked only for newer models."""
    server = endpoints.model if endpoints is not None and endpoints.model else model_server
    if endpoints is not None:
        endpoints.model = None
    agent = await _rasa_load_agent(model_path, None, remote_storage, endpoints, loop)
    if server is not None:
        agent.model_server = server
        if model_path:
            agent.fingerprint = fingerprint_of(Path(model_path))
        seconds = int(server.kwargs.get("wait_time_between_pulls") or DEFAULT_PULL_SECONDS)
        await rasa.core.agent._schedule_model_pulling(server, seconds, agent)
    return agent


async def update_model_from_server(model_server: EndpointConfig, agent: Agent) -> None:
    """One pull: a newer model is downloaded, then loaded on a thread; a failure keeps the current one."""
    with TempDirectoryPath(get_temp_dir_name()) as folder:
        try:
            fingerprint = await rasa.core.agent._pull_model_and_fingerprint(model_server, agent.fingerprint, folder)
            if fingerprint:
                rasa.core.agent.logger.info("Loading the new model %s...", fingerprint)
                await asyncio.get_running_loop().run_in_executor(None, agent.load_model, folder, fingerprint)
                rasa.core.agent.logger.info("Answering with the new model %s.", fingerprint)
        except Exception:  # Rasa's own rule: a model that does not load leaves the previous one answering
            rasa.core.agent.logger.exception("Failed to load the new model; the previous model stays loaded.")


def install() -> None:
    rasa.core.agent.load_agent = load_agent
    rasa.core.agent._update_model_from_server = update_model_from_server
