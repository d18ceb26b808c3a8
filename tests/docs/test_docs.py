"""The README and docs/ stand on their own: every link resolves to a file in the repository,
every setting the code reads is in the configuration table, every role has its guide."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DOCS = sorted((ROOT / "docs").glob("*.md"))
LINK = re.compile(r"!?\[[^\]]*\]\(([^)\s]+)(?:\s+\"[^\"]*\")?\)")
#: the running app's own address (make run), not a file
LOCAL_APP = re.compile(r"^https?://(127\.0\.0\.1|localhost)(:\d+)?/")
SETTING = re.compile(r"""(?:environ(?:\.get)?\s*[\(\[]|_bool\()\s*["']([A-Z][A-Z0-9_]+)["']""")
#: names the code reads from the WSGI environ or refuses, not settings
NOT_SETTINGS = {"HTTP_X_FORWARDED_FOR", "HTTP_X_FORWARDED_PROTO", "REMOTE_ADDR"}


def links(path: Path) -> list[str]:
    text = path.read_text(encoding="utf-8")
    text = re.sub(r"```.*?```", "", text, flags=re.S)  # code blocks hold examples, not links
    return LINK.findall(text)


def test_every_link_of_the_readme_and_docs_is_a_file_in_the_repository():
    broken = []
    for page in [ROOT / "README.md", *DOCS]:
        for target in links(page):
            if target.startswith(("http://", "https://", "mailto:")):
                if page.name == "README.md" and not LOCAL_APP.match(target):
                    broken.append(
                        f"{page.name}: {target} (the README links only inside the repository)"
                    )
                continue
            file_part = target.split("#", 1)[0]
            if not file_part:
                continue
            resolved = (page.parent / file_part).resolve()
            if ROOT not in resolved.parents or not resolved.exists():
                broken.append(f"{page.relative_to(ROOT)}: {target}")
    assert not broken, "links that don't resolve inside the repository:\n" + "\n".join(broken)


def test_the_check_catches_a_link_out_of_the_repository(tmp_path):
    page = tmp_path / "page.md"
    page.write_text("See [the design](../shared/DESIGN.md) and ![a picture](images/x.png).")
    assert links(page) == ["../shared/DESIGN.md", "images/x.png"]


def test_every_setting_the_code_reads_is_in_the_configuration_table():
    read = set()
    for folder in ("api", "worker"):
        for source in (ROOT / folder).rglob("*.py"):
            read |= set(SETTING.findall(source.read_text(encoding="utf-8")))
    table = (ROOT / "docs" / "configuration.md").read_text(encoding="utf-8")
    missing = sorted(name for name in read - NOT_SETTINGS if f"`{name}`" not in table)
    assert "PORT" in read and not missing, f"add to docs/configuration.md: {missing}"


def test_each_role_has_a_guide_with_pictures_from_the_browser_tests():
    for role in ("teacher", "student", "coach", "admin"):
        guide = ROOT / "docs" / f"{role}-guide.md"
        assert guide.exists(), guide
        pictures = [target for target in links(guide) if target.startswith("images/")]
        assert pictures, f"{guide.name} shows no screenshot"
        readme = (ROOT / "README.md").read_text(encoding="utf-8")
        assert f"docs/{role}-guide.md" in readme
