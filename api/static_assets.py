"""The web app's files as a browser expects them: content-hashed URLs cached for a year,
compressed once, and an import map in index.html that sends every module to its hashed URL.

At start-up every file under frontend/ is read and hashed (SHA-256 of its bytes). Each is
served at its own URL (`/js/api.js`, revalidated with an ETag, for tabs opened before a deploy)
and at a hashed one (`/js/api.3f9a0c1e2b4d.js`, `immutable` for a year). index.html gets an
import map naming every module's hashed URL: a module's relative imports ("./api.js",
"../dom.js", dynamic `import()`) resolve to the plain URL first, and the map sends that to the
hashed one. A changed file changes only its own URL and the map; every other module stays in
the browser's cache. The CSS link and the entry script are rewritten in the page itself.

Bodies are compressed once here, with brotli and gzip, and sent in the best encoding the browser
takes (`Vary: Accept-Encoding`). The Content-Security-Policy allows the inline import map by its
SHA-256 alone (api/security_headers.py).
"""

from __future__ import annotations

import base64
import gzip
import hashlib
import json
import mimetypes
import posixpath
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import brotli
from flask import Request, Response

#: hex digits of a file's SHA-256 in its hashed URL: 48 bits, no collision among our files
HASH_DIGITS = 12
#: the shape of a hashed URL's path, `js/api.3f9a0c1e2b4d.js`
HASHED_NAME = re.compile(rf"^.+\.[0-9a-f]{{{HASH_DIGITS}}}\.\w+$")
IMMUTABLE = "public, max-age=31536000, immutable"
#: the page and plain URLs: the browser asks each time, an unchanged file answers 304
REVALIDATE = "no-cache"
INDEX = "index.html"
MIMETYPES = {".js": "text/javascript", ".css": "text/css", ".html": "text/html"}
#: made once at start-up, so the slowest, smallest settings cost nothing per request (brotli at
#: 11 takes about a second for the whole app); no timestamp: every worker makes the same bytes
ENCODINGS: dict[str, Callable[[bytes], bytes]] = {
    "br": lambda body: brotli.compress(body, quality=11),
    "gzip": lambda body: gzip.compress(body, compresslevel=9, mtime=0),
}
COMPRESSIBLE = re.compile(r"^(text/|application/(json|javascript)|image/svg\+xml)")
#: `src="/js/app.js"`, `href="/css/app.css"` in index.html
LINKED = re.compile(r'\b(?P<attribute>src|href)="/(?P<path>[^"?#]+)"')
#: the module scripts of index.html: the import map must come before the first
MODULE_SCRIPT = re.compile(r'<script type="module"')
#: static imports, `import x from "./y.js"`, `export { x } from "./y.js"`, `import "./y.js"`
STATIC_IMPORT = re.compile(
    r'^\s*(?:import|export)\s+(?:[\w$*{},\s]+?\s+from\s*)?["\'](?P<specifier>[^"\']+)["\']',
    re.MULTILINE,
)


@dataclass(frozen=True)
class Asset:
    """One file, ready to send: its bytes, compressed bytes (each when smaller) and its hash."""

    path: str
    hashed_path: str
    body: bytes
    #: Content-Encoding → body, best first (brotli is smaller than gzip for text)
    encoded: dict[str, bytes]
    mimetype: str
    digest: str

    @classmethod
    def of(cls, path: str, body: bytes) -> Asset:
        digest = hashlib.sha256(body).hexdigest()[:HASH_DIGITS]
        stem, dot, suffix = path.rpartition(".")
        hashed_path = f"{stem}.{digest}.{suffix}" if dot and "/" not in suffix else path
        mimetype = MIMETYPES.get(f".{suffix}") or (
            mimetypes.guess_type(path)[0] or "application/octet-stream"
        )
        encoded: dict[str, bytes] = {}
        if COMPRESSIBLE.match(mimetype):
            for encoding, compress in ENCODINGS.items():
                compressed = compress(body)
                if len(compressed) < len(body):
                    encoded[encoding] = compressed
        return cls(path, hashed_path, body, encoded, mimetype, digest)

    def response(self, request: Request, cache_control: str) -> Response:
        """200 (compressed if the browser takes it) or 304 when its ETag still matches."""
        encoding = next((name for name in self.encoded if request.accept_encodings[name] > 0), None)
        response = Response(
            self.encoded[encoding] if encoding else self.body, mimetype=self.mimetype
        )
        # Each encoding is a representation of its own, with a strong ETag of its own.
        response.set_etag(f"{self.digest}-{encoding}" if encoding else self.digest)
        if encoding:
            response.headers["Content-Encoding"] = encoding
        response.headers["Vary"] = "Accept-Encoding"
        response.headers["Cache-Control"] = cache_control
        response.make_conditional(request)  # If-None-Match → 304 (in place)
        return response


@dataclass(frozen=True)
class StaticAssets:
    """Every file under one folder, by plain path and by hashed path, and the written page."""

    by_path: dict[str, Asset]
    by_hashed_path: dict[str, Asset]
    index: Asset
    import_map: dict[str, dict[str, str]]
    #: the CSP source that allows the inline import map: `'sha256-…'`
    import_map_source: str

    def find(self, path: str) -> tuple[Asset | None, bool]:
        """(the file at `path`, whether `path` is its hashed URL); (None, …) if none is."""
        if path == INDEX:
            return self.index, False
        if asset := self.by_hashed_path.get(path):
            return asset, True
        return self.by_path.get(path), False

    @staticmethod
    def looks_hashed(path: str) -> bool:
        """Shaped like a hashed URL: if no file has that hash (a deploy ago, or made up), a 404."""
        return HASHED_NAME.match(path) is not None


def _fingerprint(folder: Path) -> tuple[tuple[str, int, int], ...]:
    files = sorted(path for path in folder.rglob("*") if path.is_file())
    return tuple(
        (path.relative_to(folder).as_posix(), (stat := path.stat()).st_mtime_ns, stat.st_size)
        for path in files
    )


def load(folder: Path) -> StaticAssets:
    """The assets of `folder`, read again only when a file in it changed (size or time)."""
    return _build(folder, _fingerprint(folder))


@cache
def _build(folder: Path, fingerprint: tuple[tuple[str, int, int], ...]) -> StaticAssets:
    by_path = {
        path: Asset.of(path, (folder / path).read_bytes())
        for path, _, _ in fingerprint
        if path != INDEX
    }
    by_hashed_path = {asset.hashed_path: asset for asset in by_path.values()}
    import_map = {
        "imports": {
            f"/{asset.path}": f"/{asset.hashed_path}"
            for asset in sorted(by_path.values(), key=lambda asset: asset.path)
            if asset.mimetype == "text/javascript"
        }
    }
    script = json.dumps(import_map, separators=(",", ":"), sort_keys=True)
    page = _written_index((folder / INDEX).read_text(), by_path, script)
    digest = base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()
    return StaticAssets(
        by_path=by_path,
        by_hashed_path=by_hashed_path,
        index=Asset.of(INDEX, page.encode()),
        import_map=import_map,
        import_map_source=f"'sha256-{digest}'",
    )


def _written_index(page: str, by_path: dict[str, Asset], script: str) -> str:
    """index.html with hashed links, module preloads, and the import map before any module."""

    def hashed(match: re.Match) -> str:
        asset = by_path.get(match["path"])
        url = f"/{asset.hashed_path}" if asset else f"/{match['path']}"
        return f'{match["attribute"]}="{url}"'

    linked = LINKED.sub(hashed, page)
    entries = [m["path"] for m in LINKED.finditer(page) if m["path"].endswith(".js")]
    # The static imports of the entry modules, fetched at once instead of one level at a time.
    preloads = "".join(
        f'<link rel="modulepreload" href="/{by_path[path].hashed_path}">\n  '
        for path in _static_imports(entries, by_path)
        if path not in entries
    )
    head = f'<script type="importmap">{script}</script>\n  {preloads}'
    first_module = MODULE_SCRIPT.search(linked)
    if first_module is None:
        return linked
    return linked[: first_module.start()] + head + linked[first_module.start() :]


def _static_imports(entries: list[str], by_path: dict[str, Asset]) -> list[str]:
    """Every module the entries import statically, directly or not, in a stable order."""
    seen: list[str] = []
    waiting = list(entries)
    while waiting:
        path = waiting.pop(0)
        if path in seen or path not in by_path:
            continue
        seen.append(path)
        source = by_path[path].body.decode()
        for match in STATIC_IMPORT.finditer(source):
            specifier = match["specifier"]
            if specifier.startswith("."):
                base = posixpath.dirname("/" + path)
                waiting.append(posixpath.normpath(posixpath.join(base, specifier)).lstrip("/"))
            elif specifier.startswith("/"):
                waiting.append(specifier.lstrip("/"))
    return seen
