"""The server the HTTP benchmarks measure: `make run`'s kind (gunicorn, 3 sync workers, DEBUG off)
on a throw-away database with the demo loaded and an administrator's API token."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
MANAGE = [PYTHON, "manage.py"]


def bench_env(database_url: str) -> dict[str, str]:
    """DEBUG off and no throttle (the benchmark is not a client to slow down)."""
    return os.environ | {
        "DATABASE_URL": database_url,
        "DJANGO_SETTINGS_MODULE": "config.settings.local",
        "DJANGO_DEBUG": "false",
        "VARDPENG_SIMULATE_RATE": "100000/min",
    }


def demo_database(env: dict[str, str], *, national: bool = False) -> str:
    """Migrate, load the demo (with the national region if asked) and return an admin's token."""
    subprocess.run([*MANAGE, "migrate", "--noinput", "-v", "0"], cwd=PROJECT, env=env, check=True)
    demo = [*MANAGE, "load_demo", *(["--national"] if national else [])]
    subprocess.run(demo, cwd=PROJECT, env=env, check=True, capture_output=True)
    made = subprocess.run(
        [*MANAGE, "create_api_token", "bench", "--role", "admin"],
        cwd=PROJECT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    return made.stdout.split()[-1].strip()


def gunicorn(env: dict[str, str], port: int, timeout: int = 120) -> tuple[subprocess.Popen, str]:
    """Start gunicorn on ``port`` and wait (up to 20 s) until /healthz answers."""
    server = subprocess.Popen(
        [PYTHON, "-m", "gunicorn", "config.wsgi", "-b", f"127.0.0.1:{port}", "-w", "3", "--timeout", str(timeout)],
        cwd=PROJECT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    for _ in range(200):
        try:
            urllib.request.urlopen(f"{base}/healthz", timeout=1)
            break
        except OSError:
            time.sleep(0.1)
    return server, base
