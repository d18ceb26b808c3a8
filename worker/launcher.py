"""`make run`: the web app, a Celery worker and beat together on this machine.

Ctrl-C stops every process it started. The same three processes are compose's api, worker and
beat services.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

HOST = os.environ.get("HOST", "127.0.0.1")
PORT = os.environ.get("PORT", "5000")


def commands() -> dict[str, list[str]]:
    python = sys.executable
    return {
        "web": [
            python,
            "-m",
            "flask",
            "--app",
            "api.wsgi",
            "run",
            "--host",
            HOST,
            "--port",
            PORT,
            "--no-reload",
        ],
        "worker": [
            python,
            "-m",
            "celery",
            "-A",
            "worker.app",
            "worker",
            "--loglevel=INFO",
            "--pool=threads",
            "--concurrency=2",
        ],
        "beat": [python, "-m", "celery", "-A", "worker.app", "beat", "--loglevel=INFO"],
    }


def main() -> int:
    processes = {name: subprocess.Popen(cmd) for name, cmd in commands().items()}
    print(f"\n  Inquiry cycles is running: http://{HOST}:{PORT}/")
    print(f"  API docs: http://{HOST}:{PORT}/api/docs    (Ctrl-C stops everything)\n", flush=True)
    try:
        while all(process.poll() is None for process in processes.values()):
            time.sleep(0.5)
        stopped = [name for name, process in processes.items() if process.poll() is not None]
        print(f"{', '.join(stopped)} stopped; stopping the rest.", file=sys.stderr)
    except KeyboardInterrupt:
        pass
    finally:
        for process in processes.values():
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        deadline = time.monotonic() + 10
        for process in processes.values():
            try:
                process.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                process.kill()
    return 0


if __name__ == "__main__":
    sys.exit(main())
