"""Every screen, for everyone (issue 26): axe-core over the main pages at a phone's, a tablet's and a
desktop's width in both languages, none wider than the screen, and a scenario walked from the
builder to the comparison with the keyboard alone.

axe-core is the npm package's own build, vendored beside this file (tests/pages/axe: its licence,
and the package.json and lock that pin it), so the suite needs no npm; it is injected into every
page with Playwright (an init script, which the pages' Content-Security-Policy does not govern).
"""

import time
from pathlib import Path

import pytest

from regions.models import Region
from simulation.models import Scenario
from tests.pages.test_browser import CHROMIUM, page, sign_in, site  # noqa: F401 (fixtures)

AXE = Path(__file__).parent / "axe" / "axe.min.js"
pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian's chromium is not installed (.ci/run installs it)"),
]

WIDTHS = (390, 800, 1280)
#: The 13 main pages (issue 26); Varför? for a centre and year that the demo data has.
PAGES = (
    "/",
    "/regions/AC/",
    "/regions/AC/compare/",
    "/regions/AC/compare/print/",
    "/regions/AC/builder/",
    "/regions/AC/scenarios/",
    "/regions/AC/datasets/",
    "/regions/AC/drivers/",
    "/regions/AC/why/?centre=AC03&year=2026",
    "/method/",
    "/accounts/login/",
    "/regions/U/",
    "/regions/Z/compare/",
)
# WCAG 2.0 and 2.1, levels A and AA, and axe's best practices (landmarks, heading order, a skip link).
RUN_AXE = """async () => {
  // The plots' SVG is hidden from assistive technology (the caption and the table speak for it).
  const result = await axe.run({exclude: [[".js-plotly-plot svg.main-svg"]]}, {
    runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]},
    resultTypes: ["violations"],
  });
  return result.violations.map(v => v.id + ": " + v.nodes.slice(0, 3).map(n => n.target.join(" ")).join(", "));
}"""
OVERFLOW = "() => document.documentElement.scrollWidth - window.innerWidth"
CHARTS_DRAWN = """() => Array.from(document.querySelectorAll('.chart-box:not([hidden]) .chart'))
  .every(chart => chart.querySelector('svg.main-svg'))"""


def check(view, label: str, found: dict, width: int) -> None:
    """axe's violations and, below desktop width, any horizontal overflow, under ``label``."""
    view.wait_for_function(CHARTS_DRAWN)
    view.wait_for_timeout(150)  # Plotly and the table boxes follow a resize after a short pause
    problems = view.evaluate(RUN_AXE)
    if width < 1280 and view.evaluate(OVERFLOW) > 0:
        problems.append(f"{view.evaluate(OVERFLOW)} px wider than the screen")
    if problems:
        found[f"{label} @ {width}"] = problems


def sweep(view, url: str, label: str, found: dict, widths: tuple[int, ...]) -> None:
    """One page loaded at a phone's width, then checked as the window widens (one load per page)."""
    view.set_viewport_size({"width": widths[0], "height": 900})
    view.goto(url)
    for width in widths:
        view.set_viewport_size({"width": width, "height": 900})
        check(view, label, found, width)


# Swedish at every width; English, whose words run longer or shorter, at a phone's and a desktop's
# (all three cost more time than the suite has for this test: the tablet is Swedish's to show). One
# test per language, so that the suite's processes share them.
@pytest.mark.parametrize(("language", "widths"), [("sv", WIDTHS), ("en", (390, 1280))], ids=["sv", "en"])
def test_the_main_pages_pass_axe_at_phone_tablet_and_desktop_widths(page, site, language, widths):  # noqa: F811
    page.context.add_init_script(path=str(AXE))
    sign_in(page, site)
    page.context.add_cookies([{"name": "django_language", "value": language, "url": site}])
    found: dict[str, list[str]] = {}
    started = time.monotonic()

    for path in PAGES:
        sweep(page, f"{site}{path}", f"{language} {path}", found, widths)
    seconds = time.monotonic() - started

    assert found == {}, "\n".join(f"{where}: {problems}" for where, problems in found.items())
    assert len(PAGES) == 13  # the main pages of issue 26
    print(f"axe ({language}): {len(PAGES) * len(widths)} page-widths checked in {seconds:.0f} s")


def test_a_dialog_a_refused_input_and_a_running_and_a_finished_analysis_pass_axe(page, site, settings):  # noqa: F811
    settings.VARDPENG_JOBS_INLINE = False  # the analyses run in the background, as with `make run`
    page.context.add_init_script(path=str(AXE))
    sign_in(page, site)
    found: dict[str, list[str]] = {}
    started = time.monotonic()
    page.context.add_cookies([{"name": "django_language", "value": "sv", "url": site}])
    # Varför? as a dialog over the overview, opened from the keyboard.
    page.set_viewport_size({"width": 390, "height": 900})
    page.goto(f"{site}/regions/AC/?year=2026&centre=AC03")
    page.locator("table.centres a.why-link[href*='#line-result']").first.focus()
    page.keyboard.press("Enter")
    page.wait_for_selector("#why-dialog[open] #line-result.highlight")
    check(page, "sv the overview's Varför? dialog", found, 390)
    page.keyboard.press("Escape")
    # The builder with an input it refuses: the field says why, the figures grey out.
    page.goto(f"{site}/regions/AC/builder/")
    page.wait_for_function(CHARTS_DRAWN)
    page.fill("#id_fixed_share", "1,5,5")
    page.locator("#id_fixed_share").dispatch_event("change")
    page.wait_for_selector("#builder-stale:not([hidden])")
    invalid = page.get_attribute("#id_fixed_share", "aria-invalid")
    described = page.get_attribute("#id_fixed_share", "aria-describedby") or ""
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        check(page, "sv the builder with an invalid input", found, width)
    page.problems[:] = [p for p in page.problems if "builder/preview" not in p and "status of 400" not in p]
    # An analysis while it runs (a Sobol analysis, cancelled) and when it is done (the tornado).
    page.goto(f"{site}/regions/AC/drivers/")
    boxes = page.locator("#drivers-form [data-path]")
    for i in range(3, boxes.count()):
        boxes.nth(i).uncheck()
    page.select_option("#sobol-samples", "1024")
    page.click("#sobol-run")
    page.wait_for_selector("#sobol-cancel:not([hidden])")
    check(page, "sv the drivers while an analysis runs", found, 390)
    running = page.is_visible("#sobol-cancel") and page.is_visible("#sobol-progress")
    page.click("#sobol-cancel")
    page.wait_for_selector("#sobol-cancel", state="hidden", timeout=60_000)
    page.click("#drivers-run")
    page.wait_for_selector("#drivers-table:not([hidden])", timeout=60_000)
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        check(page, "sv the drivers when the tornado is done", found, width)
    seconds = time.monotonic() - started

    assert found == {}, "\n".join(f"{where}: {problems}" for where, problems in found.items())
    assert invalid == "true" and "error-fixed_share" in described
    assert running  # axe saw the analysis while it ran
    print(f"axe: 6 states of pages checked in {seconds:.0f} s")


def tab_to(view, selector: str, limit: int = 400) -> None:
    """Press Tab until the element ``selector`` has focus, as a keyboard user would."""
    for _press in range(limit):
        if view.evaluate("s => document.activeElement && document.activeElement.matches(s)", selector):
            return
        view.keyboard.press("Tab")
    raise AssertionError(f"Tab never reached {selector}")


def focus_is_visible(view) -> bool:
    """The focused element draws an outline (the pages' :focus-visible ring)."""
    return view.evaluate(
        """() => { const style = getComputedStyle(document.activeElement);
                   return style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2; }"""
    )


def test_a_scenario_is_built_saved_and_compared_with_the_keyboard_alone(page, site):  # noqa: F811
    sign_in(page, site)
    page.goto(f"{site}/regions/AC/builder/")
    page.wait_for_function(CHARTS_DRAWN)

    page.keyboard.press("Tab")
    skip_link = page.evaluate("() => document.activeElement.getAttribute('href')")
    tab_to(page, "#id_fixed_share")
    ring_on_field = focus_is_visible(page)
    page.keyboard.press("Control+A")
    page.keyboard.type("75")
    page.keyboard.press("Tab")  # leaving the field applies it
    page.wait_for_function("() => window.location.search.includes('fixed_share=75')")
    tab_to(page, "#id_name")
    page.keyboard.type("Tangentbordets reform")
    tab_to(page, "#save-new-button")
    ring_on_button = focus_is_visible(page)
    with page.expect_event("load"):  # the new scenario opens in the builder (the address changes first)
        page.keyboard.press("Enter")
    saved = Scenario.objects.get(region=Region.objects.get(code="AC"), name="Tangentbordets reform")
    tab_to(page, "nav.region-nav a[href$='/compare/']")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    ticked = page.eval_on_selector_all("input[name=s]:checked", "boxes => boxes.map(b => '#' + b.id)")
    tab_to(page, ticked[-1])
    page.keyboard.press("Space")  # at most four: one of the ticked ones makes room
    tab_to(page, f"#pick-{saved.pk}")
    page.keyboard.press("Space")
    tab_to(page, ".compare-picker button[type=submit]")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.wait_for_selector(".answer-card h3")

    assert skip_link == "#main"
    assert ring_on_field and ring_on_button
    assert f"s={saved.pk}" in page.url
    assert "Tangentbordets reform" in page.locator(".answer-card h3").all_inner_texts()
