"""Hostile uploads against `make run`'s kind of server: prints timings, asserts nothing.

    .venv/bin/python bench/uploads.py [--port 8201]

Gunicorn with three sync workers (as `make run`), DEBUG off, on a throw-away SQLite database with
the demo loaded. Issue 21's files:
- three simultaneous uploads of the workbook whose one 90 MB shared string names 3 999 centres
  (about 0,7 MB, under the zip bomb's ratio), while /healthz is asked every 0,1 s: each upload's
  answer and time, and /healthz's slowest answer meanwhile (the goal: each refused within 5 s,
  /healthz within 2 s); then the same with a 15 MB string, within every size bound;
- one upload each of the 88 MB stylesheet, the 2 M shared strings and the 420 000 rows;
- a page upload and an API upload that declare 200 MB and send only their first 64 KB: the time
  until the server answers (refused before the body is read, so it never waits for the rest).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path

from serving import demo_database, gunicorn

PROJECT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
sys.path.insert(0, str(PROJECT))


def multipart(filename: str, content: bytes, content_type: str) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    head = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{filename}"\r\n'
        f"Content-Type: {content_type}\r\n\r\n"
    ).encode()
    return head + content + f"\r\n--{boundary}--\r\n".encode(), f"multipart/form-data; boundary={boundary}"


def post(url: str, token: str, filename: str, content: bytes) -> tuple[int, float, bytes]:
    body, content_type = multipart(filename, content, "application/octet-stream")
    request = urllib.request.Request(url, data=body, method="POST")
    request.add_header("Authorization", f"Token {token}")
    request.add_header("Content-Type", content_type)
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(request, timeout=120) as response:
            return response.status, time.perf_counter() - started, response.read()
    except urllib.error.HTTPError as error:
        return error.code, time.perf_counter() - started, error.read()
    except OSError as error:
        return 0, time.perf_counter() - started, str(error).encode()


def serve(folder: str, port: int):
    env = os.environ | {
        "DATABASE_URL": f"sqlite:///{folder}/bench.sqlite3",
        "DJANGO_SETTINGS_MODULE": "config.settings.local",
        "DJANGO_DEBUG": "false",
    }
    token = demo_database(env)
    manage = [PYTHON, "manage.py"]
    session = subprocess.run(
        [
            *manage,
            "shell",
            "-c",
            "from django.contrib.auth.models import User; from django.contrib.sessions.backends.db import SessionStore;"
            "u = User.objects.get(username='bench'); s = SessionStore();"
            "s['_auth_user_id'] = str(u.pk); s['_auth_user_backend'] = 'django.contrib.auth.backends.ModelBackend';"
            "s['_auth_user_hash'] = u.get_session_auth_hash(); s.create(); print(s.session_key)",
        ],
        cwd=PROJECT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout.split()[-1]
    server, base = gunicorn(env, port)
    return server, base, token, session


def health_while(stop: threading.Event, times: list[float], base: str) -> None:
    while not stop.is_set():
        started = time.perf_counter()
        try:
            urllib.request.urlopen(f"{base}/healthz", timeout=30).read()
            times.append(time.perf_counter() - started)
        except OSError:
            times.append(float("inf"))
        time.sleep(0.1)


def simultaneous(base: str, token: str, label: str, data: bytes, count: int = 3) -> None:
    url = f"{base}/api/v1/regions/AC/datasets/"
    answers: list[tuple[int, float, bytes]] = []
    health: list[float] = []
    stop = threading.Event()
    watcher = threading.Thread(target=health_while, args=(stop, health, base))
    watcher.start()
    time.sleep(0.3)
    uploads = [
        threading.Thread(target=lambda: answers.append(post(url, token, "huge.xlsx", data))) for _ in range(count)
    ]
    for thread in uploads:
        thread.start()
    for thread in uploads:
        thread.join()
    stop.set()
    watcher.join()
    print(f"{count} simultaneous uploads of the {label} ({len(data) // 1024} KB file):")
    for status, seconds, body in answers:
        print(f"  {status} in {seconds:.2f} s: {body[:160].decode(errors='replace')}")
    print(
        f"  /healthz meanwhile: {len(health)} answers, median {statistics.median(health):.3f} s, "
        f"slowest {max(health):.3f} s"
    )


def declared_but_not_sent(base: str, path: str, headers: dict[str, str], megabytes: int = 200) -> tuple[str, float]:
    """Declare a body of ``megabytes`` MB, send its first 64 KB, and time the server's answer."""
    host, port = base.removeprefix("http://").split(":")
    boundary = uuid.uuid4().hex
    lines = [
        f"POST {path} HTTP/1.1",
        f"Host: {host}:{port}",
        f"Content-Type: multipart/form-data; boundary={boundary}",
        f"Content-Length: {megabytes * 1024 * 1024}",
        *(f"{k}: {v}" for k, v in headers.items()),
        "Connection: close",
    ]
    started = time.perf_counter()
    with socket.create_connection((host, int(port)), timeout=60) as connection:
        connection.sendall(("\r\n".join(lines) + "\r\n\r\n").encode())
        first = f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.csv"\r\n\r\n'.encode()
        with contextlib.suppress(OSError):  # the server may already have answered and closed
            connection.sendall(first + b"x" * (64 * 1024))
        answer = connection.recv(4096).split(b"\r\n", 1)[0].decode(errors="replace")
    return answer, time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, default=8201)
    port = parser.parse_args().port
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    import django

    django.setup()
    from tests.api import hostile_files

    started = time.perf_counter()
    files = {
        "90 MB shared string": hostile_files.huge_shared_string(90),
        "88 MB styles.xml": hostile_files.huge_stylesheet(88),
        "2 M shared strings": hostile_files.many_shared_strings(2_000_000),
        "420 000 rows": hostile_files.many_rows(420_000),
    }
    print(f"files built in {time.perf_counter() - started:.1f} s")
    with tempfile.TemporaryDirectory() as folder:
        server, base, token, session = serve(folder, port)
        try:
            simultaneous(base, token, "90 MB shared string", files["90 MB shared string"])
            # Within every size bound: the cell's length, checked before its characters, refuses it.
            simultaneous(base, token, "15 MB shared string (within the bounds)", hostile_files.huge_shared_string(15))
            for name, data in files.items():
                status, seconds, body = post(f"{base}/api/v1/regions/AC/datasets/", token, "hostile.xlsx", data)
                said = body[:120].decode(errors="replace")
                print(f"{name} ({len(data) // 1024} KB): {status} in {seconds:.2f} s: {said}")
            answer, seconds = declared_but_not_sent(base, "/regions/AC/upload/", {"Cookie": f"sessionid={session}"})
            print(f"page upload declaring 200 MB, 64 KB sent: {answer} after {seconds:.2f} s")
            answer, seconds = declared_but_not_sent(
                base, "/api/v1/regions/AC/datasets/", {"Authorization": f"Token {token}"}
            )
            print(f"API upload declaring 200 MB, 64 KB sent: {answer} after {seconds:.2f} s")
        finally:
            server.terminate()
            server.wait()


if __name__ == "__main__":
    main()
