"""How much a 500 MB evidence upload raises the server's peak memory (target: < 64 MB).

python -m bench upload   (BENCH_DATABASE_URL names the PostgreSQL server; BENCH_UPLOAD_MB
the size, default 500)

One gunicorn worker serves the upload, so its peak resident memory (VmHWM in
/proc/<pid>/status) is the figure: read after a small warm-up upload, and again after the big
one. The client generates the multipart body as it sends it, a megabyte at a time, and sends an
Idempotency-Key so the request fingerprint reads the file too.
"""

from __future__ import annotations

import http.client
import json
import os
import secrets
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import psycopg

from api.db import new_id
from bench.database import bench_app, scratch_database
from bench.district import NOW, _copy, _token_row
from bench.load import RESULTS, write_upload_section
from bench.server import gunicorn

MEGABYTE = 1024 * 1024
UPLOAD_MB = int(os.environ.get("BENCH_UPLOAD_MB", "500"))
LIMIT_MB = 64
BOUNDARY = "benchboundaryQ0hVd3JpdGluZw"


def _seed(url: str) -> tuple[str, str]:
    """One team with a teacher holding a token and an open cycle; returns (cycle id, token)."""
    organization_id, user_id, team_id = new_id(), new_id(), new_id()
    puzzle_id, cycle_id = new_id(), new_id()
    secret = "eaa_" + secrets.token_urlsafe(32)
    plain = url.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(plain) as connection, connection.cursor() as cursor:
        _copy(cursor, "organizations", [{"id": organization_id, "name": "Upload School"}])
        _copy(cursor, "users", [{"id": user_id, "email": "t@upload.example", "display_name": "T"}])
        _copy(cursor, "org_memberships", [{"organization_id": organization_id, "user_id": user_id}])
        _copy(cursor, "teams", [{"id": team_id, "organization_id": organization_id, "name": "T"}])
        _copy(cursor, "memberships", [{"team_id": team_id, "user_id": user_id, "role": "teacher"}])
        _copy(cursor, "puzzles", [{"id": puzzle_id, "team_id": team_id, "question": "How?"}])
        _copy(
            cursor,
            "cycles",
            [
                {
                    "id": cycle_id,
                    "puzzle_id": puzzle_id,
                    "team_id": team_id,
                    "number": 1,
                    "state": "evidence",
                    "version": 2,
                    "state_changed_at": NOW,
                    "last_activity_at": NOW,
                }
            ],
        )
        _copy(cursor, "cycle_facilitators", [{"cycle_id": cycle_id, "user_id": user_id}])
        _copy(cursor, "api_tokens", [_token_row(user_id, secret)])
        connection.commit()
    return cycle_id, secret


def _memory_kb(pid: int) -> dict[str, int]:
    fields = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        name, _, value = line.partition(":")
        if name in ("VmHWM", "VmRSS"):
            fields[name] = int(value.split()[0])
    return fields


def _wav_body(size: int) -> tuple[int, Iterator[bytes]]:
    """A multipart body holding a WAV file of `size` bytes, made as it is sent."""
    head = (
        f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="title"\r\n\r\n'
        "Class discussion, recorded\r\n"
        f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="file"; '
        'filename="discussion.wav"\r\nContent-Type: audio/wav\r\n\r\n'
    ).encode()
    tail = f"\r\n--{BOUNDARY}--\r\n".encode()
    wav_header = b"RIFF" + (size - 8).to_bytes(4, "little") + b"WAVEfmt "
    chunk = bytes(MEGABYTE)

    def parts() -> Iterator[bytes]:
        yield head
        yield wav_header
        left = size - len(wav_header)
        while left > 0:
            yield chunk[: min(left, MEGABYTE)]
            left -= MEGABYTE
        yield tail

    return len(head) + size + len(tail), parts()


def _upload(base_url: str, cycle_id: str, token: str, size: int) -> tuple[int, dict]:
    length, body = _wav_body(size)
    parts = urlsplit(base_url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=600)
    connection.request(
        "POST",
        f"/api/v1/cycles/{cycle_id}/evidence",
        body=body,
        headers={
            "Authorization": f"Bearer {token}",
            "Content-Type": f"multipart/form-data; boundary={BOUNDARY}",
            "Content-Length": str(length),
            "Idempotency-Key": secrets.token_hex(8),
        },
    )
    response = connection.getresponse()
    payload = json.loads(response.read() or b"{}")
    connection.close()
    return response.status, payload


def main(upload_mb: int = UPLOAD_MB) -> dict:
    size = upload_mb * MEGABYTE
    with scratch_database() as url, tempfile.TemporaryDirectory(prefix="eaa-upload-") as tmp:
        bench_app(url)
        cycle_id, token = _seed(url)
        with gunicorn(
            url,
            Path(tmp) / "files",
            workers=1,
            max_upload_bytes=size + MEGABYTE,
            log_file=Path(tmp) / "gunicorn.log",
        ) as server:
            (worker,) = server.worker_pids()
            status, _ = _upload(server.url, cycle_id, token, MEGABYTE)
            if status != 201:
                raise SystemExit(f"The warm-up upload got {status}")
            before = _memory_kb(worker)
            started = time.perf_counter()
            status, payload = _upload(server.url, cycle_id, token, size)
            seconds = time.perf_counter() - started
            after = _memory_kb(worker)
    raised_mb = (after["VmHWM"] - before["VmHWM"]) / 1024
    RESULTS.mkdir(exist_ok=True)
    figures = {
        "upload_mb": upload_mb,
        "status": status,
        "stored_size": payload.get("size"),
        "seconds": round(seconds, 1),
        "peak_rss_before_mb": round(before["VmHWM"] / 1024, 1),
        "peak_rss_after_mb": round(after["VmHWM"] / 1024, 1),
        "peak_rss_raised_mb": round(raised_mb, 1),
        "under_limit": status == 201 and raised_mb < LIMIT_MB,
        "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
    }
    summary = (
        f"A {upload_mb} MB WAV as multipart to one gunicorn worker: "
        f"HTTP {status} in {seconds:.1f} s ({upload_mb / seconds:.0f} MB/s); worker peak RSS "
        f"{figures['peak_rss_before_mb']} MB → {figures['peak_rss_after_mb']} MB, raised by "
        f"{raised_mb:.1f} MB: {'under' if figures['under_limit'] else 'NOT under'} "
        f"the {LIMIT_MB} MB target ({figures['date']})."
    )
    print(f"\nUpload memory: {summary}")
    write_upload_section(summary)
    (RESULTS / f"{time.strftime('%Y-%m-%d', time.gmtime())}-upload.json").write_text(
        json.dumps(figures, indent=2) + "\n"
    )
    return figures


if __name__ == "__main__":
    main()
