"""Upload corpus: good Swedish CSV and Excel files, and broken files that must be refused whole.
How cells, rows, ids and encodings are read is in test_upload_cells."""

import csv
import io

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from healthcentres.models import CentreFacts
from healthcentres.uploads.template import template_csv, template_xlsx
from tests.api.upload_files import (
    GOOD_ROWS,
    HEADER,
    csv_file,
    first_problem,
    good_csv,
    named,
    not_a_workbook,
    post,
    stored,
    without_column,
    xlsx_file,
    zip_bomb,
)


def test_a_swedish_csv_is_stored_with_a_summary(clients):
    response = post(clients["analyst"], good_csv(), name="Västerbotten 2025", base_year=2025)

    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["centres"], body["base_year"], body["name"]) == (3, 2025, "Västerbotten 2025")
    assert body["listed"] == 23_900
    assert body["by_form"]["private"] == {"centres": 1, "listed": 2400, "market_share": pytest.approx(2400 / 23900)}
    facts = CentreFacts.objects.get(dataset_id=body["id"], centre__code="V1")
    assert (facts.cni, facts.staff_cost, facts.rural, facts.operating_form) == (1.02, 38_000_000, False, "egen_regi")


def test_an_excel_workbook_is_stored(clients):
    rest = [1.1, 2.0, 0.1, 0.7, 0, 0, 0, 0, 3, 0]
    rows = [h.split(";") for h in [HEADER]] + [
        ["X1", "Excelcentralen", "X1", "egen regi", "Umeå", "nej", 5000, 1.0, 0.8, 15_000_000, *rest],
        ["X2", "Privata X", "X2", "privat", "Umeå", True, 4000, 1.1, 0.9, 12_000_000, *rest],
    ]

    response = post(clients["analyst"], xlsx_file(rows), base_year=2024)

    assert response.status_code == 201, response.json()
    assert response.json()["centres"] == 2
    assert CentreFacts.objects.get(centre__code="X2").rural is True


def test_the_templates_upload_as_they_are(clients):
    for file in (named(template_csv().encode(), "t.csv"), named(template_xlsx(), "t.xlsx")):
        assert post(clients["analyst"], file, base_year=2024).status_code == 201


def test_a_comma_separated_csv_without_bom_is_read(clients):
    lines = [HEADER.replace(";", ","), "C1,Komma,,egen_regi,,,4000.5", "C2,Komma 2,,private,,,3000"]

    response = post(clients["analyst"], csv_file(lines, encoding="utf-8"))

    assert response.status_code == 201, response.json()


BROKEN = {
    "missing column": (lambda: without_column("listed"), None, "listed"),
    "missing cost column": (lambda: without_column("staff_cost"), None, "staff_cost"),
    "negative listed": (
        lambda: good_csv(row1="V2;Sorsele;V2;privat;Sorsele;ja;-2 400;1,15;0,85;7 900 000"),
        2,
        "listed",
    ),
    "text in a number column": (
        lambda: good_csv(row0="V1;Ålidhem;V1;egen regi;Umeå;nej;12 000;1,02;0,78;mycket"),
        1,
        "staff_cost",
    ),
    "unknown operating form": (
        lambda: good_csv(row2="V3;Köping;NV;kommunal;Köping;nej;9 500;0,98;0,88;1"),
        3,
        "operating_form",
    ),
    "duplicate ids": (lambda: good_csv(row2="V1;Köping;NV;intraprenad;Köping;nej;9 500;0,98;0,88;1"), 3, "id"),
    "empty file": (lambda: named(b"", "centres.csv"), None, None),
    "only whitespace": (lambda: named(b"   \n\n", "centres.csv"), None, None),
    "header without rows": (lambda: csv_file([HEADER]), None, None),
    "binary posing as csv": (lambda: named(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "centres.csv"), None, None),
    "text posing as xlsx": (lambda: named(HEADER.encode(), "centres.xlsx"), None, None),
    "zip that is not a workbook": (not_a_workbook, None, None),
    "zip bomb": (zip_bomb, None, None),
    "unsupported extension": (lambda: named(b"%PDF-1.4", "centres.pdf"), None, None),
    "unknown column": (lambda: csv_file([HEADER.replace("listed", "listd"), *GOOD_ROWS]), None, "listd"),
    "duplicate column": (lambda: csv_file([HEADER + ";id", *[r + ";X" for r in GOOD_ROWS]]), None, "id"),
    "not utf-8": (lambda: csv_file([HEADER, *GOOD_ROWS], encoding="latin-1"), 1, None),  # Ålidhem in row 1
    "zero care need index": (lambda: good_csv(row0="V1;Ålidhem;V1;egen regi;Umeå;nej;12 000;0;0,78;1"), 1, "cni"),
    "share above one": (lambda: good_csv(row1="V2;Sorsele;V2;privat;Sorsele;ja;2 400;1,15;1,5;1"), 2, "phone_access"),
    "row longer than the header": (
        lambda: good_csv(row2=GOOD_ROWS[2] + ";extra"),
        3,
        None,
    ),
    "unit mixing forms": (lambda: good_csv(row1="V2;Sorsele;V1;privat;Sorsele;ja;2 400;1,15;0,85;1"), 2, "unit"),
    "missing name": (lambda: good_csv(row0="V1;;V1;egen regi;Umeå;nej;12 000;1,02;0,78;1"), 1, "name"),
    "bad yes/no": (lambda: good_csv(row1="V2;Sorsele;V2;privat;Sorsele;kanske;2 400;1,15;0,85;1"), 2, "rural"),
    "header column without a name": (lambda: csv_file([HEADER + ";", *GOOD_ROWS]), None, "U"),
    "ambiguous number": (lambda: good_csv(row0="V1;Ålidhem;V1;egen regi;Umeå;nej;12,000.5;1,02;0,78;1"), 1, "listed"),
}


@pytest.mark.parametrize("case", BROKEN)
def test_a_broken_file_is_refused_with_its_place_and_nothing_is_stored(case, clients):
    make, row, column = BROKEN[case]
    before = stored()

    response = post(clients["analyst"], make())

    assert response.status_code == 400, response.content[:300]
    problems = response.json()["errors"]
    assert any(p["row"] == row and p["column"] == column for p in problems), problems
    assert all(p["message"] for p in problems)
    assert stored() == before


def test_an_oversized_file_is_refused_with_413(clients, settings):
    settings.VARDPENG_MAX_UPLOAD_BYTES = 1000
    before = stored()

    response = post(clients["analyst"], csv_file([HEADER, *GOOD_ROWS * 20]))

    assert response.status_code == 413
    assert stored() == before


def test_a_request_without_a_file_is_refused(clients):
    response = clients["analyst"].post("/api/v1/regions/AA/datasets/", {"name": "x"}, format="multipart")

    assert response.status_code == 400
    assert response.json()["errors"][0]["row"] is None


def test_a_bad_base_year_is_refused(clients):
    response = post(clients["analyst"], good_csv(), base_year="nästa år")

    assert response.status_code == 400
    assert "base_year" in response.json()["errors"][0]["message"]


def test_an_upload_without_staff_cost_is_refused_naming_the_column_and_how_to_write_zero(clients):
    before = stored()

    response = post(clients["analyst"], without_column("staff_cost"))

    problem = first_problem(response)
    assert (problem["row"], problem["column"]) == (None, "staff_cost")
    assert "staff_cost (Personalkostnad) saknas" in problem["message"]
    assert "skriv 0 eller lämna cellen tom" in problem["message"]
    assert stored() == before


def test_every_template_column_but_unit_municipality_rural_and_cni_is_required(clients):
    optional = {"unit", "municipality", "rural", "cni"}
    columns = HEADER.split(";")
    keep = [i for i, c in enumerate(columns) if c not in optional]
    lines = [";".join(line.split(";")[i] for i in keep) for line in [HEADER, *GOOD_ROWS]]

    response = post(clients["analyst"], csv_file(lines), base_year=2025)
    missing = {
        column: first_problem(post(clients["analyst"], without_column(column)))["column"]
        for column in columns
        if column not in optional
    }

    assert response.status_code == 201, response.json()
    facts = CentreFacts.objects.get(dataset_id=response.json()["id"], centre__code="V3")
    assert (facts.unit, facts.cni, facts.rural, facts.municipality) == ("V3", 1.0, False, "")
    assert missing == {column: column for column in missing}


def test_an_empty_cell_in_a_present_column_still_takes_its_default(clients):
    row = GOOD_ROWS[0].replace(";6 500 000;", ";;")

    response = post(clients["analyst"], csv_file([HEADER, row]), base_year=2025)

    assert response.status_code == 201, response.json()
    assert CentreFacts.objects.get(dataset_id=response.json()["id"]).hired_cost == 0


def test_a_share_written_as_a_percentage_is_read_as_the_share(clients):
    rows = [
        GOOD_ROWS[0].replace(";0,78;", ";84 %;"),
        GOOD_ROWS[1].replace(";0,85;", ";84%;").replace(";0,8;", ";70 %;"),
        GOOD_ROWS[2].replace(";0,88;", ";84,5 %;"),
    ]

    response = post(clients["analyst"], csv_file([HEADER, *rows]), base_year=2025)

    assert response.status_code == 201, response.json()
    facts = {f.centre.code: f for f in CentreFacts.objects.filter(dataset_id=response.json()["id"])}
    assert [facts[c].phone_access for c in ("V1", "V2", "V3")] == [0.84, 0.84, 0.845]
    assert facts["V2"].assessment_3d == 0.7


def test_a_share_over_a_hundred_percent_is_refused_as_a_share(clients):
    response = post(clients["analyst"], csv_file([HEADER, GOOD_ROWS[0].replace(";0,78;", ";150 %;")]))

    problem = first_problem(response)
    assert (problem["row"], problem["column"]) == (1, "phone_access")
    assert "mellan 0 och 1" in problem["message"]


NEUTRALISED = ["=SUMMA(A1:A3)", "+46 Vårdcentral", "-Hälsan", "@Vård", "=1+1"]


def test_a_datasets_own_centres_file_comes_back_as_the_same_data_formulas_and_all(clients):
    rows = [f"F{i};{name};F{i};privat;;;1 000" for i, name in enumerate(NEUTRALISED)]
    original = post(clients["analyst"], csv_file([HEADER, *rows]), base_year=2025).json()
    exported = clients["analyst"].get(f"/api/v1/datasets/{original['id']}/centres.csv").content
    assert b"'=SUMMA" in exported  # neutralised on the way out

    again = post(clients["analyst"], named(exported, "centres.csv"), base_year=2025)
    cells = list(csv.reader(io.StringIO(exported.decode("utf-8-sig")), delimiter=";"))
    as_excel_saves_it = post(clients["analyst"], xlsx_file(cells), base_year=2025)

    assert again.status_code == 201 and as_excel_saves_it.status_code == 201, again.json()
    assert again.json()["checksum"] == as_excel_saves_it.json()["checksum"] == original["checksum"]
    names = set(CentreFacts.objects.filter(dataset_id=again.json()["id"]).values_list("name", flat=True))
    assert names == set(NEUTRALISED)


@pytest.mark.parametrize("session", [False, True], ids=["token", "signed-in session"])
def test_an_api_upload_declaring_more_than_the_limit_is_refused_before_its_body_is_read(clients, session):
    client = clients["analyst"]
    if session:
        client = APIClient(enforce_csrf_checks=True)  # its CSRF check would read the body
        client.force_login(Token.objects.get(user__username="ada").user)
    before = stored()

    # The body is empty but declares 300 MB: reading it would fail the test client's stream.
    response = client.generic(
        "POST",
        "/api/v1/regions/AA/datasets/",
        b"",
        content_type="multipart/form-data; boundary=x",
        CONTENT_LENGTH="314572800",
    )

    assert response.status_code == 413
    assert "10 MB" in response.json()["errors"][0]["message"]
    assert stored() == before
