"""Run the app under gunicorn, as production does, for a benchmark to load."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GUNICORN = Path(sys.executable).with_name("gunicorn")
#: two cores: one worker per core plus one more while another waits on PostgreSQL
DEFAULT_WORKERS = int(os.environ.get("BENCH_WORKERS", "3"))


@dataclass
class Server:
    url: str
    process: subprocess.Popen

    def worker_pids(self) -> list[int]:
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        return [int(pid) for pid in children.read_text().split()]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextlib.contextmanager
def gunicorn(
    database_url: str,
    storage_root: Path,
    *,
    workers: int = DEFAULT_WORKERS,
    max_upload_bytes: int | None = None,
    log_file: Path | None = None,
):
    """Start gunicorn on a free loopback port; yields a Server once /api/v1/health answers."""
    port = _free_port()
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "STORAGE_URL": f"file://{storage_root}",
        "EAA_ENV": "development",
    }
    env.pop("REDIS_URL", None)
    if max_upload_bytes:
        env["MAX_UPLOAD_BYTES"] = str(max_upload_bytes)
    command = [
        str(GUNICORN),
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(workers),
        # Clients of a load test hold their connections; so do browsers behind a proxy.
        "--backlog",
        "256",
        "--error-logfile",
        str(log_file or os.devnull),
        "api.wsgi:app",
    ]
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdin=subprocess.DEVNULL)
    server = Server(url=f"http://127.0.0.1:{port}", process=process)
    try:
        _wait_until_up(server)
        yield server
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _wait_until_up(server: Server, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise SystemExit(f"gunicorn stopped with exit code {server.process.returncode}")
        with (
            contextlib.suppress(OSError),
            urllib.request.urlopen(f"{server.url}/api/v1/health", timeout=2) as response,
        ):
            if response.status == 200:
                # Every worker imports the app lazily; give the others a moment too.
                time.sleep(1.0)
                return
        time.sleep(0.2)
    raise SystemExit("gunicorn did not answer /api/v1/health within a minute")
