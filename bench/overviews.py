"""The home page and /national/ with the national region loaded (issue 27): prints figures, asserts nothing.

    .venv/bin/python bench/overviews.py [--repeat 7]

A fresh SQLite database with the demo regions and the national one (`load_demo --national`: 1 200
centres, 10 years; not timed), then in this process, after a warm-up that runs and stores every
baseline: ``region_overview_list()`` (every region's figures, read from the stored summaries) and
the two pages through Django's test client, medians and minima of ``--repeat`` calls, and the
pages' sizes. The server, the network and gzip are left out: ``bench/cache.py`` measures over HTTP.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent


def timed(call: Callable[[], object], repeat: int) -> tuple[float, float]:
    """(median, minimum) seconds of ``repeat`` calls after one that fills the cache."""
    call()
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        call()
        times.append(time.perf_counter() - started)
    return statistics.median(times), min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=7)
    repeat = parser.parse_args().repeat
    with tempfile.TemporaryDirectory() as folder:
        os.environ |= {
            "DATABASE_URL": f"sqlite:///{Path(folder) / 'overviews.sqlite3'}",
            "DJANGO_SETTINGS_MODULE": "config.settings.local",
            "DJANGO_DEBUG": "false",
        }
        manage = [sys.executable, "manage.py"]
        subprocess.run([*manage, "migrate", "--noinput", "-v", "0"], cwd=PROJECT, check=True)
        subprocess.run([*manage, "load_demo", "--national"], cwd=PROJECT, check=True, capture_output=True)
        measure(repeat)


def measure(repeat: int) -> None:
    sys.path.insert(0, str(PROJECT))
    import django

    django.setup()
    from django.test import Client

    from simulation.pages.overviews import region_overview_list

    client = Client(HTTP_HOST="127.0.0.1")
    median, least = timed(region_overview_list, repeat)
    print(f"region_overview_list(): median {median:.3f} s, min {least:.3f} s")
    for url in ("/", "/national/"):
        median, least = timed(lambda url=url: client.get(url), repeat)
        size = len(client.get(url).content)
        print(f"{url:<11} median {median:.3f} s, min {least:.3f} s, {size / 1000:.0f} KB of HTML")


if __name__ == "__main__":
    main()
