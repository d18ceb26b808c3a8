"""docs/integrating.md runs: its Python examples, in order, against the app on a live port.

The blocks marked ```python integrating-example are executed as one script in a shared
namespace, with the variables of the ```python integrating-setup block pointing at a live
server of the demo school. A worker thread stands in for Celery beat and sends webhooks, and
webhooks may go to loopback (the guide's receiver runs on 127.0.0.1), as WEBHOOKS_ALLOW_PRIVATE
allows in tests. A renamed field, a changed status code or a moved route fails the test at the
guide's own line. The curl lines are checked against the app's routes.
"""

from __future__ import annotations

import contextlib
import io
import itertools
import re
import shlex
import threading
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from werkzeug.exceptions import MethodNotAllowed, NotFound
from werkzeug.serving import make_server

from api.app import create_app
from api.config import TestConfig
from api.demo import ADMIN, DEMO_PASSWORD, seed_demo
from api.extensions import db
from api.webhooks.delivery import deliver_due
from tests.support.databases import scratch_postgres_database, uses_postgres

ROOT = Path(__file__).resolve().parents[2]
GUIDE = ROOT / "docs" / "integrating.md"
BLOCK = re.compile(r"^```(?P<info>[^\n]*)\n(?P<code>.*?)^```", re.MULTILINE | re.DOTALL)
WORKER_PAUSE_SECONDS = 0.25


def blocks(info: str) -> list[tuple[int, str]]:
    """(line number of the code's first line, code) of every fenced block with this info."""
    markdown = GUIDE.read_text()
    found = []
    for match in BLOCK.finditer(markdown):
        if match["info"].strip() == info:
            found.append((markdown.count("\n", 0, match.start("code")) + 1, match["code"]))
    return found


@pytest.fixture(scope="module")
def guide_database(tmp_path_factory):
    """A database of the guide's own: what it writes is committed, never rolled back, so it
    must not meet the rest of the suite's (a scratch database on PostgreSQL)."""
    if not uses_postgres():
        yield f"sqlite:///{tmp_path_factory.mktemp('guide') / 'guide.sqlite'}"
        return
    with scratch_postgres_database("eaa_guide") as url:
        yield url


@pytest.fixture(scope="module")
def guide_app(guide_database, tmp_path_factory):
    class GuideConfig(TestConfig):
        SQLALCHEMY_DATABASE_URI = guide_database
        STORAGE_ROOT = tmp_path_factory.mktemp("guide-files")
        # The guide's receiver listens on 127.0.0.1; production refuses this setting.
        WEBHOOKS_ALLOW_PRIVATE = True
        # Sign-in limits count per address, and other test runs may share Redis and 127.0.0.1.
        SIGN_IN_LIMITS = "1000 per minute"
        SIGN_IN_ACCOUNT_LIMITS = "1000 per minute"

    app = create_app(GuideConfig)
    with app.app_context():
        db.create_all()
        seed_demo()
        db.session.remove()
    yield app
    with app.app_context():
        db.engine.dispose()


@pytest.fixture()
def live_server(guide_app):
    """The app over HTTP on a free loopback port (as tests/e2e serves it); yields its URL."""
    server = make_server("127.0.0.1", 0, guide_app, threaded=True)
    base_url = f"http://127.0.0.1:{server.server_port}"
    guide_app.config["PUBLIC_URL"] = base_url  # the LTI tool URLs point here
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield base_url
    server.shutdown()
    thread.join(timeout=5)


@pytest.fixture()
def webhook_worker(guide_app):
    """What beat and the worker do in production: send the webhooks that are due."""
    stop = threading.Event()
    errors: list[Exception] = []

    def work() -> None:
        while not stop.wait(WORKER_PAUSE_SECONDS):
            with guide_app.app_context():
                try:
                    deliver_due()
                except Exception as error:  # reported by the test, not lost with the thread
                    errors.append(error)
                finally:
                    db.session.remove()

    thread = threading.Thread(target=work, daemon=True)
    thread.start()
    yield errors
    stop.set()
    thread.join(timeout=10)


def setup_values(base_url: str) -> dict:
    return {
        "BASE_URL": base_url,
        "ADMIN_LOGIN": ADMIN.login,
        "ADMIN_PASSWORD": DEMO_PASSWORD,
        "RECEIVER_PORT": 0,
    }


def test_the_setup_block_names_exactly_the_variables_the_examples_get():
    (setup,) = blocks("python integrating-setup")
    defaults: dict = {}
    exec(setup[1], defaults)
    defaults.pop("__builtins__")
    assert set(defaults) == set(setup_values("http://127.0.0.1:5000"))
    # Its defaults are the ones `make run` and `make demo` give a reader.
    assert defaults["ADMIN_LOGIN"] == ADMIN.login
    assert defaults["ADMIN_PASSWORD"] == DEMO_PASSWORD


def shown_output(code: str) -> list[str]:
    """The output a block shows: the comment lines right under a print() ("#  " continues the
    line above)."""
    shown: list[str] = []
    lines = code.splitlines()
    for number, line in enumerate(lines):
        if "print(" not in line:
            continue
        below = lines[number + 1 :]
        for comment in itertools.takewhile(lambda text: text.startswith("#"), below):
            if comment.startswith("#  ") and shown:
                shown[-1] += " " + comment[3:].strip()
            else:
                shown.append(comment[2:].rstrip())
    return shown


def output_pattern(shown: list[str]) -> str:
    """A regex for printed text: "…" stands for anything (a line of its own: any lines), and
    <NAME> for an id."""
    pattern = ""
    for line in shown:
        if line == "…":
            pattern += r"(?:.*\n)*"
            continue
        part = re.escape(line).replace("…", ".*")
        pattern += re.sub(r"<[A-Z_]+>", ".+", part) + r"\n"
    return pattern


def test_every_python_example_in_the_guide_runs_against_a_live_server(live_server, webhook_worker):
    examples = blocks("python integrating-example")
    assert len(examples) >= 12, "the guide lost its examples (or their info string)"
    namespace = {"__name__": "integrating_guide", **setup_values(live_server)}
    try:
        for line, code in examples:
            # Padded so a failure's traceback shows the guide's own line number.
            compiled = compile("\n" * (line - 1) + code, str(GUIDE), "exec")
            printed = io.StringIO()
            with contextlib.redirect_stdout(printed):
                exec(compiled, namespace)
            output = "".join(f"{out.rstrip()}\n" for out in printed.getvalue().splitlines())
            shown = shown_output(code)
            assert re.fullmatch(output_pattern(shown), output), (
                f"docs/integrating.md line {line}: the example shows\n"
                + "\n".join(shown)
                + f"\nbut printed\n{output}"
            )
    finally:
        receiver = namespace.get("local_server")
        if receiver is not None:
            receiver.shutdown()
        assert not webhook_worker, f"the webhook worker failed: {webhook_worker!r}"
    # The walk-through reached its end: a verified webhook for the cycle a teacher moved.
    assert [event["type"] for event in namespace["received"]] == ["ping", "cycle.transitioned"]


def curl_calls() -> list[tuple[str, str, str]]:
    """(method, path, the command) of every curl line in the guide's sh blocks."""
    calls = []
    for _, code in blocks("sh"):
        for command in code.replace("\\\n", " ").splitlines():
            words = shlex.split(command)
            if not words or words[0] != "curl":
                continue
            url = next(word for word in words if word.startswith("$BASE_URL/"))
            if "-X" in words:
                method = words[words.index("-X") + 1]
            elif {"-d", "-F"} & set(words):
                method = "POST"
            else:
                method = "GET"
            path = urlsplit("http://server" + url.removeprefix("$BASE_URL")).path
            calls.append((method, re.sub(r"\$[A-Z_]+", "some-id", path), command))
    return calls


def test_the_curl_examples_call_routes_the_app_has(app):
    calls = curl_calls()
    assert len(calls) >= 3
    routes = app.url_map.bind("localhost")
    for method, path, command in calls:
        try:
            routes.match(path, method=method)
        except (NotFound, MethodNotAllowed):
            pytest.fail(f"no {method} {path} in the app, for: {command}")


def test_the_readme_links_the_guide():
    assert "(docs/integrating.md)" in (ROOT / "README.md").read_text()
