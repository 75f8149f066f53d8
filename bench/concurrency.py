"""Concurrent writers under gunicorn: prints status counts, asserts nothing.

    .venv/bin/python bench/concurrency.py            # SQLite, then PostgreSQL if 127.0.0.1:5432 answers

Issue 10's reproductions, on production-like servers (gunicorn, 3 workers, DEBUG off):
- 20 simultaneous PATCHes of one scenario, 20 rounds: each round must give one 200 and 412s for the
  rest, never a 500 (`database is locked` on SQLite before WAL and immediate transactions);
- 120 uploads in parallel batches, each adding the same new centre code to the region: 201 or 400,
  never a 500 (a duplicate key on `centre_code_unique_per_region` before creation was race-free).
"""

from __future__ import annotations

import collections
import json
import os
import socket
import sys
import tempfile
import time
import urllib.error
import urllib.request
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from serving import bench_env, demo_database, gunicorn

PROJECT = Path(__file__).resolve().parent.parent
PATCHES_PER_ROUND, ROUNDS = 20, 20
UPLOADS, UPLOAD_THREADS = 120, 12


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def request(method: str, url: str, token: str, body: bytes | None = None, headers: dict | None = None):
    req = urllib.request.Request(url, data=body, method=method)
    req.add_header("Authorization", f"Token {token}")
    for key, value in (headers or {}).items():
        req.add_header(key, value)
    try:
        with urllib.request.urlopen(req, timeout=60) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def multipart(filename: str, content: bytes) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    body = (
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{filename}"\r\n'
            f"Content-Type: text/csv\r\n\r\n"
        ).encode()
        + content
        + f"\r\n--{boundary}--\r\n".encode()
    )
    return body, f"multipart/form-data; boundary={boundary}"


def serve(database_url: str):
    env = bench_env(database_url)
    token = demo_database(env)
    server, base = gunicorn(env, free_port(), timeout=60)
    return server, base, token


def parallel_patches(base: str, token: str) -> collections.Counter:
    _, _, body = request("GET", f"{base}/api/v1/regions/AC/scenarios/", token)
    scenario = json.loads(body)[0]["id"]
    url = f"{base}/api/v1/scenarios/{scenario}/"
    counts: collections.Counter = collections.Counter()
    winners = []
    with ThreadPoolExecutor(PATCHES_PER_ROUND) as pool:
        for round_ in range(ROUNDS):
            _, headers, _ = request("GET", url, token)
            etag = headers["ETag"]
            body = json.dumps({"description": f"round {round_}"}).encode()
            headers = {"Content-Type": "application/json", "If-Match": etag}
            answers = [
                future.result()[0]
                for future in [
                    pool.submit(request, "PATCH", url, token, body, headers) for _ in range(PATCHES_PER_ROUND)
                ]
            ]
            counts.update(answers)
            winners.append(answers.count(200))
    counts["rounds with exactly one 200"] = sum(1 for w in winners if w == 1)
    return counts


def parallel_uploads(base: str, token: str) -> collections.Counter:
    from healthcentres.uploads.template import template_csv

    header, *rows = template_csv().lstrip("\ufeff").splitlines()
    counts: collections.Counter = collections.Counter()

    def upload(i: int) -> int:
        # Every upload adds the same new centre code (NY-1), next to the template's rows.
        extra = rows[0].split(";")
        extra[0], extra[1] = "NY-1", "Ny vårdcentral"
        content = "\n".join([header, *rows, ";".join(extra)]).encode("utf-8")
        body, content_type = multipart(f"upload-{i}.csv", content)
        return request("POST", f"{base}/api/v1/regions/AC/datasets/", token, body, {"Content-Type": content_type})[0]

    with ThreadPoolExecutor(UPLOAD_THREADS) as pool:
        counts.update(pool.map(upload, range(UPLOADS)))
    return counts


def run(label: str, database_url: str) -> None:
    server, base, token = serve(database_url)
    try:
        started = time.perf_counter()
        patches = parallel_patches(base, token)
        middle = time.perf_counter()
        uploads = parallel_uploads(base, token)
        done = time.perf_counter()
    finally:
        server.terminate()
        server.wait()
    print(f"{label}: {ROUNDS} rounds × {PATCHES_PER_ROUND} parallel PATCHes in {middle - started:.1f} s")
    print(f"  statuses {dict(sorted((k, v) for k, v in patches.items() if isinstance(k, int)))}")
    print(f"  rounds with exactly one 200: {patches['rounds with exactly one 200']}/{ROUNDS}")
    print(f"{label}: {UPLOADS} uploads adding the same centre, {UPLOAD_THREADS} at a time, in {done - middle:.1f} s")
    print(f"  statuses {dict(sorted(uploads.items()))}")


def main() -> None:
    sys.path.insert(0, str(PROJECT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
    with tempfile.TemporaryDirectory() as folder:
        run("SQLite", f"sqlite:///{folder}/bench.sqlite3")
    try:
        import psycopg2

        name = f"vardpeng_bench_{os.getpid()}"
        admin = psycopg2.connect(host="127.0.0.1", port=5432, user="postgres", dbname="postgres")
        admin.autocommit = True
    except Exception as error:
        print(f"PostgreSQL: not measured ({error})")
        return
    with admin.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{name}"')
    try:
        run("PostgreSQL", f"postgres://postgres@127.0.0.1:5432/{name}")
    finally:
        with admin.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


if __name__ == "__main__":
    main()
