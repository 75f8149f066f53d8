"""Page benchmark in headless Chromium: prints figures, asserts nothing (timing goals are not tests).

    .venv/bin/python bench/pages.py

Starts the app on a throw-away SQLite database with the demo data (and the national region), then
measures (issue 5's goals, and issue 27's national pages):
- largest contentful paint of the Västerbotten dashboard (aim ≤ 2.5 s);
- JavaScript transferred by that page, gzipped (aim ≤ 1.6 MB);
- the builder's recompute round trip, change → charts redrawn (aim ≤ 1 s);
- the national comparison and overview (1 200 centres): time to the first byte, HTML as sent
  (gzipped when the browser asks, as Chromium does) and unpacked, and when the charts are drawn.

The page's Content-Security-Policy forbids evaluating strings (no 'unsafe-eval'), and a waiting
predicate given as text is evaluated again and again inside the page: so this waits with selectors
(``wait_for_selector``), and reads or resets values with functions, which Playwright calls
without evaluating text.
"""

from __future__ import annotations

import gzip
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
PASSWORD = "bench-only-password"
LCP_OBSERVER = """
new PerformanceObserver(list => {
  const entries = list.getEntries();
  window.__lcp = entries[entries.length - 1].startTime;
}).observe({type: "largest-contentful-paint", buffered: true});
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


#: The builder's status once a recompute has drawn its charts (builder.js sets data-round-trip-ms).
ROUND_TRIP_DONE = "#builder-status[data-round-trip-ms]:not([data-round-trip-ms=''])"


def manage(env, *args):
    subprocess.run([sys.executable, "manage.py", *args], cwd=PROJECT, env=env, check=True, capture_output=True)


def main() -> None:
    folder = tempfile.mkdtemp()
    env = os.environ | {"DATABASE_URL": f"sqlite:///{folder}/bench.sqlite3", "DJANGO_DEBUG": "false"}
    manage(env, "migrate", "--noinput")
    manage(env, "load_demo", "--national")
    manage(
        env,
        "shell",
        "-c",
        "from django.contrib.auth import get_user_model as g; "
        f"g().objects.create_superuser('bench', password='{PASSWORD}')",
    )
    port = int(sys.argv[sys.argv.index("--port") + 1]) if "--port" in sys.argv else free_port()
    server = subprocess.Popen(
        [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
        cwd=PROJECT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    site = f"http://127.0.0.1:{port}"
    try:
        for _ in range(50):
            try:
                urllib.request.urlopen(f"{site}/healthz", timeout=1)
                break
            except OSError:
                time.sleep(0.2)
        measure(site)
    finally:
        server.terminate()
        shutil.rmtree(folder, ignore_errors=True)


def measure(site: str) -> None:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
        )
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.goto(f"{site}/regions/AC/")  # warm the projection cache and the server
        scripts: dict[str, int] = {}

        def record_script(response) -> None:
            """Gzipped size of every script the dashboard loads (the transfer a browser would see)."""
            if response.request.resource_type == "script":
                scripts[response.url] = len(gzip.compress(response.body(), 9))

        lcps = []
        for _ in range(3):
            context = browser.new_context(viewport={"width": 1280, "height": 900})
            fresh = context.new_page()
            fresh.on("response", record_script)
            fresh.add_init_script(LCP_OBSERVER)
            fresh.goto(f"{site}/regions/AC/")
            fresh.wait_for_selector("#chart-waterfall svg.main-svg")
            fresh.wait_for_timeout(300)
            lcps.append(fresh.evaluate("() => window.__lcp"))
            context.close()
        print(
            f"dashboard largest contentful paint: median {statistics.median(lcps) / 1000:.2f} s "
            f"({', '.join(f'{v / 1000:.2f}' for v in lcps)} s, cold browser context, warm server)"
        )
        total = sum(scripts.values())
        print(
            f"JavaScript transferred, gzipped: {total / 2**20:.2f} MiB "
            f"({', '.join(f'{Path(u).name} {s / 1024:.0f} KiB' for u, s in scripts.items())})"
        )

        page.goto(f"{site}/accounts/login/")
        page.fill("#id_username", "bench")
        page.fill("#id_password", PASSWORD)
        page.click("form.stacked-form button[type=submit]")
        page.goto(f"{site}/regions/AC/builder/")
        page.wait_for_selector(ROUND_TRIP_DONE, state="attached")
        trips = []
        for share in ("80", "75", "70", "65", "60", "87"):
            page.locator("#builder-status").evaluate("status => { status.dataset.roundTripMs = ''; }")
            start = time.perf_counter()
            page.fill("#id_fixed_share", share)
            page.locator("#id_fixed_share").dispatch_event("change")
            page.wait_for_selector(ROUND_TRIP_DONE, state="attached")
            trips.append(time.perf_counter() - start)
        print(
            f"builder recompute round trip (change → charts redrawn, 38 centres × 10 years): median "
            f"{statistics.median(trips) * 1000:.0f} ms, max {max(trips) * 1000:.0f} ms "
            f"(includes the page's 50 ms debounce)"
        )
        national(browser, site)
        browser.close()


def national(browser, site: str) -> None:
    """The national comparison and overview in a cold browser context each (the server warm)."""
    for name, path, chart in (
        ("comparison", "/regions/SE/compare/", "#chart-compare-cost svg.main-svg"),
        ("overview", "/regions/SE/", "#chart-net-cost svg.main-svg"),
    ):
        urllib.request.urlopen(site + path, timeout=120).read()  # fill the cache
        firsts, drawn, sent = [], [], 0
        for _ in range(3):
            context = browser.new_context(viewport={"width": 1280, "height": 900})
            page = context.new_page()
            started = time.perf_counter()
            response = page.goto(site + path)
            page.wait_for_selector(chart, state="attached")
            drawn.append(time.perf_counter() - started)
            firsts.append(response.request.timing["responseStart"] / 1000)
            sent = int(response.header_value("content-length") or len(response.body()))
            encoding = response.header_value("content-encoding") or "none"
            html = len(response.body())
            context.close()
        print(
            f"national {name} ({path}): first byte median {statistics.median(firsts) * 1000:.0f} ms "
            f"({', '.join(f'{v * 1000:.0f}' for v in firsts)} ms), charts "
            f"drawn {statistics.median(drawn):.2f} s; HTML {html / 1024:.0f} KiB, sent {sent / 1024:.0f} KiB "
            f"(Content-Encoding: {encoding})"
        )


if __name__ == "__main__":
    main()
