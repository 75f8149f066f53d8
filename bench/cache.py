"""Cache hits and national pages over HTTP (issue 27, items 3 and 4): prints figures, asserts nothing.

    .venv/bin/python bench/cache.py [--port 8700] [--repeat 15]

Starts `make run`'s kind of server (gunicorn, 3 workers, local settings, DEBUG off, the simulate
rate limit lifted) on a throw-away SQLite database with the demo regions and the national one
(`load_demo --national`: 1 200 centres, 10 years), then measures one client at a time, medians of
``--repeat`` requests after a warm-up:

- the national baseline's cached projection (GET /api/v1/scenarios/ID/projection) against
  POST /api/v1/simulate of the same document, both as a client that accepts gzip and as one that
  does not (goal: the hit at least 10× cheaper);
- the national comparison (/regions/SE/compare/) and overview (/regions/SE/): time to the first
  byte and the HTML's size, plain and gzipped (goal: the comparison within 0,3 s and 400 KB);
- plotly.js as sent with and without gzip.
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

from serving import bench_env, demo_database, gunicorn

PLOTLY = "/static/vendor/plotly/plotly-finance-4.1.0.min.js"


def serve(database_url: str, port: int):
    env = bench_env(database_url)
    token = demo_database(env, national=True)
    server, base = gunicorn(env, port)
    return server, base, token


def fetch(url: str, token: str = "", body: bytes | None = None, gzip: bool = False) -> tuple[float, float, int, dict]:
    """(seconds to the first byte, seconds to the last, bytes sent, headers) of one request."""
    request = urllib.request.Request(url, data=body, method="POST" if body is not None else "GET")
    if token:
        request.add_header("Authorization", f"Token {token}")
    if body is not None:
        request.add_header("Content-Type", "application/json")
    request.add_header("Accept-Encoding", "gzip" if gzip else "identity")
    started = time.perf_counter()
    with urllib.request.urlopen(request, timeout=120) as response:
        first = time.perf_counter() - started
        content = response.read()
        last = time.perf_counter() - started
        if response.status != 200:
            raise SystemExit(f"{url}: {response.status}")
        return first, last, len(content), dict(response.headers)


def measured(repeat: int, *args, **kwargs) -> tuple[float, float, int, dict]:
    fetch(*args, **kwargs)  # warm: the cache, the worker's imports
    runs = [fetch(*args, **kwargs) for _ in range(repeat)]
    return (
        statistics.median(r[0] for r in runs),
        statistics.median(r[1] for r in runs),
        runs[-1][2],
        runs[-1][3],
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--port", type=int, default=8700)
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="vardpeng-cache-"))
    server, base, token = serve(f"sqlite:///{work / 'cache.sqlite3'}", args.port)
    try:
        scenarios = json.loads(
            urllib.request.urlopen(_authorised(f"{base}/api/v1/regions/SE/scenarios/", token)).read()
        )
        baseline = next(s for s in scenarios if s.get("preset") == "baseline")["id"]
        document = urllib.request.urlopen(_authorised(f"{base}/api/v1/scenarios/{baseline}/document", token)).read()
        centres = len(json.loads(document)["centres"])
        print(f"national baseline: {centres} centres × 10 years; medians of {args.repeat} requests, one client")
        projection = f"{base}/api/v1/scenarios/{baseline}/projection"
        for gzip in (True, False):
            asked = "gzip" if gzip else "plain"
            hit = measured(args.repeat, projection, token, gzip=gzip)
            simulated = measured(args.repeat, f"{base}/api/v1/simulate", token, body=document, gzip=gzip)
            print(
                f"  {asked:5}: cached projection {hit[1] * 1000:6.1f} ms ({hit[2] / 2**20:.2f} MiB), "
                f"simulate {simulated[1] * 1000:6.1f} ms ({simulated[2] / 2**20:.2f} MiB): "
                f"the hit {simulated[1] / hit[1]:.1f}× cheaper"
            )
        for name, path in (("comparison", "/regions/SE/compare/"), ("overview", "/regions/SE/")):
            plain = measured(args.repeat, base + path)
            zipped = measured(args.repeat, base + path, gzip=True)
            print(
                f"{name:10} {path}: first byte {plain[0] * 1000:.0f} ms (gzipped {zipped[0] * 1000:.0f} ms), "
                f"HTML {plain[2] / 1024:.0f} KiB, sent gzipped {zipped[2] / 1024:.0f} KiB"
            )
        plain, zipped = fetch(base + PLOTLY), fetch(base + PLOTLY, gzip=True)
        print(
            f"plotly.js: {plain[2] / 1024:.0f} KiB plain, {zipped[2] / 1024:.0f} KiB when gzip is asked "
            f"(Content-Encoding: {zipped[3].get('Content-Encoding', 'none')})"
        )
    finally:
        server.terminate()
        server.wait()


def _authorised(url: str, token: str) -> urllib.request.Request:
    request = urllib.request.Request(url)
    request.add_header("Authorization", f"Token {token}")
    return request


if __name__ == "__main__":
    main()
