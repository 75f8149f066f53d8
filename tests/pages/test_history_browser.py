"""The history page in headless Chromium: its charts draw, in Swedish, with nothing from outside."""

from tests.pages import test_browser
from tests.pages.test_browser import page, site  # noqa: F401 (the fixtures)

#: The browser mark and the skip without Debian's chromium (`make test` on a fresh machine).
pytestmark = test_browser.pytestmark


def test_the_history_page_draws_its_charts_in_chromium(page, site):  # noqa: F811
    page.goto(f"{site}/regions/U/history/")

    page.wait_for_selector("#chart-backtest-result-region-run svg.main-svg")
    drawn = page.locator(".js-plotly-plot svg.main-svg").count()
    assert page.locator(".js-plotly-plot").count() >= 6
    assert drawn >= 6
    title = page.locator("#chart-history-result-title").text_content()  # the caption: what and in what unit
    assert "mnkr per år" in title and "bokfört" in title
    ticks = page.locator("#chart-history-listed .ytick text").all_text_contents()
    assert any("\u00a0" in t or " " in t for t in ticks if len(t) > 3)  # 110 000: a space between thousands
    assert "Har intraprenaden förbättrat resultatet?" in page.inner_text("#history-answer")


def test_choosing_another_year_back_tests_from_it(page, site):  # noqa: F811
    page.goto(f"{site}/regions/U/history/")
    page.select_option("#backtest-from", "2021")
    page.click("#backtest button[type=submit]")

    page.wait_for_selector("#chart-backtest-result-region-run svg.main-svg")
    assert "2021" in page.inner_text("#backtest-words")
    assert "av 9 fall" in page.inner_text("#backtest-words")
