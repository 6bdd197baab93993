"""Debian's PostgreSQL, Redis and nginx run on 127.0.0.1 in a temporary folder, for the replica tests and
bench/replicas.py (the fixtures are shared by every test module through conftest.py). PostgreSQL refuses to run as root, so as root it runs as the `postgres` user that
Debian's package creates."""

from __future__ import annotations

import glob
import os
import re
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Iterator, List, Optional

import pytest

STOP_TIMEOUT = 20


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_port(port: int, process: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{process.args[0]} exited with {process.returncode}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"{process.args[0]} did not listen on {port} within {timeout:.0f} s")


def stop(process: Optional[subprocess.Popen]) -> None:
    if process is None or process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=STOP_TIMEOUT)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def _as_postgres_user(command: List[str]) -> List[str]:
    return ["runuser", "-u", "postgres", "--", *command] if os.getuid() == 0 else command


class LocalServer:
    """A server process of the tests with its folder: stop() ends it, remove() also deletes the folder."""

    folder: Path
    process: Optional[subprocess.Popen] = None

    def stop(self) -> None:
        stop(self.process)

    def remove(self) -> None:
        self.stop()
        shutil.rmtree(self.folder, ignore_errors=True)


class Postgres(LocalServer):
    def __init__(self, folder: Path, durable: bool = False):
        binaries = sorted(glob.glob("/usr/lib/postgresql/*/bin"))
        if not binaries:
            raise RuntimeError("PostgreSQL is not installed: make replica-servers")
        self.bin = Path(binaries[-1])
        self.port = free_port()
        self.durable = durable  # fsync on: for measuring; off: tests need no crash safety
        self.process: Optional[subprocess.Popen] = None
        if os.getuid() == 0:
            # The postgres user cannot enter root's private test folders: a folder of its own in /tmp.
            folder = Path(tempfile.mkdtemp(prefix="qicc-postgres-"))
            shutil.chown(folder, "postgres", "postgres")
        self.folder = folder
        folder.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            _as_postgres_user(
                [
                    str(self.bin / "initdb"),
                    "-D",
                    str(folder / "data"),
                    "-U",
                    "qicc",
                    "-A",
                    "trust",
                    "--no-sync",
                    "-E",
                    "UTF8",
                ]
            ),
            check=True,
            stdout=subprocess.DEVNULL,
        )

    @property
    def url(self) -> str:
        return f"postgresql://qicc@127.0.0.1:{self.port}/postgres"

    def start(self) -> None:
        settings = [
            "-c",
            "listen_addresses=127.0.0.1",
            "-c",
            f"unix_socket_directories={self.folder}",
            "-c",
            "max_connections=200",
        ]
        if not self.durable:
            settings += ["-c", "fsync=off", "-c", "synchronous_commit=off"]
        log = open(self.folder / "postgres.log", "ab")
        self.process = subprocess.Popen(
            _as_postgres_user(
                [str(self.bin / "postgres"), "-D", str(self.folder / "data"), "-p", str(self.port), *settings]
            ),
            stdout=log,
            stderr=log,
        )
        wait_for_port(self.port, self.process)
        self._wait_accepting()

    def stop(self) -> None:
        """A fast shutdown that returns when the server is gone (signalling runuser may return earlier)."""
        if self.process is not None and self.process.poll() is None:
            subprocess.run(
                _as_postgres_user(
                    [str(self.bin / "pg_ctl"), "stop", "-D", str(self.folder / "data"), "-m", "fast", "-w"]
                ),
                stdout=subprocess.DEVNULL,
            )
        super().stop()

    def _wait_accepting(self, timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        while (
            subprocess.run(
                [str(self.bin / "pg_isready"), "-h", "127.0.0.1", "-p", str(self.port)], stdout=subprocess.DEVNULL
            ).returncode
            != 0
        ):
            if time.monotonic() > deadline:
                raise RuntimeError("PostgreSQL does not accept connections")
            time.sleep(0.2)


class Redis(LocalServer):
    def __init__(self, folder: Path):
        if not shutil.which("redis-server"):
            raise RuntimeError("Redis is not installed: make replica-servers")
        self.folder = folder
        self.port = free_port()
        self.process: Optional[subprocess.Popen] = None
        folder.mkdir(parents=True, exist_ok=True)

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        log = open(self.folder / "redis.log", "ab")
        self.process = subprocess.Popen(
            [
                "redis-server",
                "--bind",
                "127.0.0.1",
                "--port",
                str(self.port),
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.folder),
            ],
            stdout=log,
            stderr=log,
        )
        wait_for_port(self.port, self.process)


class Nginx(LocalServer):
    """Debian's nginx with the sample configuration (deploy/nginx-qicc.conf), pointed at the given replicas."""

    SAMPLE_REPLICA = re.compile(r"^(\s*server )10\.0\.0\.1\d:5005(.*)$", re.MULTILINE)

    def __init__(self, folder: Path, sample: Path, replica_ports: List[int]):
        if not shutil.which("nginx", path="/usr/sbin:/usr/bin"):
            raise RuntimeError("nginx is not installed: make replica-servers")
        self.folder = folder
        self.port = free_port()
        self.process: Optional[subprocess.Popen] = None
        folder.mkdir(parents=True, exist_ok=True)
        site = sample.read_text(encoding="utf-8").replace("listen 80;", f"listen 127.0.0.1:{self.port};")
        # Each upstream lists the sample's replicas: the first line becomes one line per replica, the others go.
        seen = set()

        def replicas(match: re.Match) -> str:
            upstream = site.rfind("upstream", 0, match.start())
            if upstream in seen:
                return ""
            seen.add(upstream)
            return "\n".join(f"{match.group(1)}127.0.0.1:{port}{match.group(2)}" for port in replica_ports)

        site = self.SAMPLE_REPLICA.sub(replicas, site)
        temp = "".join(
            f"{kind}_temp_path {folder / kind};\n" for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
        )
        user = "user root;\n" if os.getuid() == 0 else ""
        (folder / "nginx.conf").write_text(
            f"{user}worker_processes 1;\npid {folder / 'nginx.pid'};\nerror_log {folder / 'error.log'};\n"
            f"events {{ worker_connections 1024; }}\nhttp {{\naccess_log off;\n{temp}{site}\n}}\n",
            encoding="utf-8",
        )

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        nginx = shutil.which("nginx", path="/usr/sbin:/usr/bin")
        self.process = subprocess.Popen(
            [
                nginx,
                "-e",
                str(self.folder / "error.log"),
                "-p",
                str(self.folder),
                "-c",
                str(self.folder / "nginx.conf"),
                "-g",
                "daemon off;",
            ]
        )
        wait_for_port(self.port, self.process)


def _running(server):
    server.start()
    try:
        yield server
    finally:
        server.remove()


@pytest.fixture(scope="session")
def postgres(tmp_path_factory) -> Iterator[Postgres]:
    yield from _running(Postgres(tmp_path_factory.mktemp("postgres")))


@pytest.fixture(scope="session")
def redis_server(tmp_path_factory) -> Iterator[Redis]:
    yield from _running(Redis(tmp_path_factory.mktemp("redis")))
