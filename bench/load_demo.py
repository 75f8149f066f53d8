"""How long `load_demo` takes, as `make run` runs it on every start: prints figures, asserts nothing.

    .venv/bin/python bench/load_demo.py [--repeat 3]

A fresh SQLite database (migrated first, not timed), then `load_demo` on it: the first load (every
region's data, its history and outturn, the presets) and the loads after it (nothing changed: the
demo is idempotent). Wall time and the CPU time of the process (the machine may be shared), each
load in its own interpreter as `make run` starts it. Aim: a few seconds.
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent


def timed(args: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall and CPU seconds of one command (CPU: the child's user + system time)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run(args, cwd=PROJECT, env=env, check=True, capture_output=True)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=3)
    repeat = parser.parse_args().repeat
    with tempfile.TemporaryDirectory() as folder:
        env = os.environ | {
            "DJANGO_SETTINGS_MODULE": "config.settings.local",
            "DATABASE_URL": f"sqlite:///{folder}/bench.sqlite3",
        }
        manage = [sys.executable, "manage.py"]
        subprocess.run([*manage, "migrate", "-v", "0"], cwd=PROJECT, env=env, check=True)
        wall, cpu = timed([*manage, "load_demo"], env)
        print(f"first load:  {wall:5.2f} s wall, {cpu:5.2f} s CPU")
        for i in range(repeat):
            wall, cpu = timed([*manage, "load_demo"], env)
            print(f"reload {i + 1}:    {wall:5.2f} s wall, {cpu:5.2f} s CPU (nothing changed)")


if __name__ == "__main__":
    main()
