"""Server-rendered pages: every figure comes from the projection; refusals store nothing. The
builder's pages are in test_builder_pages, the data and scenario-version pages in test_data_and_versions_pages."""

import io
import json
import re
from html import unescape

import pytest
from django.core.management import call_command

from healthcentres.services import dataset_create, dataset_publish
from regions.models import Region
from simulation.models import Scenario
from simulation.services.scenarios import scenario_run
from tests.conftest import minimal_document

pytestmark = pytest.mark.django_db


def figures(response):
    page = response.content.decode()
    start = page.index('<script id="figures" type="application/json">') + len(
        '<script id="figures" type="application/json">'
    )
    return json.loads(page[start : page.index("</script>", start)])


def test_region_dashboard_shows_headline_figures_and_five_charts(client, demo):
    response = client.get("/regions/AC/")

    assert response.status_code == 200
    page = response.content.decode()
    assert "DEMO" in page and "mnkr" in page
    assert set(figures(response)) == {"net-cost", "result-by-form", "unit-balances", "centre-results", "waterfall"}
    assert "plotly-finance-4.1.0.min.js" in page and "cdn" not in page.lower()


def test_dashboard_shows_the_net_cost_figures_as_a_table_too(client, demo):
    client.cookies["django_language"] = "en"
    page = client.get("/regions/AC/").content.decode()

    table = page[page.index("Show the net cost figures as a table") :]
    first_year = figures(client.get("/regions/AC/"))["net-cost"]["data"][-1]["y"][0]
    assert '<th scope="row">2024</th>' in table
    assert f"{first_year:,.1f}\u00a0SEK\u00a0m" in table  # English pages write English numbers


def test_dashboard_waterfall_follows_the_chosen_centre_and_year(client, demo):
    response = client.get("/regions/AC/?year=2026&centre=AC03")

    title = figures(response)["waterfall"]["layout"]["title"]["text"]
    assert "2026" in title and "Tegs" in title


def test_an_uncertain_scenario_shows_fan_bands_and_unit_risk(client, demo):
    scenario = Scenario.objects.get(region__code="AC", preset="uncertainty")

    client.cookies["django_language"] = "en"
    response = client.get(f"/regions/AC/?scenario={scenario.pk}")

    names = [t.get("name", "") for t in figures(response)["net-cost"]["data"]]
    assert "Net cost: 5–95 %" in names and "Net cost: median" in names
    assert "Risk of a write-off or negative balance" in response.content.decode()


def test_a_region_without_data_says_how_to_upload(client, db):
    Region.objects.create(code="XX", name="Tom region")

    client.cookies["django_language"] = "en"
    page = client.get("/regions/XX/").content.decode()

    assert "No centre data yet" in page and "/api/v1/datasets/template.csv" in page


def test_a_region_with_data_but_fewer_than_two_scenarios_says_there_is_nothing_to_compare(client, db):
    region = Region.objects.create(code="XX", name="Ny region")
    dataset_publish(
        dataset=dataset_create(region=region, base_year=2024, name="Första", rows=minimal_document()["centres"]),
        user=None,
    )
    client.cookies["django_language"] = "en"

    page = client.get("/regions/XX/compare/")
    brief = client.get("/regions/XX/compare/print/")
    export = client.get("/regions/XX/compare/export.xlsx")

    assert page.status_code == 200 and "Nothing to compare yet" in page.content.decode()
    assert "this region has 0" in page.content.decode()
    assert brief.status_code == 200 and "Nothing to compare yet" in brief.content.decode()
    assert export.status_code == 404


def test_pages_are_swedish_for_every_browser_and_english_when_chosen(client, demo):
    swedish = client.get("/regions/AC/", HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9").content.decode()
    client.cookies["django_language"] = "en"
    english = client.get("/regions/AC/").content.decode()

    assert "Vinnare och förlorare" in swedish and 'lang="sv"' in swedish
    assert "Regionens nettokostnad per del" in swedish
    assert "Winners and losers" in english and 'lang="en"' in english


def test_the_language_switcher_keeps_the_choice(client, demo):
    client.post("/i18n/setlang/", {"language": "en", "next": "/regions/AC/"})

    assert "Winners and losers" in client.get("/regions/AC/").content.decode()


def test_the_sign_in_link_on_the_sign_in_page_keeps_where_the_visitor_was_going(client, db):
    page = client.get("/accounts/login/?next=/regions/AC/").content.decode()

    links = re.findall(r'href="(/accounts/login/[^"]*)"', page)
    assert links and all(unescape(link) == "/accounts/login/?next=/regions/AC/" for link in links)


def test_compare_defaults_to_the_baseline_against_presets(client, demo):
    response = client.get("/regions/AC/compare/")

    page = response.content.decode()
    assert response.status_code == 200
    assert page.count('type="checkbox" name="s"') == 7
    assert len(re.findall(r'type="checkbox" name="s"[^>]* checked>', page)) == 4
    assert set(figures(response)) == {
        "compare-cost",
        "compare-difference",
        "compare-region-run-balance",
        "compare-form-egen_regi",
        "compare-form-intraprenad",  # "Intraprenad för alla" converts in 2026: a panel of its own
        "compare-form-private",
    }


def test_compare_says_in_words_when_a_net_cost_saving_is_only_carried_in_the_regions_own_units(client, demo):
    # Issue 9: "Intraprenad för alla" lowers net cost in Västerbotten while its units sink into deficit.
    ac = Region.objects.get(code="AC")
    base, intra = ac.scenarios.get(preset="baseline"), ac.scenarios.get(preset="intraprenad-all")

    response = client.get(f"/regions/AC/compare/?s={base.pk}&s={intra.pk}")

    page = response.content.decode()
    summary = response.context["summary"]
    assert summary[1]["difference"].net_cost < 0
    assert summary[1]["difference"].region_run_balance_end < 0
    assert summary[1]["note"] and summary[1]["note"] in page.replace("&#x27;", "'")
    assert "i ej avskrivna underskott" in summary[1]["note"]
    assert "Kostnad i koncernperspektiv" in page
    # The consolidated difference is much smaller than the net cost "saving": most of it is carried.
    assert abs(summary[1]["difference"].consolidated_cost) < abs(summary[1]["difference"].net_cost) / 4


def test_a_shared_comparison_url_reproduces_the_choice_and_lists_differing_parameters(client, demo):
    ac = Region.objects.get(code="AC")
    base, motion = ac.scenarios.get(preset="baseline"), ac.scenarios.get(preset="motion-70-30")

    page = client.get(f"/regions/AC/compare/?s={base.pk}&s={motion.pk}").content.decode()

    assert len(re.findall(r'type="checkbox" name="s"[^>]* checked>', page)) == 2
    row = '<th scope="row">Fast andel</th><td>87\u00a0%</td><td>87\u00a0%, från 2026: 70\u00a0%</td>'
    assert row in page
    assert "Motion: 70/30" in page


def test_every_link_on_the_main_pages_answers(client, demo, analyst):
    pages = ["/", "/regions/AC/", "/regions/AC/compare/", "/regions/AC/builder/", "/regions/AC/upload/"]
    seen = set()
    for page in pages:
        html = client.get(page).content.decode()
        for href in {unescape(h.split('"')[0]).split("#")[0] for h in html.split('href="')[1:]}:
            if href.startswith("/") and href not in seen and not href.startswith("/static/"):
                seen.add(href)
                assert client.get(href).status_code in (200, 302), href
    assert len(seen) > 10


def test_the_drivers_page_offers_the_analysis_with_the_scenarios_document(client, django_user_model):
    call_command("load_demo", stdout=io.StringIO())

    anonymous = client.get("/regions/AC/drivers/").content.decode()
    client.force_login(django_user_model.objects.create_user("sara"))
    signed_in = client.get("/regions/AC/drivers/?metric=net_cost").content.decode()

    assert "drivers-run" not in anonymous and "/accounts/login/" in anonymous
    assert 'id="drivers-run"' in signed_in
    assert '<option value="net_cost" selected>' in signed_in
    assert '"kind": "sensitivity"' in signed_in and '"centres": [' in signed_in


def test_every_centre_figure_on_the_overview_opens_its_explanation(client, demo):
    page = client.get("/regions/AC/?year=2026&centre=AC03").content.decode()

    link = unescape(page.split('class="why-link" href="')[1].split('"')[0])
    explained = client.get(link + "&fragment=1")

    assert link.startswith("/regions/AC/why/?") and "year=2026" in link and "centre=" in link
    assert explained.status_code == 200
    fragment = explained.content.decode()
    assert "<html" not in fragment and 'id="line-revenue_capitation"' in fragment and "Kapitering:" in fragment
    assert 'data-why-url="/regions/AC/why/?' in page  # the waterfall's bars open the same page


def test_the_explanation_page_shows_the_projections_figures_and_where_they_came_from(client, demo):

    scenario = Scenario.objects.get(region__code="AC", preset="baseline")
    row = next(
        r
        for r in scenario_run(scenario).projection["runs"][0]["centres"]
        if r["centre_id"] == "AC03" and r["year"] == 2026
    )

    page = client.get(f"/regions/AC/why/?scenario={scenario.pk}&year=2026&centre=AC03").content.decode()

    capitation = f"{row['revenue_capitation']:,.0f}".replace(",", "\u00a0") + "\u00a0kr"
    assert capitation in page
    assert "Tegs" in page and "K * L * cni / sum_L_cni" in page
    assert "Beräknad med motorversion" in page and "scenariohash" in page  # Swedish by default


def test_a_unit_row_explains_its_ledger_year(client, demo):
    page = client.get("/regions/AC/?year=2026").content.decode()
    unit_link = unescape(next(h for h in page.split('href="')[1:] if "unit=" in h.split('"')[0]).split('"')[0])

    explained = client.get(unit_link).content.decode()

    for field in ("result", "loss_coverage", "recovery", "written_off", "drawdown", "balance_open", "balance_close"):
        assert f'id="line-{field}"' in explained


def test_the_bare_why_address_asks_which_centre_or_unit_to_explain(client, demo):
    page = client.get("/regions/AC/why/").content.decode()

    assert "Förklara vårdcentralen" in page and "explain names exactly one" not in page
    centres, units = page.split('id="why-centre"')[1].split('id="why-unit"')
    assert centres.count('<option value="AC') == 38  # every centre of the demo region, by name
    assert "Ålidhem vårdcentral (AC01)" in units  # a centre that is its own unit is named by it
    chosen = client.get("/regions/AC/why/?centre=AC03&year=2025").content.decode()
    assert 'id="line-revenue_capitation"' in chosen and ", 2025</h1>" in chosen


def test_an_explanation_that_cannot_be_given_says_why_with_400(client, demo):
    response = client.get("/regions/AC/why/?year=2026&centre=NOPE")

    assert response.status_code == 400
    assert "no centre NOPE" in response.content.decode()


def test_the_comparison_is_against_dagens_regler_och_data_unless_another_reference_is_chosen(client, demo):
    region = Region.objects.get(code="AC")
    baseline = region.scenarios.get(preset="baseline")
    motion, neutrality = (region.scenarios.get(preset=p) for p in ("motion-70-30", "neutrality"))

    unchosen = client.get(f"/regions/AC/compare/?s={motion.pk}&s={neutrality.pk}")
    stale_ref = client.get(f"/regions/AC/compare/?s={motion.pk}&s={neutrality.pk}&ref=999999")
    chosen = client.get(f"/regions/AC/compare/?s={motion.pk}&s={neutrality.pk}&ref={neutrality.pk}")
    alone = client.get(f"/regions/AC/compare/?s={motion.pk}")

    assert unchosen.context["reference_id"] == baseline.pk
    assert unchosen.context["chosen_ids"] == [baseline.pk, motion.pk, neutrality.pk]
    assert stale_ref.context["reference_id"] == baseline.pk
    assert chosen.context["reference_id"] == neutrality.pk and baseline.pk not in chosen.context["chosen_ids"]
    assert alone.context["chosen_ids"] == [baseline.pk, motion.pk] and not alone.context["message"]


def break_even_options(page: str, select: str) -> list[str]:
    found = page.split(f'id="{select}"')[1].split("</select>")[0]
    return re.findall(r'<option value="([^"]+)"', found)


def test_what_would_it_take_offers_only_goals_and_parameters_that_mean_something_in_the_scenario(client, demo):
    pages = {code: client.get(f"/regions/{code}/drivers/").content.decode() for code in ("AC", "U", "Z")}
    intraprenad_all = Scenario.objects.get(region__code="AC", preset="intraprenad-all")
    converted = client.get(f"/regions/AC/drivers/?scenario={intraprenad_all.pk}").content.decode()

    # Västerbotten: egen regi whose deficits the region covers, no intraprenad, no balance that moves.
    assert break_even_options(pages["AC"], "break-even-metric") == ["result.region_run", "consolidated_cost"]
    assert "ledger.intraprenad.return_requirement" not in break_even_options(pages["AC"], "break-even-parameter")
    # Västmanland: Närvården keeps its equity.
    assert break_even_options(pages["U"], "break-even-metric") == [
        "result.region_run",
        "result.intraprenad",
        "region_run_balance",
        "balance.Närvården",
        "consolidated_cost",
    ]
    assert "ledger.intraprenad.return_requirement" in break_even_options(pages["U"], "break-even-parameter")
    # Jämtland: the närvårdsområden carry their results.
    z_goals = break_even_options(pages["Z"], "break-even-metric")
    assert (
        "region_run_balance" in z_goals and "balance.NVO Östersund" in z_goals and "result.intraprenad" not in z_goals
    )
    # Converted to one intraprenad from 2026: its unit, its result and its return requirement.
    goals = break_even_options(converted, "break-even-metric")
    assert {"result.intraprenad", "balance.AC Intraprenad"} <= set(goals)
    assert "ledger.intraprenad.return_requirement" in break_even_options(converted, "break-even-parameter")
    # The fixed share is never scaled past 100 % (0.87 × the upper bound ≤ 1).
    high = float(pages["AC"].split('value="compensation.fixed_share"')[1].split('data-high="')[1].split('"')[0])
    assert 0.87 * high <= 1 < 0.87 * (high + 0.001)


def test_the_overview_and_the_comparison_say_what_the_motions_answer_assumes_and_link_where_to_change_it(client, demo):
    motion = Scenario.objects.get(region__code="AC", preset="motion-70-30")
    baseline = Scenario.objects.get(region__code="AC", preset="baseline")

    overview = client.get(f"/regions/AC/?scenario={motion.pk}").content.decode()
    compared = client.get(f"/regions/AC/compare/?s={baseline.pk}&s={motion.pk}").content.decode()
    plain = client.get("/regions/AC/").content.decode()

    card = overview.split('id="overview-answer"')[1].split("</div>")[0]
    assert 'data-kind="goal"' in card and "förutsätter att deras måluppfyllelse" in card
    assert f'href="/regions/AC/builder/?scenario={motion.pk}"' in card and "Måluppfyllelse över tid" in card
    assert 'data-kind="demo"' in card and 'href="/method/#demodata-AC"' in card
    answers = compared.split('id="answer-title"')[1].split("</section>")[0]
    assert 'data-kind="goal"' in answers and "Vad svaret förutsätter:" in answers
    assert "syntetiska demodata" in answers
    assert 'data-kind="goal"' not in plain  # the baseline is compared with nothing
