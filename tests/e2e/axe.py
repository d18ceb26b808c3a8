"""Accessibility by proof: axe-core (pinned in tests/e2e/package.json) run inside the page under
test, plus the phone-width check every page must pass.

    from tests.e2e.axe import assert_accessible
    assert_accessible(page)          # 0 axe violations and no sideways scroll, at this size

axe is injected by the test only (the app never serves it), through the DevTools protocol, so
the page's Content-Security-Policy is left as strict as users get it.
"""

from __future__ import annotations

import shutil
import subprocess
from functools import cache
from pathlib import Path

E2E = Path(__file__).resolve().parent
AXE = E2E / "node_modules" / "axe-core" / "axe.min.js"
#: what the app promises: WCAG 2.1 A and AA, and axe's best practices
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1200, "height": 900}
#: how long an action or an expectation waits for the page: CI runs the browser, the server and
#: PostgreSQL on two cores, where a page can take seconds; a wait ends as soon as it is met
WAIT_MS = 10_000


@cache
def axe_source() -> str:
    """axe-core's script, installed on first use into tests/e2e/node_modules (ignored by git)."""
    if not AXE.exists():
        npm = shutil.which("npm")
        if npm is None:
            raise RuntimeError("The accessibility checks need npm (apt-get install npm).")
        subprocess.run(
            [npm, "ci", "--no-audit", "--no-fund", "--loglevel=error"], cwd=E2E, check=True
        )
    return AXE.read_text(encoding="utf-8")


def _describe(violation: dict) -> str:
    def where(node: dict) -> str:
        summary = node.get("failureSummary")
        return " ".join(node["target"]) + (f" ({summary})" if summary else "")

    targets = "; ".join(where(node) for node in violation["nodes"][:5])
    return f"{violation['id']} [{violation['impact']}]: {violation['help']} — {targets}"


def axe_violations(page) -> list[str]:
    """Run axe on the page as it is now; one readable line per rule broken."""
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(axe_source())
    result = page.evaluate(
        "(tags) => axe.run(document, { runOnly: { type: 'tag', values: tags },"
        " resultTypes: ['violations'] })",
        AXE_TAGS,
    )
    return [_describe(violation) for violation in result["violations"]]


def sideways_overflow(page) -> int:
    """How many pixels the page is wider than the window (0 on a page that fits)."""
    return page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )


def assert_accessible(page, *, where: str = "") -> None:
    """0 axe violations and nothing wider than the window, at the page's current size."""
    label = where or page.url
    problems = axe_violations(page)
    assert not problems, f"axe found problems on {label}:\n" + "\n".join(problems)
    overflow = sideways_overflow(page)
    assert overflow <= 0, f"{label} scrolls sideways by {overflow}px at {page.viewport_size}"
