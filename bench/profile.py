"""Where a scenario's CPU goes: py-spy on every gunicorn worker, and /proc for PostgreSQL.

For each scenario the load is run once more, apart from the measured run (a profiler slows
what it watches). py-spy samples only while a worker holds the GIL, so waiting on PostgreSQL
is left out and the shares are of Python's own CPU time; PostgreSQL's CPU comes from /proc.
"""

from __future__ import annotations

import collections
import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

PY_SPY = Path(sys.executable).with_name("py-spy")
TICKS = os.sysconf("SC_CLK_TCK")
SAMPLES_PER_SECOND = 250

#: a stack's innermost frame, by the file it is in → where that CPU went
CATEGORIES = [
    ("SQLAlchemy: building, compiling and caching statements", r"sqlalchemy/(sql|engine)/"),
    ("SQLAlchemy: ORM (sessions, loading objects)", r"sqlalchemy/"),
    ("psycopg: sending statements, reading rows", r"psycopg"),
    ("marshmallow: serializing responses", r"marshmallow/"),
    ("Flask, werkzeug, flask-smorest, webargs, limiter", r"(flask|werkzeug|webargs|limits)"),
    ("gunicorn: HTTP parsing and sockets", r"gunicorn/"),
    # py-spy names the app's files relative to the working directory (api/…, workflows/…)
    ("this app's own code", r"(^|[ (/])(api|workflows)/\w+"),
]
OTHER = "other (standard library, JSON, …)"


@dataclass
class Profile:
    name: str
    requests: int
    python_ms: float
    postgres_ms: float
    shares: dict[str, float]


def _cpu_seconds(pids: list[int]) -> float:
    total = 0.0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
        except FileNotFoundError:
            continue
        total += (int(fields[11]) + int(fields[12])) / TICKS
    return total


def postgres_pids() -> list[int]:
    pids = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if (entry / "comm").read_text().startswith("postgres"):
                    pids.append(int(entry.name))
            except (FileNotFoundError, PermissionError):
                continue
    return pids


def category(frame: str) -> str:
    for name, pattern in CATEGORIES:
        if re.search(pattern, frame):
            return name
    return OTHER


def shares(raw_files: list[Path]) -> dict[str, float]:
    """Share of samples by the innermost frame's category (py-spy's raw, collapsed format)."""
    counts: collections.Counter[str] = collections.Counter()
    for path in raw_files:
        for line in path.read_text().splitlines():
            stack, _, samples = line.rpartition(" ")
            if stack and samples.isdigit():
                counts[category(stack.rsplit(";", 1)[-1])] += int(samples)
    total = sum(counts.values()) or 1
    return {name: counts[name] / total for name, _ in [*CATEGORIES, (OTHER, "")]}


def available() -> bool:
    return PY_SPY.exists()


def profile(name: str, worker_pids: list[int], work: Path, run_load) -> Profile:
    """Run `run_load()` (a wrk run returning its figures) under py-spy on every worker."""
    database = postgres_pids()
    raw_files = [work / f"profile-{re.sub(r'[^a-z]+', '-', name)}-{pid}.txt" for pid in worker_pids]
    spies = [
        subprocess.Popen(
            [
                str(PY_SPY),
                "record",
                "--gil",
                "--nonblocking",
                "--format",
                "raw",
                "--rate",
                str(SAMPLES_PER_SECOND),
                "--pid",
                str(pid),
                "--output",
                str(path),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for pid, path in zip(worker_pids, raw_files, strict=True)
    ]
    python_before, postgres_before = _cpu_seconds(worker_pids), _cpu_seconds(database)
    figures = run_load()
    python_used = _cpu_seconds(worker_pids) - python_before
    postgres_used = _cpu_seconds(database) - postgres_before
    for spy in spies:
        spy.send_signal(2)  # SIGINT: py-spy writes what it sampled and exits
        spy.wait(timeout=30)
    requests = max(figures["requests"], 1)
    return Profile(
        name=name,
        requests=requests,
        python_ms=python_used * 1000 / requests,
        postgres_ms=postgres_used * 1000 / requests,
        shares=shares([path for path in raw_files if path.exists()]),
    )


def table(profiles: list[Profile]) -> list[str]:
    names = [name for name, _ in CATEGORIES] + [OTHER]
    lines = [
        "| CPU per request | " + " | ".join(p.name for p in profiles) + " |",
        "|---|" + "---:|" * len(profiles),
        "| gunicorn worker (Python), ms | "
        + " | ".join(f"{p.python_ms:.2f}" for p in profiles)
        + " |",
        "| PostgreSQL, ms | " + " | ".join(f"{p.postgres_ms:.2f}" for p in profiles) + " |",
    ]
    for category_name in names:
        lines.append(
            f"| … of Python: {category_name} | "
            + " | ".join(f"{p.shares.get(category_name, 0):.0%}" for p in profiles)
            + " |"
        )
    return lines
