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
