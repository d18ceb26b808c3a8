"""Requests per second and latency at 32 concurrent clients, each beside the health endpoint.

python -m bench load   (BENCH_DATABASE_URL names the PostgreSQL server; BENCH_SECONDS, the
length of each run, default 15 (BENCH_SECONDS=3 for a quick look: health and profile runs are
cut to it too); BENCH_WORKERS, gunicorn's workers, default 3)

gunicorn serves a seeded district (see bench/district.py) on loopback; wrk (Debian's `wrk`
package) drives it with Lua scripts that send personal access tokens, so no CSRF token is
needed. The health endpoint runs for 5 s before the first scenario and after each one; every
scenario is printed as a share of the health runs just before and after it, because the
machine is shared and its speed drifts: only ratios from one run compare.

Whole pages (the cycle, team and trust pages) are the API requests the web app makes for each,
recorded in Chromium on the district (bench/pages.py) and replayed by wrk for every team; they
are printed as pages/s, against the health endpoint's requests/s, with the bytes of a first and
a repeat visit.
"""

from __future__ import annotations

import functools
import json
import os
import re
import shutil
import subprocess
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path

from sqlalchemy import bindparam, create_engine, text

from bench import district as district_seed
from bench import pages as page_recorder
from bench import profile as cpu_profile
from bench.database import bench_app, scratch_database
from bench.server import DEFAULT_WORKERS, Server, gunicorn

CONNECTIONS = 32
THREADS = 2
SECONDS = int(os.environ.get("BENCH_SECONDS", "15"))
HEALTH_SECONDS = min(5, max(SECONDS, 3))
RESULTS = Path(__file__).resolve().parent / "results"
#: share of the health endpoint's requests/s each scenario should reach (issue #16); for a
#: page, its pages/s over health's requests/s
TARGETS = {
    "cycle": 0.40,
    "team board": 0.40,
    "coach dashboard": 0.20,
    "evidence upload": 0.20,
    "transition": 0.20,
    "cycle page": 0.25,
}
#: the pages recorded in the browser and replayed whole (bench/pages.py)
PAGES = ["cycle page", "team page", "trust page"]
#: a small PNG, as a phone photo of student work would be sniffed (the signature is enough)
UPLOAD_BYTES = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 64
BOUNDARY = "benchboundary7MA4YWxkTrZu0gW"

LUA_COMMON = r"""
local threads = {}
local thread_count = 0
function setup(thread)
  thread:set("thread_number", thread_count)
  thread_count = thread_count + 1
  table.insert(threads, thread)
end

function done(summary, latency, requests)
  local lost, unmatched, starved = 0, 0, 0
  for _, thread in ipairs(threads) do
    lost = lost + (thread:get("lost") or 0)
    unmatched = unmatched + (thread:get("unmatched") or 0)
    starved = starved + (thread:get("starved") or 0)
  end
  local errors = summary.errors
  io.write(string.format(
    'BENCH_RESULT {"requests": %d, "duration_us": %d, "p50_us": %d, "p95_us": %d, ' ..
    '"p99_us": %d, "max_us": %d, "non_2xx": %d, "socket_errors": %d, "lost": %d, ' ..
    '"unmatched": %d, "starved": %d}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(95),
    latency:percentile(99), latency.max, errors.status,
    errors.connect + errors.read + errors.write + errors.timeout, lost, unmatched, starved))
end
"""

LUA_ROUND_ROBIN = r"""
local formatted = {}
local position = 0
function init(args)
  local body = nil
  if body_file ~= "" then
    local file = io.open(body_file, "rb")
    body = file:read("*a")
    file:close()
  end
  for i, item in ipairs(items) do
    local headers = {}
    if item[3] ~= "" then headers["Authorization"] = item[3] end
    if item[1] == "POST" then headers["Content-Type"] = content_type end
    formatted[i] = wrk.format(item[1], item[2], headers, item[1] == "POST" and body or nil)
  end
  -- Threads start at different places in the list, so they don't hit the same rows in step.
  position = (thread_number * 7919) % #formatted
end

function request()
  position = position % #formatted + 1
  return formatted[position]
end
"""

# Each cycle of the pool is in flight on one connection at a time, and moves back and forth
# between evidence and analysis with the version its last response gave (ETag), so every
# transition is one a person could make. A response other than 200 loses its cycle.
LUA_TRANSITIONS = r"""
local ready = {}
local inflight = {}
lost, unmatched, starved = 0, 0, 0

function init(args)
  for i, cycle in ipairs(pool) do
    if (i - 1) % thread_total == thread_number then
      table.insert(ready, {id = cycle[1], version = cycle[2], auth = cycle[3],
                           move = cycle[4]})
    end
  end
end

function request()
  local cycle = table.remove(ready, 1)
  if cycle == nil then
    starved = starved + 1
    return wrk.format("GET", "/api/v1/health")
  end
  inflight[cycle.id] = cycle
  return wrk.format("POST", "/api/v1/cycles/" .. cycle.id .. "/transitions", {
    ["Authorization"] = cycle.auth,
    ["Content-Type"] = "application/json",
    ["If-Match"] = '"' .. cycle.version .. '"',
  }, '{"transition": "' .. cycle.move .. '", "comment": ""}')
end

function response(status, headers, body)
  if status ~= 200 then
    lost = lost + 1
    return
  end
  for id in body:gmatch('"id":%s*"(%w+)"') do
    local cycle = inflight[id]
    if cycle then
      inflight[id] = nil
      local etag = headers["ETag"] or headers["Etag"] or headers["etag"] or ""
      cycle.version = tonumber(etag:match("%d+"))
      if cycle.move == "back_to_evidence" then
        cycle.move = "start_analysis"
      else
        cycle.move = "back_to_evidence"
      end
      table.insert(ready, cycle)
      return
    end
  end
  unmatched = unmatched + 1
end
"""


@dataclass
class Result:
    name: str
    what: str
    requests_per_second: float
    p50_ms: float
    p95_ms: float
    p99_ms: float
    requests: int
    non_2xx: int
    socket_errors: int
    lost: int = 0
    unmatched: int = 0
    starved: int = 0
    ratio: float | None = None
    #: a whole page: the API requests it makes (a mean, for the cycle page over its states)
    requests_per_page: float | None = None

    @property
    def tail(self) -> float:
        return self.p99_ms / self.p50_ms if self.p50_ms else 0.0

    @property
    def rate(self) -> float:
        """Requests/s, or pages/s for a whole page."""
        return self.requests_per_second / (self.requests_per_page or 1)


def _lua_string(value: str) -> str:
    return json.dumps(value)  # a JSON string of ASCII is a valid Lua string literal


def _lua_items(items: list[tuple[str, str, str]]) -> str:
    rows = ",\n".join("{" + ", ".join(_lua_string(part) for part in item) + "}" for item in items)
    return "items = {\n" + rows + "\n}\n"


def _run_wrk(server: Server, script: str, work: Path, name: str, seconds: int) -> dict:
    path = work / f"{re.sub(r'[^a-z]+', '-', name)}.lua"
    path.write_text(script)
    command = [
        "wrk",
        f"-t{THREADS}",
        f"-c{CONNECTIONS}",
        f"-d{seconds}s",
        "--timeout",
        "10s",
        "-s",
        str(path),
        server.url,
    ]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    line = next(line for line in output.splitlines() if line.startswith("BENCH_RESULT "))
    return json.loads(line.removeprefix("BENCH_RESULT "))


def _result(name: str, what: str, figures: dict) -> Result:
    return Result(
        name=name,
        what=what,
        requests_per_second=figures["requests"] / (figures["duration_us"] / 1e6),
        p50_ms=figures["p50_us"] / 1000,
        p95_ms=figures["p95_us"] / 1000,
        p99_ms=figures["p99_us"] / 1000,
        requests=figures["requests"],
        non_2xx=figures["non_2xx"],
        socket_errors=figures["socket_errors"],
        lost=figures["lost"],
        unmatched=figures["unmatched"],
        starved=figures["starved"],
    )


def _round_robin(items, *, body_file: str = "", content_type: str = "") -> str:
    return (
        _lua_items(items)
        + f"body_file = {_lua_string(body_file)}\ncontent_type = {_lua_string(content_type)}\n"
        + LUA_COMMON
        + LUA_ROUND_ROBIN
    )


#: the move that takes a cycle of the transition pool from its state to the other one
NEXT_MOVE = {"analysis": "back_to_evidence", "evidence": "start_analysis"}


def _transitions(pool: list[tuple[district_seed.TeamSeed, int, str]]) -> str:
    """The transition scenario's script: each team's analysis cycle with its version and state."""
    rows = ",\n".join(
        "{"
        + ", ".join(
            [
                _lua_string(team.analysis_cycle_id),
                str(version),
                _lua_string(f"Bearer {team.token}"),
                _lua_string(NEXT_MOVE[state]),
            ]
        )
        + "}"
        for team, version, state in pool
    )
    return f"pool = {{\n{rows}\n}}\nthread_total = {THREADS}\n" + LUA_COMMON + LUA_TRANSITIONS


def _transitions_now(url: str, seeded: district_seed.District) -> str:
    """The transition script again, from the versions and states the measured run left."""
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            now = {
                row.id: (row.version, row.state)
                for row in connection.execute(
                    text("SELECT id, version, state FROM cycles WHERE id IN :ids").bindparams(
                        bindparam("ids", expanding=True)
                    ),
                    {"ids": [team.analysis_cycle_id for team in seeded.teams]},
                )
            }
    finally:
        engine.dispose()
    return _transitions([(team, *now[team.analysis_cycle_id]) for team in seeded.teams])


def scenarios(seeded: district_seed.District, work: Path) -> list[tuple[str, str, str]]:
    """(name, what it sends, wrk script) for every scenario, health first."""
    teams = seeded.teams
    bearer = {team.id: f"Bearer {team.token}" for team in teams}
    open_cycles = [(team.id, team.other_open_cycle_id) for team in teams] + [
        (team.id, team.analysis_cycle_id) for team in teams
    ]
    closed = [(team.id, team.closed_cycle_ids[-1]) for team in teams]
    viewed = open_cycles + closed
    body_file = work / "upload.body"
    body_file.write_bytes(
        (
            f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="title"\r\n\r\n'
            "Exit tickets, period 3\r\n"
            f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="file"; '
            'filename="exit-tickets.png"\r\nContent-Type: image/png\r\n\r\n'
        ).encode()
        + UPLOAD_BYTES
        + f"\r\n--{BOUNDARY}--\r\n".encode()
    )
    # Seeded in analysis at version 3 (district.py).
    transitions = _transitions([(team, 3, "analysis") for team in teams])
    return [
        ("health", "GET /api/v1/health (SELECT 1)", _round_robin([("GET", "/api/v1/health", "")])),
        (
            # What every other scenario pays before its own reads: the floor under them.
            "token check",
            "GET /analysis-prompts: a bearer token checked (1 statement), a fixed list",
            _round_robin(
                [("GET", "/api/v1/analysis-prompts", f"Bearer {team.token}") for team in teams]
            ),
        ),
        (
            "cycle",
            "GET /cycles/{id}, 600 cycles",
            _round_robin(
                [("GET", f"/api/v1/cycles/{cycle}", bearer[team]) for team, cycle in viewed]
            ),
        ),
        (
            "team board",
            "GET /teams/{id}/cycles, 200 teams",
            _round_robin(
                [
                    ("GET", f"/api/v1/teams/{team.id}/cycles?page_size=100&page=1", bearer[team.id])
                    for team in teams
                ]
            ),
        ),
        (
            "coach dashboard",
            f"GET /coach/dashboard, {len(seeded.coached_team_ids)} teams",
            _round_robin(
                [("GET", "/api/v1/coach/dashboard?page_size=100", f"Bearer {seeded.coach_token}")]
            ),
        ),
        (
            "evidence upload",
            f"POST multipart, {len(UPLOAD_BYTES) // 1024} KB PNG, 400 open cycles",
            _round_robin(
                [
                    ("POST", f"/api/v1/cycles/{cycle}/evidence", bearer[team])
                    for team, cycle in open_cycles
                ],
                body_file=str(body_file),
                content_type=f"multipart/form-data; boundary={BOUNDARY}",
            ),
        ),
        (
            "transition",
            "POST /cycles/{id}/transitions + If-Match, 200 cycles back and forth",
            transitions,
        ),
    ]


def page_scenarios(
    seeded: district_seed.District, recordings: dict[str, page_recorder.Recording]
) -> list[tuple[str, str, str, float]]:
    """(name, what it sends, wrk script, API requests a page) for every recorded page."""
    teams = seeded.teams
    pages: dict[str, list[tuple[district_seed.TeamSeed, str, page_recorder.Recording]]] = {
        "cycle page": [
            (team, cycle, recordings[f"cycle page ({team.cycle_states[cycle]})"])
            for team in teams
            for cycle in (
                team.analysis_cycle_id,
                team.other_open_cycle_id,
                team.closed_cycle_ids[-1],
            )
            if f"cycle page ({team.cycle_states[cycle]})" in recordings
        ],
        "team page": [
            (team, "", recordings["team page"]) for team in teams if "team page" in recordings
        ],
        "trust page": [
            (team, "", recordings["trust page"]) for team in teams if "trust page" in recordings
        ],
    }
    found = []
    for name, views in pages.items():
        items = [
            (
                "GET",
                page_recorder.fill(path, page_recorder.placeholders(seeded, team, cycle)),
                f"Bearer {team.token}",
            )
            for team, cycle, recording in views
            for method, path in recording.requests
            if method == "GET"
        ]
        if not items:
            continue
        what = f"the API requests of one {name}, recorded in Chromium, over {len(views)} " + (
            "cycles (600: each team's two open cycles and last closed one)"
            if name == "cycle page"
            else "teams"
        )
        found.append((name, what, _round_robin(items), len(items) / len(views)))
    return found


NOTES = """\
Every transition is one a person could
make: each of the 200 cycles is on one connection at a time and moves analysis → evidence →
analysis with the ETag its last answer gave; any answer but 200 (a 409 or 412) would be counted
under non-2xx and take its cycle out of the pool.
"""


def print_table(results: list[Result], health: float) -> list[str]:
    lines = [
        f"Health endpoint: {health:,.0f} requests/s (mean of its runs); × health compares each "
        "scenario with the health runs just before and after it",
        "",
        "| scenario | requests/s | × health | p50 ms | p95 ms | p99 ms | p99/p50 | non-2xx |"
        " target |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for result in results:
        if result.requests_per_page is not None:
            continue  # a whole page: in the pages table
        target = TARGETS.get(result.name)
        checks = []
        if target is not None and result.ratio is not None:
            checks.append(f"≥ {target:.0%} {'met' if result.ratio >= target else 'MISSED'}")
        if not result.name.startswith("health"):
            checks.append(f"p99 < 10×p50 {'met' if result.tail < 10 else 'MISSED'}")
        health_row = result.name.startswith("health")
        ratio = "" if result.ratio is None or health_row else f"{result.ratio:.0%}"
        extra = f" (pool ran dry {result.starved}×)" if result.starved else ""
        if result.socket_errors:
            extra += f" ({result.socket_errors} socket errors)"
        lines.append(
            f"| {result.name} | {result.requests_per_second:,.0f} | {ratio} | "
            f"{result.p50_ms:.1f} | {result.p95_ms:.1f} | {result.p99_ms:.1f} | "
            f"{result.tail:.1f} | {result.non_2xx}{extra} | {'; '.join(checks)} |"
        )
    print("\n".join(lines))
    return lines


@dataclass
class Scenario:
    name: str
    what: str
    script: str
    requests_per_page: float | None = None


def _record_pages(server: Server, seeded: district_seed.District):
    if not page_recorder.available():
        print(
            "\nnote: whole pages need Playwright and Debian's chromium (apt-get install -y "
            "chromium); left out"
        )
        return {}
    started = time.perf_counter()
    recordings = page_recorder.record(server.url, seeded)
    print(f"Pages recorded in Chromium in {time.perf_counter() - started:.1f} s.")
    return recordings


def main(seconds: int = SECONDS) -> list[Result]:
    if shutil.which("wrk") is None:
        print("\nnote: the load benchmark needs wrk (apt-get install -y wrk); left out")
        return []
    with scratch_database() as url, tempfile.TemporaryDirectory(prefix="eaa-bench-") as tmp:
        work = Path(tmp)
        storage_root = work / "files"
        bench_app(url)
        started = time.perf_counter()
        seeded = district_seed.seed(url, storage_root)
        seeded_in = time.perf_counter() - started
        print(
            f"\nLoad on gunicorn ({DEFAULT_WORKERS} sync workers) and PostgreSQL; wrk, "
            f"{CONNECTIONS} connections, {seconds} s a scenario. District seeded in "
            f"{seeded_in:.1f} s: "
            + ", ".join(
                f"{seeded.counts[name]:,} {name}"
                for name in ("teams", "cycles", "evidence", "actions", "analysis_notes")
            )
        )
        results: list[Result] = []
        with gunicorn(url, storage_root, log_file=work / "gunicorn.log") as server:
            recordings = _record_pages(server, seeded)
            plan = [Scenario(*row) for row in scenarios(seeded, work)] + [
                Scenario(*row) for row in page_scenarios(seeded, recordings)
            ]
            health_run, others = plan[0], plan[1:]
            # Warm every worker's caches (imports, compiled statements) before measuring.
            names = [scenario.name for scenario in plan]
            warm_up = plan[names.index("cycle page" if "cycle page" in names else "cycle")]
            _run_wrk(server, warm_up.script, work, "warm-up", 3)

            def run_health() -> Result:
                figures = _run_wrk(server, health_run.script, work, "health", HEALTH_SECONDS)
                return _result("health", health_run.what, figures)

            healths = [run_health()]
            for scenario in others:
                figures = _run_wrk(server, scenario.script, work, scenario.name, seconds)
                result = _result(scenario.name, scenario.what, figures)
                result.requests_per_page = scenario.requests_per_page
                healths.append(run_health())
                # The machine's speed drifts (it is shared, and a VM): each scenario is compared
                # with the health runs just before and just after it.
                neighbours = (healths[-2].requests_per_second + healths[-1].requests_per_second) / 2
                result.ratio = result.rate / neighbours if neighbours else None
                results.append(result)
            # The measured run moved the transition pool on: its profile run starts from there.
            scripts = {scenario.name: scenario.script for scenario in plan}
            scripts["transition"] = _transitions_now(url, seeded)
            profiles = _profiles(server, scripts, work)
        rates = [run.requests_per_second for run in healths]
        health = sum(rates) / len(rates)
        middle = sorted(healths, key=lambda run: run.requests_per_second)[len(healths) // 2]
        middle.requests_per_second = health
        middle.what = (
            f"{health_run.what}; {len(healths)} runs of {HEALTH_SECONDS} s, one before the first "
            f"scenario and one after each, {min(rates):,.0f}–{max(rates):,.0f} requests/s "
            "(latencies of the middle run)"
        )
        results.insert(0, middle)
        lines = print_table(results, health)
        page_lines = print_pages(results, recordings)
        profile_lines = cpu_profile.table(profiles) if profiles else []
        print("\n".join(["", *profile_lines]))
        _write(results, health, [*lines, "", *page_lines], seconds, profile_lines, recordings)
        return results


PROFILE_SECONDS = min(8, SECONDS)


def _profiles(server: Server, scripts: dict[str, str], work: Path) -> list[cpu_profile.Profile]:
    """The health endpoint and every scenario with a target, each run once more under py-spy."""
    if not cpu_profile.available():
        print("\nnote: profiles need py-spy (make install puts it in .venv); left out")
        return []
    return [
        cpu_profile.profile(
            f"{name} (a request)" if name in PAGES else name,
            server.worker_pids(),
            work,
            functools.partial(_run_wrk, server, scripts[name], work, name, PROFILE_SECONDS),
        )
        for name in ["health", "token check", *TARGETS]
        if name in scripts
    ]


def _kilobytes(visit: page_recorder.Visit | None) -> str:
    if visit is None:
        return ""
    previews = (
        f"; previews {visit.preview_bytes / 1000:,.1f} ({visit.preview_requests})"
        if visit.preview_requests
        else ""
    )
    return (
        f"{visit.total_bytes / 1000:,.1f} KB: files {visit.static_bytes / 1000:,.1f} "
        f"({visit.static_requests}) + API {visit.api_bytes / 1000:,.1f} ({visit.api_requests}, "
        f"{visit.api_gzipped_bytes / 1000:,.1f} gzipped)" + previews
    )


def print_pages(results: list[Result], recordings: dict[str, page_recorder.Recording]) -> list[str]:
    """The whole pages: pages/s against health's requests/s, and what a visit downloads."""
    pages = [result for result in results if result.requests_per_page is not None]
    if not pages:
        return []
    lines = [
        "Whole pages: the API requests of an in-app navigation to the page, recorded in Chromium "
        "and replayed by wrk; × health is pages/s over the health endpoint's requests/s. A visit "
        "is the page opened by its address in Chromium, signed in: KB received with headers, "
        "the app's files and the API's answers (requests in brackets; and their size gzipped, as "
        "compose's Caddy sends them: the app does not compress JSON), evidence previews "
        "(lazy <img>s of stored files) apart; the first visit with an empty cache, the repeat "
        "visit right after it.",
        "",
        "| page | API requests | pages/s | × health | p50 ms | p95 ms | p99 ms | p99/p50 | "
        "non-2xx | first visit | repeat visit | target |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---|---|---|",
    ]
    for result in pages:
        target = TARGETS.get(result.name)
        checks = (
            [f"≥ {target:.0%} {'met' if (result.ratio or 0) >= target else 'MISSED'}"]
            if target
            else []
        )
        checks.append(f"p99 < 10×p50 {'met' if result.tail < 10 else 'MISSED'}")
        recording = recordings.get(result.name) or recordings.get(f"{result.name} (analysis)")
        first = recording.first_visit if recording else None
        repeat = recording.repeat_visit if recording else None
        if first is not None:
            compose = first.static_bytes + first.api_gzipped_bytes
            checks.append(
                f"first visit ≤ 100 KB {'met' if first.total_bytes <= 100_000 else 'MISSED'}, "
                f"{'met' if compose <= 100_000 else 'MISSED'} with the API gzipped"
            )
        ratio = "" if result.ratio is None else f"{result.ratio:.0%}"
        lines.append(
            f"| {result.name} | {result.requests_per_page:.1f} | {result.rate:,.1f} | "
            f"{ratio} | {result.p50_ms:.1f} | {result.p95_ms:.1f} | "
            f"{result.p99_ms:.1f} | {result.tail:.1f} | {result.non_2xx} | {_kilobytes(first)} | "
            f"{_kilobytes(repeat)} | {'; '.join(checks)} |"
        )
    lines += ["", "Requests recorded for each page (team 0's ids as placeholders):", ""]
    for name, recording in recordings.items():
        requests = ", ".join(f"`{method} {path}`" for method, path in recording.requests)
        lines.append(f"- **{name}** ({len(recording.requests)}): {requests or 'none'}")
        if recording.unplaced_ids:
            lines.append(f"  (ids sent as recorded: {', '.join(recording.unplaced_ids)})")
    print("\n".join(["", *lines]))
    return lines


def _write(
    results: list[Result],
    health: float,
    lines: list[str],
    seconds: int,
    profile_lines: list[str],
    recordings: dict[str, page_recorder.Recording],
) -> None:
    RESULTS.mkdir(exist_ok=True)
    day = time.strftime("%Y-%m-%d", time.gmtime())
    stamp = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    (RESULTS / f"{day}-load.json").write_text(
        json.dumps(
            {
                "date": stamp,
                "connections": CONNECTIONS,
                "seconds": seconds,
                "workers": DEFAULT_WORKERS,
                "cores": os.cpu_count(),
                "health_requests_per_second": health,
                "results": [asdict(result) for result in results],
                "pages": {name: asdict(recording) for name, recording in recordings.items()},
            },
            indent=2,
        )
        + "\n"
    )
    report = RESULTS / f"{day}.md"
    upload = _section(report, UPLOAD_HEADING)
    profile_section = (
        f"\n{PROFILE_HEADING}\n\n{PROFILE_NOTES}\n" + "\n".join(profile_lines) + "\n"
        if profile_lines
        else ""
    )
    report.write_text(
        f"# Benchmarks, {day}\n\n## Load ({stamp})\n\n"
        f"{os.cpu_count()} cores, gunicorn {DEFAULT_WORKERS} sync workers, "
        f"wrk {CONNECTIONS} connections, {seconds} s a scenario.\n\n"
        + "\n".join(lines)
        + "\n\n"
        + "\n".join(f"- **{result.name}**: {result.what}" for result in results)
        + "\n\n"
        + NOTES
        + profile_section
        + upload
    )


UPLOAD_HEADING = "## Upload memory"
PROFILE_HEADING = "## Where the CPU goes"
PROFILE_NOTES = """\
Each scenario once more for 8 s with py-spy on every gunicorn worker (`--gil`: Python's own CPU,
not its waits) and PostgreSQL's CPU read from /proc; shares are of the workers' samples, by the
file of the innermost frame.
"""


def _section(report: Path, heading: str) -> str:
    """The section of an earlier report under `heading` (to its end), or nothing."""
    if not report.exists():
        return ""
    text = report.read_text()
    start = text.find(heading)
    return "\n" + text[start:] if start >= 0 else ""


def write_upload_section(lines: str) -> None:
    """Put the upload benchmark's figures at the end of today's report (replacing earlier)."""
    RESULTS.mkdir(exist_ok=True)
    report = RESULTS / f"{time.strftime('%Y-%m-%d', time.gmtime())}.md"
    text = report.read_text() if report.exists() else ""
    start = text.find(UPLOAD_HEADING)
    if start >= 0:
        text = text[:start].rstrip() + "\n"
    report.write_text((text + "\n" if text else "") + f"{UPLOAD_HEADING}\n\n{lines}\n")


if __name__ == "__main__":
    main()
