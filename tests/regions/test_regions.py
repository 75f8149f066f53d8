import io
import subprocess
import sys

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management import call_command

from healthcentres.models import CentreFacts, Dataset, HealthCentre
from regions.models import Region, Rulebook
from simulation.models import Scenario
from simulation.services.scenarios import scenario_run, scenario_update
from tests.conftest import PROJECT

pytestmark = pytest.mark.django_db


def counts():
    return {m.__name__: m.objects.count() for m in (Region, Rulebook, Dataset, CentreFacts, HealthCentre, Scenario)}


def test_load_demo_is_idempotent():
    call_command("load_demo", stdout=io.StringIO())
    first = counts()
    versions = list(Scenario.objects.order_by("id").values_list("version", flat=True))

    call_command("load_demo", stdout=io.StringIO())

    assert counts() == first
    assert list(Scenario.objects.order_by("id").values_list("version", flat=True)) == versions
    assert first["Region"] == 4 and first["Dataset"] == 4


def test_load_demo_leaves_a_preset_an_analyst_edited_as_they_left_it():
    call_command("load_demo", stdout=io.StringIO())
    motion = Scenario.objects.get(region__code="AC", preset="motion-70-30")
    analyst = get_user_model().objects.create_user("ana")
    edited = scenario_update(
        scenario_id=motion.pk,
        expected_version=motion.version,
        changes={"name": "Motion: 70/30, vår version", "description": "Med målandelen vi vill pröva."},
        user=analyst,
    )
    untouched = Scenario.objects.get(region__code="AC", preset="baseline").version

    call_command("load_demo", stdout=io.StringIO())  # as every `make run` does

    motion.refresh_from_db()
    assert motion.version == edited.version
    assert (motion.name, motion.description) == ("Motion: 70/30, vår version", "Med målandelen vi vill pröva.")
    assert Scenario.objects.get(region__code="AC", preset="baseline").version == untouched


def test_demo_regions_match_the_figures_they_are_calibrated_to():
    call_command("load_demo", stdout=io.StringIO())

    ac = Region.objects.get(code="AC")
    ac_base = scenario_run(ac.scenarios.get(preset="baseline")).projection["runs"][0]
    ac_2024 = [c for c in ac_base["centres"] if c["year"] == 2024]
    assert len(ac_2024) == 38
    assert sum(c["operating_form"] == "private" for c in ac_2024) == 5
    assert all(c["result"] < 0 for c in ac_2024 if c["operating_form"] != "private")

    u_base = scenario_run(Region.objects.get(code="U").scenarios.get(preset="baseline")).projection["runs"][0]
    narvarden_2024 = next(u for u in u_base["units"] if u["unit"] == "Närvården" and u["year"] == 2024)
    assert narvarden_2024["result"] == pytest.approx(5_800_000, rel=1e-6)
    assert narvarden_2024["return_requirement"] == 1_700_000
    share = u_base["region"][0]["by_form"]["intraprenad"]["market_share"]
    assert 0.41 <= share <= 0.42

    z = Region.objects.get(code="Z")
    private = set(z.centres.filter(operating_form="private").values_list("name", flat=True))
    assert {n.split(" ")[0] for n in private} == {"Offerdal", "Hammerdal", "Hede", "Hoting", "Strömsund"}
    assert z.centres.filter(unit="NVO Östersund").count() == 7
    assert Region.objects.get(code="T").centres.filter(operating_form="private").count() == 4


def test_the_national_region_comes_only_when_asked_with_1200_distinct_centres_listing_the_country():
    call_command("load_demo", stdout=io.StringIO())
    assert not Region.objects.filter(code="SE").exists()

    call_command("load_demo", national=True, stdout=io.StringIO())

    national = Region.objects.get(code="SE")
    base = scenario_run(national.scenarios.get(preset="baseline")).projection["runs"][0]
    first_year = [c for c in base["centres"] if c["year"] == 2024]
    assert len({c["centre_id"] for c in first_year}) == 1200
    assert sum(c["listed"] for c in first_year) == pytest.approx(10_500_000, rel=0.01)
    assert {c["operating_form"] for c in first_year} == {"egen_regi", "intraprenad", "private"}
    assert Region.objects.count() == 5


def test_every_demo_preset_runs_and_the_motion_changes_the_money():
    call_command("load_demo", stdout=io.StringIO())
    ac = Region.objects.get(code="AC")

    projections = {s.preset: scenario_run(s).projection for s in ac.scenarios.all()}

    assert set(projections) == {
        "baseline",
        "motion-70-30",
        "intraprenad-all",
        "jamtland-2010",
        "neutrality",
        "list-size-1100",
        "uncertainty",
    }
    last = {k: p["runs"][0]["region"][-1]["net_cost"] for k, p in projections.items()}
    assert last["motion-70-30"] != last["baseline"]
    assert last["list-size-1100"] > last["baseline"]
    bands = projections["uncertainty"]["runs"][0]["bands"]
    assert bands["net_cost"]["p5"][-1] < last["uncertainty"] < bands["net_cost"]["p95"][-1]


def test_rulebook_is_validated_by_the_engine_validator():
    region = Region.objects.create(code="XX", name="Test")
    rulebook = Rulebook(region=region, effective_from=2024, rules={"compensation": {"budget_per_listed": 1}})

    with pytest.raises(ValidationError) as refused:
        rulebook.full_clean()

    assert refused.value.message_dict["rules"] == ["compensation.fixed_share: required"]


def test_production_settings_refuse_to_start_without_a_secret():
    code = "import django; django.setup()"
    env = {"DJANGO_SETTINGS_MODULE": "config.settings.production", "DJANGO_ALLOWED_HOSTS": "x", "PATH": ""}

    result = subprocess.run([sys.executable, "-c", code], cwd=PROJECT, env=env, capture_output=True, text=True)

    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_production_rate_limits_live_in_a_shared_cache_not_in_each_worker():
    code = (
        "import django; django.setup(); from django.conf import settings; print(settings.CACHES['default']['BACKEND'])"
    )
    env = {
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "DJANGO_ALLOWED_HOSTS": "x",
        "DJANGO_SECRET_KEY": "test-only-" + "x" * 50,
        "PATH": "",
    }

    default = subprocess.run([sys.executable, "-c", code], cwd=PROJECT, env=env, capture_output=True, text=True)
    redis = subprocess.run(
        [sys.executable, "-c", code],
        cwd=PROJECT,
        env=env | {"CACHE_URL": "redis://127.0.0.1:6379/1"},
        capture_output=True,
        text=True,
    )

    assert default.stdout.strip() == "django.core.cache.backends.db.DatabaseCache", default.stderr
    assert redis.stdout.strip() == "django.core.cache.backends.redis.RedisCache", redis.stderr


def test_the_api_answers_503_in_json_when_the_database_does_not_answer(client, monkeypatch):
    from django.db import OperationalError

    from healthcentres.api import regions as apis

    def down(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(apis.RegionListApi, "get", down)

    response = client.get("/api/v1/regions/", HTTP_ACCEPT_LANGUAGE="en")  # the API speaks the caller's language

    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "database" in response.json()["errors"][0]["message"]


def test_healthz_answers_when_the_database_does(client):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


def test_home_lists_the_demo_regions_marked_as_demo(client):
    call_command("load_demo", stdout=io.StringIO())

    page = client.get("/").content.decode()

    for name in ("Region Västerbotten", "Region Västmanland", "Region Jämtland Härjedalen", "Region Örebro län"):
        assert name in page
    assert page.count(">DEMO<") == 4
    assert "Ålidhem vårdcentral" in page
    assert "mnkr" in page


def test_home_shows_the_consolidated_cost_beside_the_net_cost_and_says_why_they_differ(client):
    call_command("load_demo", stdout=io.StringIO())
    runs = {
        code: scenario_run(Scenario.objects.get(region__code=code, preset="baseline")).projection["runs"][0]
        for code in ("AC", "Z")
    }

    page = client.get("/").content.decode()

    cards = {code: page.split(f'id="region-{code}"')[1].split("</article>")[0] for code in ("AC", "Z")}
    for code, run in runs.items():
        first, last = run["region"][0], run["region"][-1]
        for row in (first, last):
            shown = f"{row['consolidated_cost'] / 1e6:,.1f}".replace(",", "\u00a0").replace(".", ",") + "\u00a0mnkr"
            assert shown in cards[code].split('class="consolidated-cost"')[1 if row is first else 2]
        assert "Kostnad i koncernperspektiv" in cards[code] and "Nettokostnad" in cards[code]
    # Jämtland's närvårdsområden carry their deficits: the net cost understates what they cost.
    assert "bär underskott som ännu inte skrivits av" in cards["Z"] and 'role="note"' in cards["Z"]
    assert 'role="note"' not in cards["AC"]  # covered deficits: the two views agree


def test_home_reads_the_regions_together_not_eight_queries_each(client, django_assert_max_num_queries):
    call_command("load_demo", stdout=io.StringIO())
    client.get("/")  # projections cached

    # 4 reads for all regions at once (regions, datasets, summaries, baselines), then per region its
    # rulebook, its centres and its cached projection: 16 for the four demo regions (33 before).
    with django_assert_max_num_queries(4 + 3 * 4 + 2):
        response = client.get("/")

    assert response.status_code == 200


def test_home_has_an_empty_state_without_regions(client):
    page = client.get("/").content.decode()

    assert "load_demo" in page


def test_home_asks_anonymous_visitors_to_sign_in_when_public_read_is_off(client, settings):
    settings.VARDPENG_PUBLIC_READ = False

    response = client.get("/")

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_load_demo_retires_a_preset_it_no_longer_offers_unless_a_person_edited_it():
    call_command("load_demo", stdout=io.StringIO())
    z = Region.objects.get(code="Z")
    dataset = z.datasets.get(status="current")
    # Jämtland's own rules are LS/42/2010 now: an older demo gave it the 2010 model as a preset.
    stale = Scenario.objects.create(region=z, dataset=dataset, name="Jämtlandsmodellen 2010", preset="jamtland-2010")
    kept = Scenario.objects.create(
        region=z,
        dataset=dataset,
        name="Vår variant",
        preset="old-kept",
        updated_by=get_user_model().objects.create_user("z"),
    )

    call_command("load_demo", stdout=io.StringIO())

    assert not z.scenarios.filter(pk=stale.pk).exists()
    assert Scenario.all_objects.get(pk=stale.pk).deleted_at is not None  # an administrator can restore it
    assert z.scenarios.filter(pk=kept.pk).exists()
    assert z.scenarios.filter(preset="jamtland-2018").exists()
