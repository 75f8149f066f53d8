"""The overview's pager in a browser (issue 27): axe finds nothing at a phone's width, and its links
lead where they say."""

import os

import pytest

from simulation.pages import paging
from tests.pages.test_browser import CHROMIUM, page, site  # noqa: F401 (fixtures)


@pytest.mark.browser
@pytest.mark.skipif(not os.path.exists(CHROMIUM), reason="Debian's chromium is not installed (.ci/run installs it)")
def test_the_pager_passes_axe_at_a_phones_width(page, site, monkeypatch):  # noqa: F811
    """With pages of 10 the demo's 38 centres take four: the pager as a phone shows it."""
    from tests.pages.test_accessibility import AXE, check

    monkeypatch.setattr(paging, "PAGE_SIZE", 10)
    page.context.add_init_script(path=str(AXE))
    page.set_viewport_size({"width": 390, "height": 900})
    page.goto(f"{site}/regions/AC/?centres_page=2")
    found: dict[str, list[str]] = {}

    assert (
        page.locator('nav.pager[aria-label="Sidor i vårdcentralstabellen"] a[aria-current="page"]').inner_text() == "2"
    )
    check(page, "the overview's second page", found, 390)
    assert found == {}
    page.locator('nav.pager a[rel="next"]').first.click()
    page.wait_for_url("**centres_page=3**")


@pytest.mark.browser
@pytest.mark.skipif(not os.path.exists(CHROMIUM), reason="Debian's chromium is not installed (.ci/run installs it)")
def test_many_pages_fit_a_phone_and_a_header_sorts_every_row(page, site, monkeypatch):  # noqa: F811
    """With pages of 2 the demo's 38 centres take 19: the pager names seven of them in at most two
    rows at 390 px, and sorting by result descending shows the largest result of all on page 1."""
    monkeypatch.setattr(paging, "PAGE_SIZE", 2)
    page.set_viewport_size({"width": 390, "height": 900})
    page.goto(f"{site}/regions/AC/?centres_page=10")
    pager = page.locator('nav.pager[aria-label="Sidor i vårdcentralstabellen"]')

    tops = {round(box["y"]) for box in (a.bounding_box() for a in pager.locator("li").all()) if box}
    assert pager.locator("a[aria-label]").all_inner_texts() == ["1", "8", "9", "10", "11", "12", "19"]
    assert len(tops) <= 2
    page.locator("table.centres th a.sort-link", has_text="Resultat").first.click()  # ascending → descending
    page.wait_for_url("**order=desc**")
    header = page.locator("table.centres th", has_text="Resultat").first
    assert header.get_attribute("aria-sort") == "descending"
    assert "centres_page" not in page.url
    shown = [
        float(v)
        for v in page.locator("table.centres tbody td[data-value]:nth-child(3)").evaluate_all(
            "cells => cells.map(c => c.dataset.value)"
        )
    ]
    assert shown == sorted(shown, reverse=True) and len(shown) == 2
    page.goto(f"{site}/regions/AC/?centres_page=2&sort=result&order=desc")
    later = page.locator("table.centres tbody td:nth-child(3)").evaluate_all(
        "cells => cells.map(c => +c.dataset.value)"
    )
    assert max(later) <= min(shown)
