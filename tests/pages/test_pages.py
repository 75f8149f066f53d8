"""Server-rendered pages: every figure comes from the projection; refusals store nothing."""

import io
import json
import re
from html import unescape

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from healthcentres.models import Dataset
from healthcentres.services import dataset_create, dataset_publish
from healthcentres.uploads.template import template_csv
from regions.models import Region, Role
from simulation.models import Scenario
from simulation.services.scenarios import scenario_clone, scenario_create, scenario_run, scenario_update
from tests.conftest import minimal_document

pytestmark = pytest.mark.django_db

BUILDER_FORM = {  # shares in percent, as a Swedish user writes them
    "budget_per_listed": "4 300",
    "fixed_share": "80",
    "goal_share": "30",
    "sparsity_per_listed": "250",
    "egen_regi_deficit": "covered",
    "egen_regi_restoration_years": "3",
    "egen_regi_surplus_retention": "0",
    "intraprenad_deficit": "carried",
    "intraprenad_restoration_years": "3",
    "intraprenad_surplus_retention": "100",
    "private_deficit": "borne",
    "private_restoration_years": "3",
    "private_surplus_retention": "100",
}


@pytest.fixture
def demo():
    call_command("load_demo", stdout=io.StringIO())


@pytest.fixture
def analyst(client):
    user = get_user_model().objects.create_user("ada", password="pw-for-tests-only")
    role = Role.objects.create(user=user, kind=Role.Kind.ANALYST)
    role.regions.set([Region.objects.get(code="AC")])
    client.force_login(user)
    return user


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
    row = '<th scope="row">Fast andel av budgeten</th><td>87\u00a0%</td><td>87\u00a0%, från 2026: 70\u00a0%</td>'
    assert row in page
    assert "Motion: 70/30" in page


def test_builder_preview_recomputes_and_refuses_with_paths(client, demo, analyst):
    form = BUILDER_FORM | {"fixed_share": "70"}

    ok = client.post("/api/v1/regions/AC/builder/preview", {"form": form}, content_type="application/json")
    bad = client.post(
        "/api/v1/regions/AC/builder/preview", {"form": form | {"fixed_share": "170"}}, content_type="application/json"
    )

    assert ok.status_code == 200
    assert ok.json()["document"]["compensation"]["fixed_share"] == 0.7
    assert set(ok.json()["figures"]) == {"net-cost", "result-by-form", "unit-balances"}
    assert bad.status_code == 400 and bad.json()["errors"][0]["path"] == "fixed_share"


def test_the_builders_cards_show_the_difference_from_the_rules_it_started_from(client, demo, analyst):
    page = client.get("/regions/AC/builder/").content.decode()
    untouched = json.loads(page.split('id="builder-initial" type="application/json">')[1].split("</script>")[0])

    same = client.post("/api/v1/regions/AC/builder/preview", {"form": untouched}, content_type="application/json")
    changed = client.post(
        "/api/v1/regions/AC/builder/preview", {"form": untouched | {"goal_share": "0"}}, content_type="application/json"
    )

    assert {item["difference"] for item in same.json()["headline"]} == {0.0}
    assert changed.json()["headline"][0]["difference"] != 0  # no goal pay left unearned: the region pays more


def test_builder_saves_and_then_updates_with_the_version(client, demo, analyst):
    form = BUILDER_FORM | {
        "name": "Mitt förslag",
        "egen_regi_deficit": "carried",
        "egen_regi_surplus_retention": "100",
        "convert_centres": ["AC01", "AC02"],
        "convert_year": "2026",
    }

    first = client.post("/api/v1/regions/AC/builder/save", {"form": form}, content_type="application/json").json()
    second = client.post(
        "/api/v1/regions/AC/builder/save",
        {"form": form, "id": first["id"], "version": 1},
        content_type="application/json",
    )
    stale = client.post(
        "/api/v1/regions/AC/builder/save",
        {"form": form, "id": first["id"], "version": 1},
        content_type="application/json",
    )

    saved = Scenario.objects.get(pk=first["id"])
    assert saved.levers[0]["centres"] == ["AC01", "AC02"]
    assert second.json()["version"] == 2
    assert stale.status_code == 412


def test_builder_cannot_overwrite_a_scenario_of_another_region(client, demo, analyst):
    other = Scenario.objects.get(region__code="U", preset="baseline")
    form = BUILDER_FORM

    response = client.post(
        "/api/v1/regions/AC/builder/save",
        {"form": form, "id": other.pk, "version": other.version},
        content_type="application/json",
    )

    assert response.status_code == 404
    assert Scenario.objects.get(pk=other.pk).version == other.version


def test_anonymous_visitors_try_the_builder_but_cannot_save(client, demo):
    page = client.get("/regions/AC/builder/")
    preview = client.post("/api/v1/regions/AC/builder/preview", {"form": BUILDER_FORM}, content_type="application/json")
    save = client.post("/api/v1/regions/AC/builder/save", {"form": BUILDER_FORM}, content_type="application/json")

    assert page.status_code == 200 and 'id="save-new-button"' not in page.content.decode()
    assert preview.status_code == 200
    assert save.status_code in (401, 403) and not Scenario.objects.filter(name="Nytt scenario").exists()


def test_the_builder_is_closed_to_anonymous_visitors_without_public_read(client, demo, settings):
    settings.VARDPENG_PUBLIC_READ = False

    page = client.get("/regions/AC/builder/")
    preview = client.post("/api/v1/regions/AC/builder/preview", {"form": BUILDER_FORM}, content_type="application/json")

    assert page["Location"].startswith("/accounts/login/")
    assert preview.status_code in (401, 403)


def test_a_saved_scenario_opens_in_the_builder_with_its_dated_values_and_kept_levers(client, demo, analyst):
    motion = Scenario.objects.get(region__code="AC", preset="motion-70-30")
    everyone = Scenario.objects.get(region__code="AC", preset="intraprenad-all")

    motion_page = client.get(f"/regions/AC/builder/?scenario={motion.pk}").content.decode()
    everyone_page = client.get(f"/regions/AC/builder/?scenario={everyone.pk}").content.decode()

    initial = json.loads(motion_page.split('id="builder-initial" type="application/json">')[1].split("</script>")[0])
    assert (initial["fixed_share"], initial["fixed_share_year_1"], initial["fixed_share_later_1"]) == ("87", 2026, "70")
    assert (initial["sparsity_year"], initial["small_unit_year"]) == (2026, 2026)
    assert 'id="save-button"' in motion_page and "Du ändrar" in motion_page
    # "Intraprenad för alla" converts every egen regi centre: the form shows them all chosen.
    everyone_initial = json.loads(
        everyone_page.split('id="builder-initial" type="application/json">')[1].split("</script>")[0]
    )
    egen_regi = re.findall(r'name="convert_centres" value="(\w+)"', everyone_page)
    assert sorted(everyone_initial["convert_centres"]) == sorted(egen_regi) and len(egen_regi) > 20
    assert (everyone_initial["convert_year"], everyone_initial["convert_start_capital"]) == (2026, "")
    assert 'id="kept-levers"' not in everyone_page


def test_an_address_with_choices_opens_the_builder_with_them(client, demo):
    page = client.get("/regions/AC/builder/?fixed_share_year_1=2026&fixed_share_later_1=70&neutrality_compensation=1")

    html = page.content.decode()
    assert 'name="fixed_share_later_1" value="70"' in html
    assert re.search(r'name="neutrality_compensation"[^>]* checked>', html)


def test_the_builder_saves_an_opened_scenario_as_a_new_version_and_as_a_new_scenario(client, demo, analyst):
    motion = Scenario.objects.get(region__code="AC", preset="motion-70-30")
    form = BUILDER_FORM | {"fixed_share": "87", "fixed_share_year_1": "2026", "fixed_share_later_1": "65"}
    form |= {"name": "Motion: 70/30"}

    update = client.post(
        "/api/v1/regions/AC/builder/save",
        {"form": form, "id": motion.pk, "version": motion.version},
        content_type="application/json",
    ).json()
    copy = client.post(
        "/api/v1/regions/AC/builder/save",
        {"form": form | {"name": "65 från 2026"}, "id": motion.pk, "as_new": True},
        content_type="application/json",
    ).json()

    motion.refresh_from_db()
    assert update["version"] == motion.version == 2
    assert motion.overrides["compensation"]["fixed_share"] == {"2024": 0.87, "2026": 0.65}
    assert motion.versions.count() == 2
    assert Scenario.objects.get(pk=copy["id"]).overrides["compensation"]["fixed_share"]["2026"] == 0.65


def builder_initial_of(page: str) -> dict:
    return json.loads(page.split('id="builder-initial" type="application/json">')[1].split("</script>")[0])


def test_the_builder_previews_and_saves_a_dated_budget_a_goal_trend_and_who_pays_the_overhead(client, demo, analyst):
    form = BUILDER_FORM | {
        "name": "Vårdpeng och tillgänglighet",
        "budget_per_listed_year_1": "2026",
        "budget_per_listed_later_1": "4 500",
        "trend_goal": "phone_access",
        "trend_annual": "1,5",
        "trend_from": "2025",
        "trend_forms": ["egen_regi", "intraprenad", "private"],
        "overhead_share": "50",
        "overhead_from": "2025",
        "overhead_funded_by": "saved",
    }

    preview = client.post("/api/v1/regions/AC/builder/preview", {"form": form}, content_type="application/json")
    saved = client.post("/api/v1/regions/AC/builder/save", {"form": form}, content_type="application/json").json()
    reopened = builder_initial_of(client.get(f"/regions/AC/builder/?scenario={saved['id']}").content.decode())

    document = preview.json()["document"]
    assert document["compensation"]["budget_per_listed"] == {"2024": 4300.0, "2026": 4500.0}
    assert {"type": "goal_trend", "goal": "phone_access", "from_year": 2025, "annual": 0.015} in document["levers"]
    scenario = Scenario.objects.get(pk=saved["id"])
    assert scenario.levers[-1] == {"type": "overhead_reduction", "from_year": 2025, "share": 0.5, "funded_by": "saved"}
    assert (reopened["budget_per_listed_year_1"], reopened["budget_per_listed_later_1"]) == (2026, "4500")
    assert (reopened["trend_annual"], reopened["overhead_funded_by"]) == ("1,5", "saved")


def test_a_saved_scenario_with_a_goal_trend_and_a_central_overhead_opens_with_those_fields_filled(
    client, demo, analyst
):
    levers = [
        {"type": "goal_trend", "goal": "assessment_3d", "from_year": 2026, "annual": -0.02, "forms": ["private"]},
        {"type": "overhead_reduction", "from_year": 2025, "share": 0.3, "forms": ["egen_regi", "intraprenad"]},
    ]
    ac = Region.objects.get(code="AC")
    scenario = Scenario.objects.create(
        region=ac, dataset=ac.scenarios.get(preset="baseline").dataset, name="T", levers=levers
    )

    page = client.get(f"/regions/AC/builder/?scenario={scenario.pk}").content.decode()

    assert re.search(r'<option value="assessment_3d" selected>', page)
    assert 'name="trend_annual" value="-2"' in page
    assert re.search(r'name="trend_forms" value="private"[^>]*checked', page)
    assert not re.search(r'name="trend_forms" value="egen_regi"[^>]*checked', page)
    assert re.search(r'name="overhead_funded_by" value="region"[^>]*checked', page)
    assert 'name="overhead_share" value="30"' in page and 'id="kept-levers"' not in page


def test_the_builder_asks_in_words_who_pays_the_overhead_and_says_the_trend_is_an_assumption(client, demo):
    page = client.get("/regions/AC/builder/").content.decode()

    assert "regionen betalar centralt" in page and "tjänsterna dras ned" in page
    assert "kostnaden i koncernperspektiv är densamma" in page
    assert "Ett antagande: måluppfyllelsen ändras så här många procentenheter per år" in page
    assert 'aria-describedby="id_budget_per_listed_helptext error-budget_per_listed"' in page
    assert (
        'id="error-budget_per_listed_later_1"' in page and 'aria-describedby="error-budget_per_listed_later_1"' in page
    )


def test_select_all_without_javascript_reopens_the_builder_with_every_egen_regi_centre_chosen(client, demo):
    sent = "/regions/AC/builder/?apply=1&budget_per_listed=4300&fixed_share=87&convert_year=2026&convert_select=all"

    page = client.get(sent).content.decode()
    none = client.get(sent.replace("=all", "=none") + "&convert_centres=AC01").content.decode()

    boxes = re.findall(r'<input type="checkbox" name="convert_centres"[^>]*>', page)
    assert boxes and all("checked" in box for box in boxes)
    assert not re.search(r'name="convert_centres"[^>]*checked', none)
    assert 'name="convert_year" value="2026"' in page


def test_upload_page_shows_the_error_table_and_stores_nothing(client, demo, analyst):
    before = Dataset.objects.count()
    bad = io.BytesIO(template_csv().replace("12 000", "-12").encode())
    bad.name = "bad.csv"

    response = client.post("/regions/AC/upload/", {"file": bad, "base_year": 2025})

    assert response.status_code == 200
    page = response.content.decode()
    assert 'id="upload-errors"' in page
    assert "<td>G2</td><td>2</td><td>listed (Listade)</td><td>Måste vara minst 0.</td>" in page  # as Excel shows it
    assert Dataset.objects.count() == before


def test_an_upload_becomes_a_draft_whose_page_shows_what_publishing_would_change(client, demo, analyst):
    good = io.BytesIO(template_csv().encode())
    good.name = "good.csv"

    response = client.post("/regions/AC/upload/", {"file": good, "base_year": 2025, "name": "Ny data"}, follow=True)

    page = response.content.decode()
    draft = Dataset.objects.get(name="Ny data")
    assert response.redirect_chain == [(f"/regions/AC/datasets/{draft.pk}/", 302)]
    assert draft.status == "draft" and "Ny data" in page and "utkast" in page
    assert 'id="centres-removed"' in page and 'id="publish-button"' in page
    assert Region.objects.get(code="AC").datasets.get(status="current").is_demo  # nobody else sees it yet


def test_upload_page_is_refused_to_analysts_of_other_regions(client, demo, analyst):
    assert client.get("/regions/U/upload/").status_code == 403


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


def test_builder_recomputes_share_the_simulate_rate_limit(client, demo, analyst, monkeypatch):
    from common.api import SimulateThrottle

    monkeypatch.setattr(SimulateThrottle, "rate", "2/min", raising=False)

    answers = [
        client.post("/api/v1/regions/AC/builder/preview", {"form": BUILDER_FORM}, content_type="application/json")
        for _ in range(3)
    ]

    assert [a.status_code for a in answers] == [200, 200, 429]
    assert int(answers[-1]["Retry-After"]) > 0
    assert answers[-1].json()["errors"][0]["message"]


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
    from simulation.services.scenarios import scenario_run

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


def test_the_data_pages_publish_and_delete_only_for_the_regions_analysts(client, demo):
    region = Region.objects.get(code="AC")
    current = region.datasets.get(status="current")
    draft = dataset_create(region=region, base_year=2025, name="Utkast", rows=minimal_document()["centres"])
    viewer = get_user_model().objects.create_user("vy")
    other = get_user_model().objects.create_user("ola")
    Role.objects.create(user=other, kind=Role.Kind.ANALYST).regions.set([Region.objects.get(code="U")])

    anonymous = client.post(f"/regions/AC/datasets/{draft.pk}/publish/")
    client.force_login(viewer)
    viewer_sees = client.get(f"/regions/AC/datasets/{draft.pk}/").status_code
    client.force_login(other)
    other_publishes = client.post(f"/regions/AC/datasets/{draft.pk}/publish/").status_code
    other_deletes = client.post(f"/regions/AC/datasets/{draft.pk}/delete/").status_code

    assert anonymous["Location"].startswith("/accounts/login/")
    assert (viewer_sees, other_publishes, other_deletes) == (404, 404, 404)
    assert region.datasets.get(status="current") == current and Dataset.objects.filter(pk=draft.pk).exists()


def publish_new_data(region, name="Ny"):
    rows = minimal_document()["centres"]
    return dataset_publish(dataset=dataset_create(region=region, base_year=2024, name=name, rows=rows), user=None)


def test_a_saved_scenario_on_older_data_says_so_and_moves_to_the_current_data_as_a_new_version(client, demo, analyst):
    region = Region.objects.get(code="AC")
    motion = scenario_clone(scenario=region.scenarios.get(preset="motion-70-30"), name="Vår motion", user=analyst)
    publish_new_data(region)

    page = client.get(f"/regions/AC/?scenario={motion.pk}").content.decode()
    compared = client.get(f"/regions/AC/compare/?s={motion.pk}").content.decode()
    back = f"/regions/AC/?scenario={motion.pk}"
    moved = client.post(f"/regions/AC/scenarios/{motion.pk}/rebase/", {"version": motion.version, "next": back})

    motion.refresh_from_db()
    assert 'id="older-data-note"' in page and 'id="rebase-button"' in page
    assert 'id="compare-data-note"' in compared and "Vår motion räknas på äldre data" in compared
    assert moved.status_code == 302 and moved["Location"] == back
    assert motion.dataset.name == "Ny" and motion.version == 2
    assert "older-data-note" not in client.get(f"/regions/AC/?scenario={motion.pk}").content.decode()


def test_a_preset_always_runs_on_the_regions_current_data(client, demo, analyst):
    region = Region.objects.get(code="AC")
    preset = region.scenarios.get(preset="motion-70-30")
    publish_new_data(region)

    document = scenario_run(preset).document
    dashboard = client.get(f"/regions/AC/?scenario={preset.pk}").content.decode()
    listing = client.get("/regions/AC/scenarios/").content.decode()
    refused = client.post(f"/regions/AC/scenarios/{preset.pk}/rebase/", {"version": preset.version}, follow=True)

    assert [c["id"] for c in document["centres"]] == ["E1", "I1", "P1"]
    assert "older-data-note" not in dashboard and "Ny · basår 2024" in dashboard
    presets = listing.split('id="presets"')[1]
    assert "äldre data" not in presets and "Ny" in presets
    assert "a preset always runs on the region&#x27;s current data" in refused.content.decode()
    preset.refresh_from_db()
    assert preset.version == 1
    picker = re.findall(
        r"<option[^>]*>([^<]*)</option>", dashboard.split('id="scenario-select"')[1].split("</select>")[0]
    )
    assert "Dagens regler och data · förval" in picker and not [o for o in picker if "förval · äldre data" in o]


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


def test_one_click_moves_every_saved_scenario_on_older_data_and_keeps_one_the_new_data_refuses(client, demo, analyst):
    region = Region.objects.get(code="AC")
    motion = region.scenarios.get(preset="motion-70-30")
    first = scenario_clone(scenario=motion, name="Första", user=analyst)
    second = scenario_clone(scenario=region.scenarios.get(preset="neutrality"), name="Andra", user=analyst)
    lever = {"type": "convert_form", "year": 2026, "centres": ["AC03"], "to": "intraprenad", "unit": "Tegs AB"}
    named = scenario_create(region=region, created_by=analyst, name="Tegs som intraprenad", levers=[lever])
    publish_new_data(region)

    listing = client.get("/regions/AC/scenarios/").content.decode()
    done = client.post("/regions/AC/scenarios/rebase-all/", follow=True)

    assert 'id="older-data-all"' in listing and 'id="rebase-all-button"' in listing
    assert "3 sparade scenarier räknas på äldre data" in listing
    for scenario in (first, second, named, motion):
        scenario.refresh_from_db()
    assert (first.dataset.name, first.version, second.dataset.name, second.version) == ("Ny", 2, "Ny", 2)
    assert named.dataset.name.startswith("Demodata") and named.version == 1  # refused: exactly as it was
    assert motion.version == 1  # a preset is never moved: it follows the data by itself
    page = done.content.decode()
    assert "2 scenarier räknas nu på aktuella data" in page
    assert "Tegs som intraprenad behåller sina data" in page and "AC03" in page
    assert 'id="rebase-all-button"' in page  # the refused one is still on older data


def test_only_the_regions_analysts_move_its_scenarios(client, demo):
    region = Region.objects.get(code="AC")
    viewer = get_user_model().objects.create_user("vy")
    saved = scenario_clone(scenario=region.scenarios.get(preset="motion-70-30"), name="Sparad", user=viewer)
    publish_new_data(region)

    anonymous = client.post("/regions/AC/scenarios/rebase-all/")
    client.force_login(viewer)
    listing = client.get("/regions/AC/scenarios/").content.decode()
    refused = client.post("/regions/AC/scenarios/rebase-all/", follow=True)

    saved.refresh_from_db()
    assert anonymous["Location"].startswith("/accounts/login/")
    assert 'id="older-data-all"' in listing and 'id="rebase-all-button"' not in listing
    assert "Bara regionens analytiker" in refused.content.decode() and saved.version == 1


def test_the_scenario_history_shows_what_differs_between_two_versions_in_words(client, demo, analyst):
    motion = Scenario.objects.get(region__code="AC", preset="motion-70-30")
    overrides = motion.overrides | {"compensation": motion.overrides["compensation"] | {"fixed_share": 0.75}}
    scenario_update(scenario_id=motion.pk, expected_version=1, changes={"overrides": overrides}, user=analyst)

    page = client.get(f"/regions/AC/scenarios/{motion.pk}/history/?a=1&b=2").content.decode()

    assert "Version 1 mot version 2" in page
    assert (
        '<th scope="row">Fast andel av budgeten</th><td>87\u00a0%, från 2026: 70\u00a0%</td><td>75\u00a0%</td>' in page
    )
    assert "ada" in page


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
