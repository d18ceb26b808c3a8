"""Pick a storage backend from a ``STORAGE_URL``."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qsl, unquote, urlsplit

from api.storage.base import Storage
from api.storage.local import LocalStorage
from api.storage.s3 import S3Storage

_S3_OPTIONS = {"endpoint_url", "region", "access_key_id", "secret_access_key"}
_EXAMPLES = (
    "file:///srv/eaa/files, or s3://bucket?endpoint_url=http://127.0.0.1:9000&region=us-east-1"
)


def storage_from_url(url: str | None, default_root: Path) -> Storage:
    """Build the backend a URL names.

    - empty → ``LocalStorage(default_root)``;
    - ``file:///absolute/path`` → ``LocalStorage`` there;
    - ``s3://bucket[/prefix]?endpoint_url=...&region=...&access_key_id=...&secret_access_key=...``
      → ``S3Storage`` (every option may be left out; keys then come from the AWS environment).

    Raises ``ValueError`` saying what is wrong; the message never repeats the URL, which may
    hold a secret.
    """
    url = (url or "").strip()
    if not url:
        return LocalStorage(default_root)
    parts = urlsplit(url)
    if parts.scheme == "file":
        if parts.netloc not in ("", "localhost") or not parts.path.startswith("/"):
            raise ValueError(
                "STORAGE_URL: a file URL needs an absolute path after three slashes, "
                f"like {_EXAMPLES}"
            )
        if parts.query:
            raise ValueError("STORAGE_URL: a file URL takes no options after '?'")
        return LocalStorage(Path(unquote(parts.path)))
    if parts.scheme == "s3":
        bucket = parts.hostname
        if not bucket:
            raise ValueError(f"STORAGE_URL: an s3 URL needs a bucket name, like {_EXAMPLES}")
        options = dict(parse_qsl(parts.query, keep_blank_values=True))
        unknown = sorted(set(options) - _S3_OPTIONS)
        if unknown:
            raise ValueError(
                f"STORAGE_URL: unknown s3 option(s) {', '.join(unknown)}; "
                f"known options are {', '.join(sorted(_S3_OPTIONS))}"
            )
        endpoint_url = options.get("endpoint_url") or None
        if endpoint_url and urlsplit(endpoint_url).scheme not in ("http", "https"):
            raise ValueError("STORAGE_URL: endpoint_url must start with http:// or https://")
        prefix = unquote(parts.path).strip("/")
        return S3Storage(
            bucket,
            endpoint_url=endpoint_url,
            region=options.get("region") or None,
            access_key_id=options.get("access_key_id") or None,
            secret_access_key=options.get("secret_access_key") or None,
            prefix=f"{prefix}/" if prefix else "",
        )
    raise ValueError(
        f"STORAGE_URL: unsupported scheme {parts.scheme!r}; use an empty value, {_EXAMPLES}"
    )
