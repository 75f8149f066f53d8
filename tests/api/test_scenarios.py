import csv
import io
import json
import subprocess
import sys

import pytest
import yaml
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from healthcentres.services import dataset_create, dataset_publish
from regions.models import Region
from simulation.models import CachedProjection, Scenario
from tests.api.conftest import make_region
from tests.conftest import PROJECT, minimal_document

LEVER = {"type": "efficiency", "from_year": 2025, "annual": 0.02, "forms": ["egen_regi"]}


def create(client, **body):
    return client.post("/api/v1/regions/AA/scenarios/", {"name": "Effektiv", **body}, format="json")


def test_a_client_can_create_a_scenario_and_rerun_its_document_with_the_cli(clients, tmp_path):
    client = clients["analyst"]
    created = create(client, levers=[LEVER], overrides={"compensation": {"fixed_share": 0.8}})
    assert created.status_code == 201, created.json()
    scenario = created.json()

    document = client.get(scenario["document_url"]).json()
    projection = client.get(scenario["projection_url"]).json()
    path = tmp_path / "document.json"
    path.write_text(json.dumps(document))
    cli = subprocess.run(
        [sys.executable, "manage.py", "simulate", str(path)], cwd=PROJECT, capture_output=True, text=True, check=True
    )

    assert document["compensation"]["fixed_share"] == 0.8
    assert document["levers"] == [LEVER]
    assert len(document["centres"]) == 3
    assert json.loads(cli.stdout) == projection


def test_a_refused_scenario_lists_its_problems_and_stores_nothing(clients):
    before = Scenario.objects.count()

    response = create(
        clients["analyst"],
        levers=[{"type": "efficiency", "from_year": 2025, "annual": 2}],
        overrides={"compensation": {"fixed_share": 1.5}, "centres": []},
    )

    assert response.status_code == 400
    assert response.json()["errors"] == [
        {
            "path": "overrides.centres",
            "message": "cannot be overridden here (allowed: horizon, assumptions, compensation, costs, ledger, "
            "neutrality_compensation, uncertainty)",
        }
    ]
    assert Scenario.objects.count() == before


def test_rule_problems_are_reported_with_document_paths(clients):
    response = create(
        clients["analyst"],
        levers=[{"type": "efficiency", "from_year": 2025, "annual": 2}],
        overrides={"compensation": {"fixed_share": 1.5}},
    )

    assert response.status_code == 400
    assert {p["path"] for p in response.json()["errors"]} == {"compensation.fixed_share", "levers[0].annual"}


def test_a_duplicate_name_is_refused(clients):
    response = create(clients["analyst"], name="Basscenario")

    assert response.status_code == 400
    assert response.json()["errors"] == [{"path": "name", "message": "a scenario of this region already has this name"}]


def test_update_needs_if_match_or_version_and_refuses_stale_writes(clients):
    client = clients["analyst"]
    scenario = create(client).json()
    url = f"/api/v1/scenarios/{scenario['id']}/"
    etag = client.get(url)["ETag"]

    missing = client.patch(url, {"description": "a"}, format="json")
    fresh = client.patch(url, {"description": "b"}, format="json", HTTP_IF_MATCH=etag)
    stale = client.patch(url, {"description": "c"}, format="json", HTTP_IF_MATCH=etag)
    by_version = client.patch(url, {"description": "d", "version": 2}, format="json")

    assert missing.status_code == 428
    assert fresh.status_code == 200 and fresh["ETag"] == '"2"'
    assert stale.status_code == 412
    assert by_version.status_code == 200 and by_version.json()["version"] == 3
    assert Scenario.objects.get(pk=scenario["id"]).description == "d"


def test_an_invalid_body_is_answered_before_a_stale_version(clients):
    # The client must fix its body whatever version it read; reloading would not help it.
    client = clients["analyst"]
    scenario = create(client).json()
    url = f"/api/v1/scenarios/{scenario['id']}/"

    response = client.patch(url, {"overrides": {"compensation": {"fixed_share": 1.5}}, "version": 99}, format="json")

    assert response.status_code == 400
    assert [p["path"] for p in response.json()["errors"]] == ["compensation.fixed_share"]
    assert Scenario.objects.get(pk=scenario["id"]).version == 1


def test_a_refused_update_changes_nothing(clients):
    client = clients["analyst"]
    scenario = create(client).json()
    url = f"/api/v1/scenarios/{scenario['id']}/"

    response = client.put(url, {"name": "Effektiv", "levers": [{"type": "nope"}], "version": 1}, format="json")

    assert response.status_code == 400
    stored = Scenario.objects.get(pk=scenario["id"])
    assert (stored.version, stored.levers) == (1, [])


def test_put_replaces_what_is_not_sent(clients):
    client = clients["analyst"]
    scenario = create(client, levers=[LEVER], description="före").json()

    response = client.put(f"/api/v1/scenarios/{scenario['id']}/", {"name": "Ny", "version": 1}, format="json")

    assert response.status_code == 200
    assert (response.json()["levers"], response.json()["description"]) == ([], "")


def test_projections_are_cached_and_an_edit_never_serves_a_stale_one(clients):
    client = clients["analyst"]
    scenario = create(client).json()
    url = scenario["projection_url"]

    first = client.get(url).json()
    again = client.get(url).json()
    assert again == first
    assert CachedProjection.objects.count() == 1

    client.patch(
        f"/api/v1/scenarios/{scenario['id']}/",
        {"overrides": {"compensation": {"fixed_share": 0.7}}, "version": 1},
        format="json",
    )
    edited = client.get(url).json()
    assert CachedProjection.objects.count() == 2
    assert edited["runs"][0]["region"][0]["budget"] == first["runs"][0]["region"][0]["budget"]
    assert edited["runs"][0]["centres"] != first["runs"][0]["centres"]


def test_exports_neutralise_formulas_and_keep_numbers(clients, regions):
    rows = minimal_document()["centres"]
    rows[0] |= {"id": '=HYPERLINK("http://x")', "unit": '=HYPERLINK("http://x")'}
    dataset = dataset_publish(
        dataset=dataset_create(region=regions[0], base_year=2025, name="farlig", rows=rows), user=None
    )
    client = clients["analyst"]
    scenario = create(client, dataset=dataset.pk).json()

    csv_text = client.get(scenario["projection_url"] + "?format=csv").content.decode()
    workbook = load_workbook(io.BytesIO(client.get(scenario["projection_url"] + "?format=xlsx").content))

    assert "\n baseline" not in csv_text
    assert "'=HYPERLINK" in csv_text
    centres = workbook["Vårdcentraler"]
    header = [c.value for c in centres[1]]
    first = dict(zip(header, centres[2], strict=True))
    assert first["Vårdcentralens id"].value.startswith("'=")
    assert first["Resultat"].data_type == "n" and first["År"].value == 2025
    assert workbook.sheetnames == ["Om filen", "Region", "Resultatenheter", "Vårdcentraler"]


def test_the_excel_export_says_what_it_holds_and_formats_its_numbers(clients):
    client = clients["analyst"]
    scenario = create(client, name="Min reform").json()

    response = client.get(scenario["projection_url"] + "?format=xlsx")

    workbook = load_workbook(io.BytesIO(response.content))
    about = {row[0].value: row[1].value for row in workbook["Om filen"].iter_rows(min_row=2) if row[0].value}
    assert about["Scenario"].startswith("Min reform (id ")
    assert about["Basår"] == "2024" and about["Motorversion"].startswith("1.2+")
    projection = client.get(scenario["projection_url"]).json()
    assert about["Scenariots kontrollsumma (SHA-256 av det körda dokumentet)"] == projection["runs"][0]["scenario_hash"]
    assert "miljoner kronor (mnkr)" in about["Enheter och belopp"]
    region = workbook["Region"]
    header = [c.value for c in region[1]]
    net_cost = region.cell(row=2, column=header.index("Nettokostnad") + 1)
    share = region.cell(row=2, column=header.index("privat: marknadsandel") + 1)
    assert net_cost.number_format == '#,##0.0,," mnkr"' and net_cost.data_type == "n"
    assert share.number_format == "0.0%"
    assert region.cell(row=2, column=header.index("Scenario") + 1).value == "Min reform"
    assert 'filename="vardpeng-aa-min-reform-v1.xlsx"' in response["Content-Disposition"]


def test_the_swedish_csv_opens_right_in_swedish_excel_and_the_machine_csv_keeps_the_fields(clients):
    client = clients["analyst"]
    scenario = create(client, name="Min reform").json()
    projection = client.get(scenario["projection_url"]).json()

    swedish = client.get(scenario["projection_url"] + "?format=csv&table=region&variant=sv").content.decode()
    machine = client.get(scenario["projection_url"] + "?format=csv&table=region").content.decode()

    assert swedish.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(swedish.lstrip("\ufeff")), delimiter=";"))
    net_cost = projection["runs"][0]["region"][0]["net_cost"]
    assert rows[0]["Nettokostnad (mnkr)"] == f"{net_cost / 1e6:.1f}".replace(".", ",")
    assert rows[0]["Scenario"] == "Min reform" and rows[0]["År"] == "2024"
    fields = list(csv.DictReader(io.StringIO(machine)))
    assert float(fields[0]["net_cost"]) == pytest.approx(net_cost, rel=1e-12)
    assert fields[0]["scenario"] == "Min reform" and fields[0]["variant"] == "baseline"


def test_projection_format_must_be_known(clients):
    scenario = create(clients["analyst"]).json()

    response = clients["analyst"].get(scenario["projection_url"] + "?format=pdf")

    assert response.status_code == 400


def test_simulate_refuses_an_oversized_body_with_413(clients, settings):
    settings.VARDPENG_MAX_DOCUMENT_BYTES = 2000

    response = clients["viewer"].post(
        "/api/v1/simulate", minimal_document() | {"description": "x" * 5000}, format="json"
    )

    assert response.status_code == 413


def test_simulate_returns_the_projection_or_every_problem(clients):
    ok = clients["viewer"].post("/api/v1/simulate", minimal_document(), format="json")
    bad = clients["viewer"].post("/api/v1/simulate", minimal_document(horizon=0, base_year="x"), format="json")

    assert ok.status_code == 200 and ok.json()["schema"] == "vardpeng.projection/1"
    assert bad.status_code == 400
    assert {p["path"] for p in bad.json()["errors"]} == {"horizon", "base_year"}


def test_the_cli_writes_a_projection_as_the_same_bytes_as_simulate_answers(clients, tmp_path):
    document = minimal_document(levers=[LEVER])
    path, output = tmp_path / "document.json", tmp_path / "projection.json"
    path.write_text(json.dumps(document))

    answer = clients["viewer"].post("/api/v1/simulate", document, format="json")
    subprocess.run(
        [sys.executable, "manage.py", "simulate", str(path), "--output", str(output)], cwd=PROJECT, check=True
    )

    assert answer.status_code == 200
    assert output.read_bytes() == answer.content


def test_simulate_is_throttled_per_user(clients, monkeypatch):
    from django.core.cache import cache

    from common.api import SimulateThrottle

    cache.clear()
    monkeypatch.setattr(SimulateThrottle, "rate", "2/min", raising=False)

    codes = [
        clients["viewer"].post("/api/v1/simulate", minimal_document(), format="json").status_code for _ in range(3)
    ]
    other = clients["admin"].post("/api/v1/simulate", minimal_document(), format="json").status_code

    assert codes == [200, 200, 429]
    assert other == 200


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_list_endpoints_make_as_many_queries_for_100_rows_as_for_10(clients):
    client = clients["viewer"]
    region = Scenario.objects.get(region__code="AA", preset="baseline").region
    dataset = region.datasets.first()
    urls = ["/api/v1/regions/", "/api/v1/regions/AA/scenarios/", "/api/v1/regions/AA/datasets/"]

    def grow(count):
        while Scenario.objects.filter(region=region).count() < count:
            n = Scenario.objects.count()
            Scenario.objects.create(region=region, dataset=dataset, name=f"S{n}", created_by=None)
        while region.datasets.count() < count:
            dataset_create(region=region, base_year=2024, name="d", rows=minimal_document()["centres"])
        while Region.objects.count() < count:
            n = Region.objects.count()
            make_region("Q" + "".join(chr(65 + (n // 26**k) % 26) for k in range(3)))

    grow(10)
    small = [count_queries(client, url) for url in urls]
    grow(100)
    large = [count_queries(client, url) for url in urls]

    assert small == large


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_updates_one_wins_the_other_gets_412(regions):
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL (DATABASE_URL); SQLite serialises writers anyway")
    import threading

    from django.db import connections

    from simulation.services.scenarios import StaleWrite, scenario_update

    scenario = Scenario.objects.get(region__code="AA", preset="baseline")
    barrier = threading.Barrier(2)
    outcomes = []

    def write(text):
        try:
            barrier.wait()
            scenario_update(scenario_id=scenario.pk, expected_version=1, changes={"description": text})
            outcomes.append("ok")
        except StaleWrite:
            outcomes.append("stale")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=write, args=(t,)) for t in ("a", "b")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes) == ["ok", "stale"]
    assert Scenario.objects.get(pk=scenario.pk).version == 2


def test_the_region_table_exports_both_cost_views_as_csv_and_excel(clients):
    client = clients["analyst"]
    scenario = create(client).json()
    projection = client.get(scenario["projection_url"]).json()

    region_csv = client.get(scenario["projection_url"] + "?format=csv&table=region")
    workbook = load_workbook(io.BytesIO(client.get(scenario["projection_url"] + "?format=xlsx").content))
    refused = client.get(scenario["projection_url"] + "?format=csv&table=budget")

    rows = list(csv.DictReader(io.StringIO(region_csv.content.decode())))
    first = projection["runs"][0]["region"][0]
    assert float(rows[0]["consolidated_cost"]) == pytest.approx(first["consolidated_cost"])
    assert float(rows[0]["region_run_balance"]) == pytest.approx(first["region_run_balance"])
    assert "-region.csv" in region_csv["Content-Disposition"]
    header = [c.value for c in workbook["Region"][1]]
    assert {"Kostnad i koncernperspektiv", "Regiondrivna enheters balans"} <= set(header)
    assert refused.status_code == 400
    assert refused.json()["errors"][0]["path"] == "table"


def test_the_openapi_schema_documents_the_consolidated_view(clients):
    schema = yaml.safe_load(clients["viewer"].get("/api/v1/schema/").content)

    region_year = schema["components"]["schemas"]["RegionYear"]["properties"]
    simulate = schema["paths"]["/api/v1/simulate"]["post"]["responses"]["200"]["content"]["application/json"]
    assert "R26" in region_year["consolidated_cost"]["description"]
    assert "region_run_balance" in region_year
    assert simulate["schema"]["$ref"].endswith("/Projection")
    bands = schema["components"]["schemas"]["Bands"]["properties"]
    assert {"net_cost", "consolidated_cost", "region_run_balance"} <= set(bands)
