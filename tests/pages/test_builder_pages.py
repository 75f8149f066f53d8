"""The scenario builder's pages: previews, saves with versions, saved scenarios opening with their
values, addresses that carry choices; refusals store nothing."""

import json
import re

import pytest

from regions.models import Region
from simulation.models import Scenario

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
