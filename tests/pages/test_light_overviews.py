"""The home page and /national/ read each baseline's stored summary, never its whole projection
(issue 27): the figures they show are the projection's all the same, and the home page lists a
bounded number of a region's centres with a link to all of them."""

import io
import re
from html import unescape

import pytest
from django.core.management import call_command

from simulation.models import Scenario
from simulation.pages import overviews
from simulation.pages.overviews import HOME_CENTRES, region_overview_list
from simulation.presentation.dashboards import cost_views_note
from simulation.services import projections
from simulation.services.projections import scenario_run

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    call_command("load_demo", stdout=io.StringIO())


def whole_run(code: str) -> tuple[dict, dict]:
    """A region's baseline projection and its first run, parsed whole (what the pages used to read)."""
    projection = scenario_run(Scenario.objects.get(region__code=code, preset="baseline")).projection
    return projection, projection["runs"][0]


def centre_names(code: str) -> dict[str, str]:
    done = scenario_run(Scenario.objects.get(region__code=code, preset="baseline"))
    return {c["id"]: c["name"] for c in done.document["centres"]}


def card(page: str, code: str) -> str:
    return page.split(f'id="region-{code}"')[1].split("</article>")[0]


def mnkr(sek: float, decimals: int = 1) -> str:
    return f"{sek / 1e6:,.{decimals}f}".replace(",", "\u00a0").replace(".", ",") + "\u00a0mnkr"


def test_the_home_page_and_the_national_overview_parse_no_projection(client, demo, monkeypatch):
    client.get("/")  # the baselines run and stored

    def refuse(*args, **kwargs):
        raise AssertionError("the home page and /national/ must read summaries only")

    monkeypatch.setattr(projections.StoredProjection, "projection", refuse)
    monkeypatch.setattr(projections.StoredProjection, "json", refuse)
    home, national = client.get("/"), client.get("/national/")

    assert home.status_code == national.status_code == 200
    assert "Region Västerbotten" in home.content.decode() and '<table id="national"' in national.content.decode()


def test_the_overviews_figures_are_the_projections(demo):
    shown = {o.region.code: o for o in region_overview_list()}

    for code in ("AC", "Z", "U", "T"):
        projection, run = whole_run(code)
        overview = shown[code]

        assert overview.first_year == run["region"][0] and overview.last_year == run["region"][-1]
        assert overview.cost_note == cost_views_note(run)
        base_year = {r["centre_id"]: r for r in run["centres"] if r["year"] == projection["base_year"]}
        assert overview.centre_count == len(base_year)
        for row in overview.centres:
            whole = base_year[row["centre_id"]]
            assert [row[k] for k in ("operating_form", "unit", "listed", "result")] == [
                whole[k] for k in ("operating_form", "unit", "listed", "result")
            ]


def test_the_home_page_shows_each_regions_net_and_consolidated_cost_of_the_first_and_last_year(client, demo):
    page = client.get("/").content.decode()

    for code in ("AC", "Z"):
        _projection, run = whole_run(code)
        net = card(page, code).split('class="net-cost"')
        consolidated = card(page, code).split('class="consolidated-cost"')
        for i, row in enumerate((run["region"][0], run["region"][-1]), start=1):
            assert mnkr(row["net_cost"]) in net[i].split("</div>")[0]
            assert mnkr(row["consolidated_cost"]) in consolidated[i].split("</div>")[0]


def test_a_larger_region_lists_its_lowest_results_and_links_to_every_centre(client, demo):
    projection, run = whole_run("AC")
    base_year = sorted((r for r in run["centres"] if r["year"] == projection["base_year"]), key=lambda r: r["result"])
    names = centre_names("AC")
    assert len(base_year) > HOME_CENTRES  # the demo's Västerbotten has more centres than the home page lists

    shown = card(client.get("/").content.decode(), "AC")

    rows = re.findall(r"<tr><td>([^<]*)</td>", shown)
    assert [unescape(name) for name in rows] == [names[r["centre_id"]] for r in base_year[:HOME_CENTRES]]
    year = projection["base_year"]
    assert f"Visa de {HOME_CENTRES} vårdcentralerna med lägst resultat {year} (av {len(base_year)})" in shown
    link = re.search(r'<a href="([^"]+)">Alla (\d+) vårdcentraler', shown)
    assert link is not None and int(link.group(2)) == len(base_year)
    target = client.get(unescape(link.group(1)))
    assert target.status_code == 200
    # The table's own rows (not the centre <select>, which lists every name whatever the page): the
    # linked page starts, lowest result first, with the centres the home page listed.
    table = target.content.decode().split('id="winners"')[1].split("<tbody>")[1].split("</tbody>")[0]
    listed = [unescape(name) for name in re.findall(r'<tr><td><a class="why-link"[^>]*>([^<]*)</a>', table)]
    assert listed[:HOME_CENTRES] == [names[r["centre_id"]] for r in base_year[:HOME_CENTRES]]


def test_a_region_within_the_bound_lists_every_centre_and_no_link(client, demo, monkeypatch):
    monkeypatch.setattr(overviews, "HOME_CENTRES", 100)

    shown = card(client.get("/").content.decode(), "AC")

    _projection, run = whole_run("AC")
    count = len({r["centre_id"] for r in run["centres"]})
    assert len(re.findall(r"<tr><td>", shown)) == count
    assert f"Visa de {count} vårdcentralerna<" in shown and "lägst resultat" not in shown
    assert "#winners" not in shown
