"""Replicas: messages per second of 1, 2 and 4 replicas behind nginx on one PostgreSQL and one Redis, and
what the shared stores allow (Redis lock cycles per second, tracker-store saves per second).

Everything runs on this machine: PostgreSQL (with fsync, as in production) and Redis in a temporary folder,
the replicas as `qicc run` starts them, nginx with deploy/nginx-qicc.conf. On a machine with few cores the
replicas share those cores, so more replicas here show what the stores and the balancer cost, not what
more machines give; the model printed at the end estimates that from one replica's rate and the stores'
measured limits. Bounded: each load run sends --messages messages; each store figure runs --seconds.

    .venv/bin/python -m bench.replicas [--replicas 1 2 4] [--users 20] [--messages 200] [--seconds 5]
"""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack
from pathlib import Path
from typing import Callable, Dict, List, Optional

from bench.assistants import MODEL_HELP, REST_PATH, environment, free_port, remove
from bench.eval_set import load_eval_set
from bench.load import run_load
from bench.report import save, standalone, table
from bot.settings import ROOT, settings

START_TIMEOUT = 900  # several Rasa servers load TensorFlow and the model at once on the same cores
WARM_UP = 10  # messages per replica before measuring: the first ones load lazily imported code


def lock_cycles_per_second(redis_url: str, seconds: float, clients: int = 4) -> float:
    """The Redis lock store: lock and release one conversation after another, as Rasa does for every
    message, from ``clients`` replicas at once (each its own client and event loop)."""
    from rasa.utils.endpoints import EndpointConfig

    from bot.rasa.lock_store import AtomicRedisLockStore
    from bot.processes.servers import shared_stores

    config = shared_stores(dataclasses.replace(settings(), redis_url=redis_url))["lock_store"]

    def client(number: int, deadline: float) -> int:
        store = AtomicRedisLockStore(EndpointConfig.from_dict(config))

        async def cycles() -> int:
            done = 0
            while time.monotonic() < deadline:
                async with store.lock(f"bench-{number}-{done % 50}"):
                    done += 1
            return done

        return asyncio.run(cycles())

    return sum(_in_threads(client, clients, seconds)) / seconds


def _in_threads(work: Callable[[int, float], int], count: int, seconds: float) -> List[int]:
    """``work(number, deadline)`` in ``count`` threads at once for ``seconds``; what each returned."""
    deadline = time.monotonic() + seconds
    with ThreadPoolExecutor(count) as pool:
        return list(pool.map(lambda number: work(number, deadline), range(count)))


def tracker_saves_per_second(database_url: str, seconds: float, writers: int = 4) -> Dict[str, float]:
    """The tracker store on PostgreSQL (Rasa's SQLTrackerStore): one save per message (a visitor's turn,
    4 new events), from ``writers`` replicas at once (each replica's event loop saves one tracker at a time)."""
    from rasa.shared.core.domain import Domain
    from rasa.shared.core.events import ActionExecuted, BotUttered, UserUttered
    from rasa.shared.core.trackers import DialogueStateTracker

    from bot.processes.servers import shared_stores
    from bot.rasa.tracker_store import PostgreSQLTrackerStore

    options = shared_stores(dataclasses.replace(settings(), database_url=database_url))["tracker_store"]
    options.pop("type")
    options["host"] = options.pop("url")
    domain = Domain.empty()

    def writer(number: int, deadline: float) -> int:
        store = PostgreSQLTrackerStore(domain, **options)
        tracker = DialogueStateTracker(f"bench-writer-{number}-{time.time()}", [])

        async def saves() -> int:
            saved = 0
            while time.monotonic() < deadline:
                for event in (
                    UserUttered("what is your phone number"),
                    ActionExecuted("action_phone"),
                    BotUttered("(+86) ..."),
                    ActionExecuted("action_listen"),
                ):
                    tracker.update(event)
                await store.save(tracker)
                saved += 1
            return saved

        try:
            return asyncio.run(saves())
        finally:
            store.engine.dispose()

    saved = sum(_in_threads(writer, writers, seconds))
    return {"saves_per_s": saved / seconds, "events_per_s": 4 * saved / seconds, "writers": writers}


def replicas_throughput(
    model: Path, count: int, shared: Dict[str, str], work: Path, users: int, messages: int, texts: List[str]
) -> Dict[str, float]:
    from bot.processes.servers import Servers
    from tests.shared_stores import Nginx

    with ExitStack() as stack:
        ports = []
        started = time.monotonic()
        all_servers = []
        for number in range(count):
            own = {
                "QICC_STATE_DIR": str(work / f"state-{count}-{number}"),
                "QICC_RASA_PORT": str(free_port()),
                "QICC_ACTIONS_PORT": str(free_port()),
                "QICC_CONSOLE_PORT": str(free_port()),
                "LOG_LEVEL": "WARNING",
                "PYTHONWARNINGS": "ignore",
            }
            with environment({**shared, **own}):
                servers = Servers(model, settings())
                stack.callback(servers.stop)
                servers.start()
            all_servers.append(servers)
            ports.append(servers.config.rasa_port)
        for servers in all_servers:
            servers.wait_ready(timeout=START_TIMEOUT)
        print(f"  {count} replica(s) ready after {time.monotonic() - started:.0f} s", flush=True)
        nginx = Nginx(work / f"nginx-{count}", ROOT / "deploy" / "nginx-qicc.conf", ports)
        nginx.start()
        stack.callback(nginx.stop)
        url = nginx.url + REST_PATH
        run_load(url, count, WARM_UP, texts, f"warm-{count}")
        result = run_load(url, users, max(3, messages // users), texts, f"load-{count}")
    return {"replicas": count, **result.figures()}


def measure(args: argparse.Namespace) -> Dict:
    from bot.commands.db import run_upgrade
    from bot.processes.model import ensure_model
    from tests.shared_stores import Postgres, Redis

    model = (args.model or ensure_model()) if args.replicas else None
    texts = [q.text for q in load_eval_set().questions]
    work = Path(tempfile.mkdtemp(prefix="replicas-"))
    postgres, redis = Postgres(work / "postgres", durable=True), Redis(work / "redis")
    try:
        postgres.start()
        redis.start()
        print(f"PostgreSQL {postgres.url} (fsync on) and Redis {redis.url} in {work}", flush=True)
        shared = {"QICC_DATABASE_URL": postgres.url, "QICC_REDIS_URL": redis.url}
        with environment(shared):
            run_upgrade(None)
        locks = lock_cycles_per_second(redis.url, args.seconds)
        saves = tracker_saves_per_second(postgres.url, args.seconds)
        print(
            f"Redis lock store: {locks:.0f} lock cycles/s from 4 clients; tracker store on PostgreSQL: "
            f"{saves['saves_per_s']:.0f} saves/s ({saves['events_per_s']:.0f} events/s) from "
            f"{saves['writers']} writers",
            flush=True,
        )
        runs = []
        for count in args.replicas:
            print(f"Starting {count} replica(s)...", flush=True)
            runs.append(replicas_throughput(model, count, shared, work, args.users, args.messages, texts))
            print(
                f"  {count} replica(s): {runs[-1]['msg_per_s']:.1f} msg/s, p50 {runs[-1]['p50_ms']:.0f} ms, "
                f"p95 {runs[-1]['p95_ms']:.0f} ms, {runs[-1]['errors']} errors",
                flush=True,
            )
    finally:
        postgres.remove()
        redis.remove()
        remove(work)
    figures = {"lock_cycles_per_s": locks, "tracker": saves, "runs": runs}
    print_figures(figures, args.users)
    return figures


def print_figures(figures: Dict, users: int) -> None:
    print(f"\nThroughput through nginx, {users} visitors at once, on this machine:")
    print(
        table(
            ["replicas", "msg/s", "p50 ms", "p95 ms", "errors"],
            [
                [r["replicas"], f"{r['msg_per_s']:.1f}", f"{r['p50_ms']:.0f}", f"{r['p95_ms']:.0f}", r["errors"]]
                for r in figures["runs"]
            ],
        )
    )
    one = figures["runs"][0]["msg_per_s"] if figures["runs"] and figures["runs"][0]["replicas"] == 1 else None
    # Each message costs one lock cycle (Redis) and one tracker save (PostgreSQL): the stores' limit.
    ceiling = min(figures["lock_cycles_per_s"], figures["tracker"]["saves_per_s"])
    print(
        f"\nModel: each message takes one Redis lock cycle and one tracker save, so the stores carry at most "
        f"~{ceiling:.0f} msg/s as measured here."
    )
    if one:
        print(
            f"One replica on this machine answers {one:.1f} msg/s; N machines like it give about "
            f"N x {one:.1f} msg/s until that limit, i.e. up to about {ceiling / one:.0f} machines."
        )


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--replicas",
        type=int,
        nargs="*",
        default=[1, 2, 4],
        help="replica counts to measure (none: only the stores' limits)",
    )
    parser.add_argument("--users", type=int, default=20, help="visitors sending at once (default 20)")
    parser.add_argument("--messages", type=int, default=200, help="messages per load run (default 200)")
    parser.add_argument("--seconds", type=float, default=5, help="seconds per store measurement (default 5)")
    parser.add_argument("--model", type=Path, help=MODEL_HELP)


def run(args: argparse.Namespace) -> Dict:
    figures = measure(args)
    save(settings().state_dir / "bench" / "results", "replicas", figures)
    return figures


def main(argv: Optional[List[str]] = None) -> int:
    return standalone("python -m bench.replicas", __doc__, add_arguments, run, argv)


if __name__ == "__main__":
    raise SystemExit(main())
