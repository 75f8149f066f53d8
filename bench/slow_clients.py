"""Slow clients against the two ways Vårdpeng is served: prints figures, asserts nothing.

    .venv/bin/python bench/slow_clients.py [--base-port 8300] [--seconds 20]

1. `make run`'s server: gunicorn exactly as the Makefile's `run` recipe starts it (read from the
   Makefile), local settings, a throw-away SQLite database.
2. The compose shape: gunicorn as docker-compose.yml's `web` service starts it (read from the
   compose file, bound to 127.0.0.1 instead of 0.0.0.0), production settings, behind Debian's
   nginx (`apt-get install nginx-light`) running a config generated from
   deploy/nginx/vardpeng.conf.template — the file the compose's `proxy` service uses — with a
   self-signed certificate. Clients speak TLS to it, as they would in production.

Against each, for `--seconds`: N slow-header connections (slowloris: a request line, then one more
header line every 2 s, never the blank line that ends the headers) and N slow-body connections (the
sign-in form POSTed as 100 KB announced, then 10 bytes every 2 s), while a probe asks for /healthz every half
second on a fresh connection with a 5 s timeout. It prints how many probes were answered, how
slowly, and how long the server let the slow connections hang on.
"""

from __future__ import annotations

import argparse
import os
import re
import shlex
import shutil
import socket
import ssl
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path
from string import Template

import yaml

PROJECT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
TEMPLATE = PROJECT / "deploy" / "nginx" / "vardpeng.conf.template"
HOST = "localhost"
PROBE_TIMEOUT = 5.0


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def makefile_gunicorn(port: int) -> list[str]:
    """The gunicorn command of the Makefile's `run` recipe, with its PORT and WORKERS."""
    text = (PROJECT / "Makefile").read_text()
    workers = re.search(r"^WORKERS \?= (\d+)", text, re.M).group(1)
    recipe = text.split("\nrun:", 1)[1]
    line = next(line for line in recipe.splitlines() if "$(BIN)/gunicorn" in line)
    arguments = line.split("$(BIN)/gunicorn", 1)[1].replace("$(PORT)", str(port)).replace("$(WORKERS)", workers)
    return [PYTHON, "-m", "gunicorn", *shlex.split(arguments)]


def compose_gunicorn(port: int) -> list[str]:
    """The gunicorn command of docker-compose.yml's `web` service, bound to 127.0.0.1:port."""
    command = yaml.safe_load((PROJECT / "docker-compose.yml").read_text())["services"]["web"]["command"]
    gunicorn = "gunicorn " + command.split("gunicorn ", 1)[1].rstrip('"\n ')
    arguments = shlex.split(gunicorn.replace("0.0.0.0:8000", f"127.0.0.1:{port}"))
    return [PYTHON, "-m", "gunicorn", *arguments[1:]]


def nginx_config(folder: Path, upstream: int, http_port: int, https_port: int) -> Path:
    """A whole nginx configuration around the compose proxy's server blocks, filled in the way the
    nginx image's envsubst fills them (only our variables; nginx's own $variables stay)."""
    certificate = ["-keyout", str(folder / "privkey.pem"), "-out", str(folder / "fullchain.pem")]
    self_signed = ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", f"/CN={HOST}"]
    subprocess.run(
        [*self_signed, *certificate],
        check=True,
        capture_output=True,
    )
    servers = Template(TEMPLATE.read_text()).safe_substitute(
        VARDPENG_UPSTREAM=f"127.0.0.1:{upstream}",
        VARDPENG_HTTP_PORT=str(http_port),
        VARDPENG_HTTPS_PORT=str(https_port),
        VARDPENG_TLS_DIR=str(folder),
    )
    (folder / "vardpeng.conf").write_text(servers)
    for temp in ("body", "proxy", "fastcgi", "uwsgi", "scgi"):
        (folder / temp).mkdir()
    folder.chmod(0o777)
    main = folder / "nginx.conf"
    main.write_text(
        f"""daemon off;
worker_processes 1;
pid {folder}/nginx.pid;
error_log {folder}/error.log warn;
events {{ worker_connections 4096; }}
http {{
    access_log off;
    client_body_temp_path {folder}/body;
    proxy_temp_path {folder}/proxy;
    fastcgi_temp_path {folder}/fastcgi;
    uwsgi_temp_path {folder}/uwsgi;
    scgi_temp_path {folder}/scgi;
    include {folder}/vardpeng.conf;
}}
"""
    )
    return main


def wait_until_up(url: str, context: ssl.SSLContext | None = None) -> None:
    for _ in range(300):
        try:
            probe(url, context)
            return
        except OSError:
            time.sleep(0.1)
    raise SystemExit(f"{url} did not come up")


def probe(url: str, context: ssl.SSLContext | None) -> int:
    request = urllib.request.Request(url, headers={"Host": HOST})
    try:
        with urllib.request.urlopen(request, timeout=PROBE_TIMEOUT, context=context) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


class SlowClient(threading.Thread):
    """One connection that sends its request a little at a time until the server closes it."""

    def __init__(self, port: int, tls: bool, kind: str, until: float):
        super().__init__(daemon=True)
        self.port, self.tls, self.kind, self.until = port, tls, kind, until
        self.held = 0.0  # seconds the server let it hang on
        self.closed_by_server = False

    def connect(self) -> socket.socket:
        raw = socket.create_connection(("127.0.0.1", self.port), timeout=5)
        if not self.tls:
            return raw
        context = ssl._create_unverified_context()  # our own self-signed certificate
        return context.wrap_socket(raw, server_hostname=HOST)

    def run(self) -> None:
        started = time.monotonic()
        try:
            conn = self.connect()
            if self.kind == "headers":
                conn.sendall(f"GET /healthz HTTP/1.1\r\nHost: {HOST}\r\n".encode())
                trickle = [f"X-Slow-{i}: x\r\n".encode() for i in range(10_000)]
            else:
                # The sign-in form with a CSRF cookie: Django reads the whole body (for the form's
                # CSRF token) before anything else.
                head = (
                    f"POST /accounts/login/ HTTP/1.1\r\nHost: {HOST}\r\nCookie: csrftoken={'a' * 32}\r\n"
                    "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 100000\r\n\r\n"
                )
                conn.sendall(head.encode())
                trickle = [b"a=aaaaaaa&"] * 10_000
            conn.settimeout(2.0)
            for piece in trickle:
                if time.monotonic() >= self.until:
                    break
                conn.sendall(piece)
                try:
                    if conn.recv(1) == b"":
                        raise ConnectionResetError
                    self.closed_by_server = True  # it answered (408, 413…): done with us
                    break
                except (TimeoutError, ssl.SSLWantReadError):
                    continue  # nothing from the server yet: keep trickling
            conn.close()
        except OSError:
            self.closed_by_server = True
        self.held = time.monotonic() - started


def attack(port: int, tls: bool, probe_url: str, kind: str, count: int, seconds: float) -> str:
    until = time.monotonic() + seconds
    clients = [SlowClient(port, tls, kind, until) for _ in range(count)]
    for client in clients:
        client.start()
    time.sleep(0.5)
    context = ssl._create_unverified_context() if probe_url.startswith("https") else None
    answered, times = 0, []
    asked = 0
    while time.monotonic() < until:
        asked += 1
        started = time.monotonic()
        try:
            if probe(probe_url, context) == 200:
                answered += 1
        except OSError:
            pass
        times.append(time.monotonic() - started)
        time.sleep(max(0.0, 0.5 - (time.monotonic() - started)))
    for client in clients:
        client.join(timeout=10)
    held = sorted(c.held for c in clients)
    closed = sum(c.closed_by_server for c in clients)
    return (
        f"{count:>3} slow-{kind} connections: /healthz answered {answered}/{asked} "
        f"(median {statistics.median(times) * 1000:.0f} ms, worst {max(times):.1f} s); "
        f"the server closed {closed}/{count} of them, after a median {statistics.median(held):.0f} s"
    )


def start(command: list[str], env: dict, log: Path) -> subprocess.Popen:
    return subprocess.Popen(
        command, cwd=PROJECT, env=env, stdout=log.open("w"), stderr=subprocess.STDOUT, start_new_session=True
    )


def stop(process: subprocess.Popen) -> None:
    os.killpg(process.pid, 15)
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, 9)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--base-port", type=int, default=0, help="this port and the next three (default: free ones)")
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--many", type=int, default=100, help="the larger number of slow connections")
    parser.add_argument("--only", choices=["make", "compose"], help="run one of the two")
    parser.add_argument("--gunicorn", default="", help="more gunicorn options for both, e.g. '-k gthread --threads 4'")
    args = parser.parse_args()
    if shutil.which("nginx") is None and not Path("/usr/sbin/nginx").exists():
        raise SystemExit("needs Debian's nginx: apt-get install -y nginx-light")
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    ports = [args.base_port + i for i in range(4)] if args.base_port else [free_port() for _ in range(4)]
    make_port, web_port, http_port, https_port = ports

    work = Path(tempfile.mkdtemp(prefix="vardpeng-slow-"))
    env = os.environ | {
        "DATABASE_URL": f"sqlite:///{work / 'bench.sqlite3'}",
        "VARDPENG_SIMULATE_RATE": "100000/min",
    }
    subprocess.run(
        [PYTHON, "manage.py", "migrate", "--noinput", "-v", "0"],
        cwd=PROJECT,
        env=env | {"DJANGO_SETTINGS_MODULE": "config.settings.local"},
        check=True,
    )
    production = env | {
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "DJANGO_SECRET_KEY": "bench-only-" + "x" * 50,
        "DJANGO_ALLOWED_HOSTS": f"{HOST},127.0.0.1",
        "CACHE_URL": "locmemcache://",
    }
    processes = []
    try:
        if args.only != "compose":
            make_command = makefile_gunicorn(make_port) + shlex.split(args.gunicorn)
            print("make run:", " ".join(make_command[2:]))
            local = env | {"DJANGO_SETTINGS_MODULE": "config.settings.local"}
            processes.append(start(make_command, local, work / "make-run.log"))
            health = f"http://127.0.0.1:{make_port}/healthz"
            wait_until_up(health)
            for kind, count in (("headers", 6), ("headers", args.many), ("body", 6)):
                print("  ", attack(make_port, False, health, kind, count, args.seconds))
            stop(processes.pop())
        if args.only == "make":
            return

        web_command = compose_gunicorn(web_port) + shlex.split(args.gunicorn)
        print("compose: nginx (deploy/nginx/vardpeng.conf.template) →", " ".join(web_command[2:]))
        processes.append(start(web_command, production, work / "web.log"))
        config = nginx_config(work, web_port, http_port, https_port)
        processes.append(start([nginx, "-c", str(config), "-p", str(work)], env, work / "nginx.log"))
        https = f"https://127.0.0.1:{https_port}/healthz"
        wait_until_up(https, ssl._create_unverified_context())
        straight = probe(f"http://127.0.0.1:{web_port}/healthz", None)
        plain = probe(f"http://127.0.0.1:{http_port}/healthz", None)
        print(f"   health checks over plain HTTP (production settings): web's {straight}, the proxy's {plain}")
        for kind, count in (("headers", 6), ("headers", args.many), ("body", 6)):
            print("  ", attack(https_port, True, https, kind, count, args.seconds))
    finally:
        for process in processes:
            stop(process)
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
