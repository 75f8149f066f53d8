"""The history and the back-test through the API, on the demo: Västmanland's 2016–2024 follows the
evaluation of Närvården where it gives figures, and a projection from 2019 is tested against what
the later years' data and books show."""

import io
import math

import pytest
from django.core.management import call_command
from rest_framework.test import APIClient

from regions.models import Region
from simulation.services.scenarios import scenario_create
from tests.api.test_lifecycle import everything
from tests.api.test_outturn import upload

pytestmark = pytest.mark.django_db
MNKR = 1e6


@pytest.fixture
def demo():
    call_command("load_demo", stdout=io.StringIO())
    return APIClient()


def by_year(client, code="U") -> dict[int, dict]:
    response = client.get(f"/api/v1/regions/{code}/history")
    assert response.status_code == 200, response.json()
    return {year["year"]: year for year in response.json()["years"]}


def region_run(result: dict) -> float:
    return sum(v for form, v in result.items() if form != "private" and v is not None)


def test_vastmanlands_history_runs_2016_to_2024_as_the_evaluation_gives_it(demo):
    years = by_year(demo)

    assert list(years) == list(range(2016, 2025))
    assert region_run(years[2019]["result_actual"]) == pytest.approx(-20.9 * MNKR)  # egen regi
    assert years[2019]["result_actual"]["egen_regi"] == pytest.approx(-20.9 * MNKR)
    assert years[2024]["result_actual"]["intraprenad"] == pytest.approx(5.8 * MNKR)  # Närvården
    assert region_run(years[2024]["result_actual"]) == pytest.approx(5.8 * MNKR)
    assert years[2019]["hired_share"] == pytest.approx(0.18, abs=0.005)
    assert years[2024]["hired_share"] == pytest.approx(0.105, abs=0.0005)
    assert years[2021]["phone_access"] == pytest.approx(0.80, abs=0.0005)
    assert years[2024]["phone_access"] == pytest.approx(0.88, abs=0.0005)
    assert years[2016]["listed"] == pytest.approx(109_000, rel=0.01)
    assert years[2023]["listed"] > 117_000
    assert years[2024]["balances"] == {"Närvården": pytest.approx((86.1 + 17) * MNKR)}
    assert all(0.41 <= year["market_share"] <= 0.42 for year in years.values())


def test_intraprenad_starts_in_2020_as_one_unit_and_the_model_sits_beside_the_books(demo):
    years = by_year(demo)

    assert years[2019]["result_actual"]["intraprenad"] is None
    assert years[2020]["result_model"]["egen_regi"] is None and years[2020]["result_model"]["intraprenad"] is not None
    assert set(years[2020]["balances"]) == {"Närvården"}
    assert years[2020]["outturn_units"]["intraprenad"] == {"reported": 1, "units": 1}
    # The pandemic's temporary grants are in the books, not in the compensation rules.
    gap_2021 = years[2021]["result_actual"]["intraprenad"] - years[2021]["result_model"]["intraprenad"]
    assert gap_2021 > 5 * MNKR
    assert years[2024]["result_model"]["intraprenad"] == pytest.approx(5.8 * MNKR, rel=1e-6)


def test_a_backtest_from_2019_compares_every_later_year_in_at_least_three_figures(demo):
    response = demo.get("/api/v1/regions/U/backtest?from=2019")

    assert response.status_code == 200, response.json()
    rows = response.json()["rows"]
    figures_by_year = {year: {r["figure"] for r in rows if r["year"] == year} for year in range(2020, 2025)}
    assert all(len(figures) >= 3 for figures in figures_by_year.values())
    assert {r["year"] for r in rows} == set(range(2020, 2025))
    numbers = [r[k] for r in rows for k in ("projected", "actual", "error")]
    assert all(math.isfinite(v) for v in numbers)
    listed_2024 = next(r for r in rows if r["year"] == 2024 and r["figure"] == "listed")
    assert listed_2024["error"] == pytest.approx(listed_2024["projected"] - listed_2024["actual"])


def test_a_backtest_under_the_years_uncertainty_says_how_often_the_books_fell_inside_its_band(demo):
    body = demo.get("/api/v1/regions/U/backtest?from=2021").json()

    banded = [r for r in body["rows"] if r["p5"] is not None]
    assert banded and body["banded"] == len(banded)
    assert body["inside"] == sum(r["p5"] <= r["actual"] <= r["p95"] for r in banded)
    assert all(r["inside"] == (r["p5"] <= r["actual"] <= r["p95"]) for r in banded)


def test_a_backtest_of_a_saved_scenario_runs_its_levers_on_its_data(demo):
    region = Region.objects.get(code="U")
    data_2019 = region.datasets.get(base_year=2019, status="published")
    conversion = scenario_create(
        region=region,
        created_by=None,
        name="Beslutet 2020",
        dataset=data_2019,
        levers=[
            {
                "type": "convert_form",
                "year": 2020,
                "from": "egen_regi",
                "to": "intraprenad",
                "unit": "Närvården",
                "start_capital": 17_000_000,
            }
        ],
    )

    plain = demo.get("/api/v1/regions/U/backtest?from=2019").json()["rows"]
    answer = demo.get(f"/api/v1/regions/U/backtest?scenario={conversion.pk}").json()

    def projected(rows, figure, year=2020):
        return next(r["projected"] for r in rows if r["figure"] == figure and r["year"] == year)

    assert (answer["start"], answer["scenario"]) == (2019, conversion.pk)
    assert projected(plain, "result.intraprenad") == 0 and projected(plain, "region_run_balance") == 0
    converted = answer["rows"]
    # From 2020 the centres are Närvården: its result is the region-run result, and its balance
    # opens with the start capital and carries that result (2019's costs: a deficit).
    assert projected(converted, "result.intraprenad") == pytest.approx(projected(converted, "result.region_run"))
    assert projected(converted, "region_run_balance") == pytest.approx(
        17_000_000 + projected(converted, "result.intraprenad"), abs=1
    )


@pytest.mark.parametrize(
    ("query", "path"),
    [("from=2024", "from"), ("from=2012", "from"), ("from=abc", "from"), ("scenario=999999", "scenario"), ("x=1", "x")],
)
def test_a_backtest_that_cannot_be_run_is_refused_naming_the_parameter(demo, query, path):
    response = demo.get(f"/api/v1/regions/U/backtest?{query}")

    assert response.status_code == 400
    assert [p["path"] for p in response.json()["errors"]] == [path]


def test_an_outturn_file_for_vasterbotten_is_accepted_and_a_bad_one_refused_naming_cell_and_unit(demo):
    analyst = APIClient()
    call_command("create_api_token", "ada", "--role", "analyst", "--region", "AC", stdout=io.StringIO())
    from rest_framework.authtoken.models import Token

    analyst.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.get(user__username='ada').key}")
    units = by_year(demo, "AC")[2024]["balances"]
    unit = sorted(units)[0]

    accepted = upload(analyst, ["year;unit;result;balance_close", f"2024;{unit};−3 400 000;0"], code="AC")
    before = everything()
    refused = upload(
        analyst, ["year;unit;result;balance_close", f"2024;{unit};tre miljoner;0", "2024;Skellefteå Syd;1;0"], code="AC"
    )

    assert accepted.status_code == 201 and accepted.json()[0]["result"] == -3_400_000
    assert by_year(demo, "AC")[2024]["result_actual"]["egen_regi"] == -3_400_000
    assert refused.status_code == 400
    messages = {p["cell"]: p["message"] for p in refused.json()["errors"]}
    assert "'tre miljoner'" in messages["C2"]
    assert "Skellefteå Syd" in messages["B3"]
    assert everything() == before
