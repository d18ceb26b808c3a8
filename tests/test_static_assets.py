"""The web app's files: hashed URLs cached a year, compressed once, an import map in the page."""

from __future__ import annotations

import base64
import gzip
import hashlib
import json
import re
import shutil

import brotli
import pytest
from flask import Flask

from api import frontend, static_assets
from api.frontend import FRONTEND

FILES = sorted(
    path.relative_to(FRONTEND).as_posix()
    for path in FRONTEND.rglob("*")
    if path.is_file() and path.name != "index.html"
)
MODULES = [path for path in FILES if path.endswith(".js")]
IMPORT_MAP = re.compile(r'<script type="importmap">(.*?)</script>', re.DOTALL)


@pytest.fixture
def browser(app):
    return app.test_client()


def hashed_url(path: str) -> str:
    digest = hashlib.sha256((FRONTEND / path).read_bytes()).hexdigest()[:12]
    stem, _, suffix = path.rpartition(".")
    return f"/{stem}.{digest}.{suffix}"


def page(browser, path: str = "/") -> str:
    return browser.get(path, headers={"Accept-Encoding": "identity"}).get_data(as_text=True)


def import_map(browser) -> dict[str, str]:
    (script,) = IMPORT_MAP.findall(page(browser))
    return json.loads(script)["imports"]


def policy(response) -> dict[str, str]:
    directives = (d.strip() for d in response.headers["Content-Security-Policy"].split(";"))
    return {d.split()[0]: " ".join(d.split()[1:]) for d in directives if d}


@pytest.mark.parametrize("path", FILES)
def test_every_file_is_served_at_its_content_hash_for_a_year(browser, path):
    response = browser.get(hashed_url(path), headers={"Accept-Encoding": "identity"})

    assert response.status_code == 200
    assert response.data == (FRONTEND / path).read_bytes()
    assert response.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert "Content-Encoding" not in response.headers
    assert response.headers["Vary"] == "Accept-Encoding"


def test_a_module_is_javascript_and_the_stylesheet_css(browser):
    assert browser.get(hashed_url("js/api.js")).mimetype == "text/javascript"
    assert browser.get(hashed_url("css/app.css")).mimetype == "text/css"


@pytest.mark.parametrize("path", ["js/pages/cycle.js", "css/app.css", "js/api.js"])
def test_gzip_and_brotli_bodies_decode_to_the_file(browser, path):
    original = (FRONTEND / path).read_bytes()

    zipped = browser.get(hashed_url(path), headers={"Accept-Encoding": "gzip"})
    squeezed = browser.get(hashed_url(path), headers={"Accept-Encoding": "gzip, deflate, br"})

    assert zipped.headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(zipped.data) == original
    assert squeezed.headers["Content-Encoding"] == "br"
    assert brotli.decompress(squeezed.data) == original
    assert len(squeezed.data) < len(zipped.data) < len(original) / 2
    # One representation, one strong ETag: a cache never mixes up the encodings.
    etags = {
        zipped.headers["ETag"],
        squeezed.headers["ETag"],
        browser.get(hashed_url(path)).headers["ETag"],
    }
    assert len(etags) == 3


def test_an_unchanged_file_answers_304_to_its_etag(browser):
    first = browser.get(hashed_url("js/app.js"), headers={"Accept-Encoding": "gzip"})
    again = browser.get(
        hashed_url("js/app.js"),
        headers={"Accept-Encoding": "gzip", "If-None-Match": first.headers["ETag"]},
    )
    assert again.status_code == 304
    assert again.data == b""


def test_the_plain_urls_keep_working_for_tabs_opened_before(browser):
    response = browser.get("/js/pages/team.js", headers={"Accept-Encoding": "gzip"})

    assert response.status_code == 200
    assert gzip.decompress(response.data) == (FRONTEND / "js/pages/team.js").read_bytes()
    assert response.headers["Cache-Control"] == "no-cache"
    again = browser.get(
        "/js/pages/team.js",
        headers={"Accept-Encoding": "gzip", "If-None-Match": response.headers["ETag"]},
    )
    assert again.status_code == 304


def test_the_import_map_names_every_module_at_its_hashed_url(browser):
    imports = import_map(browser)

    assert sorted(imports) == sorted(f"/{path}" for path in MODULES)
    for path in MODULES:
        assert imports[f"/{path}"] == hashed_url(path)


def test_the_page_links_the_stylesheet_and_entry_module_by_hash_after_the_map(browser):
    html = page(browser)

    assert f'<link rel="stylesheet" href="{hashed_url("css/app.css")}">' in html
    entry = f'<script type="module" src="{hashed_url("js/app.js")}"></script>'
    assert entry in html
    assert html.index('<script type="importmap">') < html.index('rel="modulepreload"')
    assert html.index('rel="modulepreload"') < html.index(entry)
    preloaded = re.findall(r'<link rel="modulepreload" href="([^"]+)">', html)
    # app.js's own imports, fetched at once; the pages stay lazy.
    assert hashed_url("js/api.js") in preloaded and hashed_url("js/router.js") in preloaded
    assert not any("/pages/" in url for url in preloaded)


@pytest.mark.parametrize(
    "path", ["/js/api.000000000000.js", "/css/app.0123456789ab.css", "/js/nope.abcdefabcdef.js"]
)
def test_an_unknown_hash_is_a_404_not_the_page(browser, path):
    assert browser.get(path).status_code == 404


def test_a_hash_belongs_to_its_own_file_only(browser):
    digest = hashed_url("js/api.js").split(".")[-2]
    assert browser.get(f"/js/dom.{digest}.js").status_code == 404


@pytest.mark.parametrize("path", ["/", "/index.html", "/teams/abc", "/cycles/xyz/meeting"])
def test_the_page_itself_is_always_revalidated(browser, path):
    response = browser.get(path, headers={"Accept-Encoding": "gzip"})

    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-cache"
    assert response.headers["Content-Encoding"] == "gzip"
    assert IMPORT_MAP.search(gzip.decompress(response.data).decode())
    again = browser.get(
        path, headers={"Accept-Encoding": "gzip", "If-None-Match": response.headers["ETag"]}
    )
    assert again.status_code == 304


def test_the_policy_allows_the_inline_import_map_by_its_hash_alone(browser):
    response = browser.get("/teams")
    html = response.get_data(as_text=True)
    inline = re.findall(r"<script(?![^>]*\bsrc=)[^>]*>(.*?)</script>", html, re.DOTALL)
    assert inline == IMPORT_MAP.findall(html)  # the import map is the one inline script
    digest = base64.b64encode(hashlib.sha256(inline[0].encode()).digest()).decode()

    script_src = policy(response)["script-src"]

    assert script_src == f"'self' 'sha256-{digest}'"
    assert "unsafe-inline" not in response.headers["Content-Security-Policy"]
    # Every answer carries the same policy, so a module fetched later runs under it too.
    assert policy(browser.get("/api/v1/health"))["script-src"] == script_src


def test_a_changed_file_moves_to_a_new_url_and_the_others_stay(tmp_path):
    folder = tmp_path / "frontend"
    shutil.copytree(FRONTEND, folder)
    before = static_assets.load(folder)

    (folder / "js" / "api.js").write_text((folder / "js" / "api.js").read_text() + "\n// changed\n")
    after = static_assets.load(folder)

    assert after.by_path["js/api.js"].hashed_path != before.by_path["js/api.js"].hashed_path
    unchanged = [path for path in before.by_path if path != "js/api.js"]
    assert all(after.by_path[p].hashed_path == before.by_path[p].hashed_path for p in unchanged)
    assert after.import_map_source != before.import_map_source
    assert after.import_map["imports"]["/js/api.js"] == f"/{after.by_path['js/api.js'].hashed_path}"


def test_the_files_of_a_first_visit_are_small_once_compressed(browser):
    """What a first visit may download, at most: the page, the stylesheet, app.js's imports."""
    html = browser.get("/", headers={"Accept-Encoding": "br"})
    urls = re.findall(r'(?:href|src)="(/(?:js|css)/[^"]+)"', brotli.decompress(html.data).decode())
    sizes = [len(browser.get(url, headers={"Accept-Encoding": "br"}).data) for url in urls]
    assert len(html.data) + sum(sizes) < 40_000


def test_in_development_a_changed_file_is_served_on_the_next_page_load(tmp_path):
    folder = tmp_path / "frontend"
    shutil.copytree(FRONTEND, folder)
    app = Flask(__name__)
    app.config["ENV_NAME"] = "development"
    frontend.init_app(app, folder)
    browser = app.test_client()
    before = import_map(browser)["/js/api.js"]

    (folder / "js" / "api.js").write_text("export const changed = true;\n")

    after = import_map(browser)["/js/api.js"]
    assert after != before
    assert browser.get(after, headers={"Accept-Encoding": "identity"}).data == (
        b"export const changed = true;\n"
    )
    assert browser.get(before).status_code == 404
