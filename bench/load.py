"""Load on `make run`'s server: prints latency percentiles and errors, asserts nothing.

    .venv/bin/python bench/load.py [--requests 400]

gunicorn as `make run` starts it (3 workers, local settings, DEBUG off, the simulate rate limit
lifted: the clients are one user), SQLite with the demo regions. For 8 and for 50 concurrent
clients: POST /api/v1/simulate with a demo region's document (Västerbotten, 38 centres, 10 years)
and GET of a saved scenario's cached projection. Aim (issue 13): 0 errors, p95 ≤ 100 ms at 8 clients.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import statistics
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
spec = importlib.util.spec_from_file_location("bench_concurrency", PROJECT / "bench" / "concurrency.py")
concurrency = importlib.util.module_from_spec(spec)
spec.loader.exec_module(concurrency)


def run(clients: int, total: int, call) -> str:
    def timed(_: int) -> tuple[int, float]:
        started = time.perf_counter()
        try:
            status = call()
        except OSError:
            status = 0  # connection refused or reset
        return status, time.perf_counter() - started

    started = time.perf_counter()
    with ThreadPoolExecutor(clients) as pool:
        answers = list(pool.map(timed, range(total)))
    wall = time.perf_counter() - started
    times = sorted(t for _, t in answers)
    errors = sum(1 for status, _ in answers if status != 200)
    p50, p95 = statistics.median(times), times[int(0.95 * (len(times) - 1))]
    return (
        f"{clients:>2} clients, {total} requests: p50 {p50 * 1000:.0f} ms, p95 {p95 * 1000:.0f} ms, "
        f"{total / wall:.0f} requests/s, {errors} errors"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--requests", type=int, default=400)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="vardpeng-load-"))
    server, base, token = concurrency.serve(f"sqlite:///{work / 'load.sqlite3'}")
    try:
        _, _, body = concurrency.request("GET", f"{base}/api/v1/regions/AC/scenarios/", token)
        scenario = json.loads(body)[0]["id"]
        _, _, document = concurrency.request("GET", f"{base}/api/v1/scenarios/{scenario}/document", token)
        centres = len(json.loads(document)["centres"])
        projection = f"{base}/api/v1/scenarios/{scenario}/projection"
        concurrency.request("GET", projection, token)  # the first read fills the cache
        headers = {"Content-Type": "application/json"}

        def simulate() -> int:
            return concurrency.request("POST", f"{base}/api/v1/simulate", token, document, headers)[0]

        def cached() -> int:
            return concurrency.request("GET", projection, token)[0]

        for clients in (8, 50):
            print(f"simulate ({centres} centres):     " + run(clients, args.requests, simulate))
            print("cached projection:          " + run(clients, args.requests, cached))
    finally:
        server.terminate()
        server.wait()


if __name__ == "__main__":
    main()
