"""The rules page in headless Chromium (issue 23): an analyst edits a rule, previews it on the
baseline, saves it as a new version and undoes it; the page passes axe at a phone's width."""

from tests.pages.test_accessibility import AXE, OVERFLOW, RUN_AXE
from tests.pages.test_browser import page, sign_in, site  # noqa: F401  (fixtures)
from tests.pages.test_browser import pytestmark as browser_marks

pytestmark = browser_marks


def test_an_analyst_edits_previews_saves_and_undoes_a_rule_change(page, site):  # noqa: F811
    sign_in(page, site)
    page.goto(f"{site}/regions/AC/rules/")
    assert "87" in page.locator("#h-compensationfixed_share").inner_text()

    page.fill("#f-change_year", "2026")
    page.fill("#f-compensationfixed_share", "70")
    page.get_by_role("button", name="Förhandsgranska").first.click()

    assert "från 2026: 70" in page.locator("#change-words").inner_text()
    assert page.locator("#preview-money").get_by_text("Nettokostnad").count() == 1
    page.get_by_role("button", name="Spara som ny version").click()

    assert "sparade som version" in page.locator(".messages").inner_text()
    assert "från 2026: 70" in page.locator("#h-compensationfixed_share").inner_text()
    newest = page.locator("#rule-versions tbody tr").first
    assert "ada" in newest.inner_text() and "Fast andel" in newest.inner_text()

    page.locator("#rule-versions tbody tr").nth(1).get_by_role("button", name="Återställ").click()
    assert "Fast andel" in page.locator("#change-words").inner_text()
    page.locator("#rules-restore").get_by_role("button", name="Återställ").click()

    assert "publicerad igen" in page.locator(".messages").inner_text()
    assert "från 2026" not in page.locator("#h-compensationfixed_share").inner_text()
    assert page.problems == []


def test_a_refused_value_is_named_in_the_error_summary_linked_to_its_field(page, site):  # noqa: F811
    page.context.add_init_script(path=str(AXE))
    sign_in(page, site)
    page.set_viewport_size({"width": 390, "height": 900})
    page.goto(f"{site}/regions/AC/rules/")

    page.fill("#f-compensationfixed_share", "150")
    page.get_by_role("button", name="Förhandsgranska").first.click()

    summary = page.locator("#error-summary")
    assert "Fast andel får vara högst 100 %" in summary.inner_text()
    summary.get_by_role("link").first.click()
    assert page.evaluate("document.activeElement.id") == "f-compensationfixed_share" or page.url.endswith(
        "#f-compensationfixed_share"
    )
    assert page.locator("#f-compensationfixed_share").get_attribute("aria-invalid") == "true"
    assert page.evaluate(RUN_AXE) == []
    assert page.evaluate(OVERFLOW) <= 0  # usable on a phone: nothing wider than the screen
    page.problems[:] = [p for p in page.problems if not p.startswith("400:") and "status of 400" not in p]
    assert page.problems == []


def test_the_national_overview_and_the_models_comparison_pass_axe_on_a_phone(page, site):  # noqa: F811
    page.context.add_init_script(path=str(AXE))
    page.set_viewport_size({"width": 390, "height": 900})

    found = {}
    for path in ("/national/", "/regions/AC/compare/?models=U,Z&budget=other"):
        page.goto(f"{site}{path}")
        found[path] = page.evaluate(RUN_AXE) + ([] if page.evaluate(OVERFLOW) <= 0 else ["wider than the screen"])

    assert found == {path: [] for path in found}
    shown = page.locator("#models-compared").inner_text()
    assert "Jämtland" in shown and "Västmanlands modell" in shown, shown[:300]
    assert page.problems == []


def test_on_a_phone_the_versions_show_what_changed_and_undo_and_the_national_caption_wraps(page, site):  # noqa: F811
    sign_in(page, site)
    page.set_viewport_size({"width": 390, "height": 900})
    page.goto(f"{site}/regions/AC/rules/")

    width = page.evaluate("window.innerWidth")
    for cell in ('td[data-label="Vad som ändrades"]', 'td[data-label="Ångra"]'):
        box = page.locator(f"#rule-versions tbody tr >> nth=1 >> {cell}").bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= width, (cell, box)
    page.goto(f"{site}/national/")
    about = page.locator("#national-about").bounding_box()
    assert about is not None and about["x"] + about["width"] <= width
    assert page.problems == []
