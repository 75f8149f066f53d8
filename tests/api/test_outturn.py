"""Outturn (utfall) uploads: booked results per result unit and year, accepted as each year's current
version or refused whole with every problem at its cell, in the page's words."""

import io

import pytest
from openpyxl import Workbook

from healthcentres.models import Outturn, OutturnRow
from healthcentres.outturns import outturn_store
from healthcentres.selectors import outturn_booked
from healthcentres.services import dataset_create, dataset_publish
from healthcentres.uploads.outturn import OutturnLine
from healthcentres.uploads.reading import ImportRefused
from regions.models import AuditEvent, Region
from tests.api.test_lifecycle import everything
from tests.conftest import minimal_document


def upload(client, lines, name="utfall.csv", code="AA"):
    file = io.BytesIO("\n".join(lines).encode("utf-8-sig"))
    file.name = name
    return client.post(f"/api/v1/regions/{code}/outturn/", {"file": file}, format="multipart")


GOOD = ["year;unit;result;balance_close", "2024;E1;−1 250 000;0", "2024;I1;2 300 000,50;4 100 000", "2024;P1;800 000;"]


def test_an_outturn_file_is_stored_as_the_years_booked_results(clients):
    response = upload(clients["analyst"], GOOD)

    assert response.status_code == 201, response.json()
    (body,) = response.json()
    assert (body["year"], body["status"], body["units"]) == (2024, "current", 3)
    assert body["result"] == pytest.approx(1_850_000.5)
    booked = outturn_booked(Region.objects.get(code="AA"))
    assert booked == {2024: {"E1": (-1_250_000.0, 0.0), "I1": (2_300_000.5, 4_100_000.0), "P1": (800_000.0, 0.0)}}
    assert AuditEvent.objects.filter(action="outturn.upload", region__code="AA").count() == 1


def test_an_excel_outturn_file_is_read_like_a_csv(clients):
    workbook = Workbook()
    for row in (["year", "unit", "result", "balance_close"], [2024, "I1", -500000, 1000000]):
        workbook.active.append(row)
    file = io.BytesIO()
    workbook.save(file)
    file.seek(0)
    file.name = "utfall.xlsx"

    response = clients["analyst"].post("/api/v1/regions/AA/outturn/", {"file": file}, format="multipart")

    assert response.status_code == 201, response.json()
    assert outturn_booked(Region.objects.get(code="AA"))[2024] == {"I1": (-500_000.0, 1_000_000.0)}


def test_a_bad_outturn_file_is_refused_whole_naming_the_cell_text_and_the_unknown_unit(clients):
    upload(clients["analyst"], GOOD)
    before = everything()

    response = upload(
        clients["analyst"],
        ["year;unit;result;balance_close", "2024;E1;ungefär noll;0", "2024;Narvarden;1 000;0", "2019;I1;5;0"],
    )

    assert response.status_code == 400
    problems = response.json()["errors"]
    assert {(p["cell"], p["column"]) for p in problems} == {("C2", "result"), ("B3", "unit"), ("A4", "year")}
    text = " ".join(p["message"] for p in problems)
    assert "'ungefär noll'" in text  # the cell's own text
    assert "Narvarden" in text and "2024" in text  # the unit the data does not know, and its year
    assert "2019" in text  # a year outside the history
    assert everything() == before


def test_a_unit_given_twice_in_a_year_and_a_missing_column_are_refused(clients):
    twice = upload(clients["analyst"], ["year;unit;result;balance_close", "2024;E1;1;0", "2024;E1;2;0"])
    missing = upload(clients["analyst"], ["year;unit;resultat", "2024;E1;1"])

    assert twice.status_code == 400 and twice.json()["errors"][0]["cell"] == "B3"
    columns = {p["column"] for p in missing.json()["errors"]}
    assert {"resultat", "result", "balance_close"} <= columns
    assert Outturn.objects.count() == 0


def test_a_new_upload_of_a_year_keeps_the_old_version_which_can_be_made_current_again(clients):
    first = upload(clients["analyst"], GOOD).json()[0]
    second = upload(clients["analyst"], ["year;unit;result;balance_close", "2024;E1;−2 000 000;0"]).json()[0]

    assert Outturn.objects.get(pk=first["id"]).status == "previous"
    assert outturn_booked(Region.objects.get(code="AA"))[2024] == {"E1": (-2_000_000.0, 0.0)}
    undone = clients["analyst"].post(f"/api/v1/outturn/{first['id']}/publish")

    assert undone.status_code == 200 and undone.json()["status"] == "current"
    assert Outturn.objects.get(pk=second["id"]).status == "previous"
    assert len(outturn_booked(Region.objects.get(code="AA"))[2024]) == 3
    assert clients["analyst"].post(f"/api/v1/outturn/{first['id']}/publish").status_code == 409


def test_the_same_rows_again_make_no_new_version(clients):
    upload(clients["analyst"], GOOD)

    again = upload(clients["analyst"], GOOD)

    assert again.status_code == 201
    assert Outturn.objects.count() == 1 and OutturnRow.objects.count() == 3


def test_only_the_regions_analysts_upload_outturn_and_everyone_who_reads_sees_its_versions(clients):
    upload(clients["analyst"], GOOD)

    assert upload(clients["viewer"], GOOD).status_code == 403
    assert upload(clients["analyst"], GOOD, code="BB").status_code == 403
    listed = clients["viewer"].get("/api/v1/regions/AA/outturn/")
    assert listed.status_code == 200 and [o["year"] for o in listed.json()] == [2024]


@pytest.mark.django_db
def test_an_outturn_year_must_be_a_published_year_of_the_history():
    region = Region.objects.create(code="XX", name="X")
    rows = minimal_document()["centres"]
    dataset_create(region=region, base_year=2023, name="utkast", rows=rows)  # a draft is no part of the history
    dataset_publish(dataset=dataset_create(region=region, base_year=2024, name="2024", rows=rows), user=None)

    with pytest.raises(ImportRefused) as refused:
        outturn_store(region=region, lines=[OutturnLine(2023, "E1", 1.0, 0.0, 2)])

    assert [(p.cell, p.column) for p in refused.value.problems] == [("A2", "year")]
    assert "2023" in refused.value.problems[0].message and "2024" in refused.value.problems[0].message
    assert Outturn.objects.count() == 0
