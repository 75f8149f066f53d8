"""Upload corpus: good Swedish CSV and Excel files, and broken files that must be refused whole."""

import io
import zipfile

import pytest
from openpyxl import Workbook

from healthcentres.models import CentreFacts, Dataset, HealthCentre
from healthcentres.template import template_csv, template_xlsx

#: The columns the tests change, then every other column an upload must have (issue 20: a missing
#: column is refused rather than read as 0); rows that stop early leave those cells empty.
HEADER = (
    "id;name;unit;operating_form;municipality;rural;listed;cni;phone_access;staff_cost;doctor_visits_per_listed;"
    "other_visits_per_listed;outside_visits_per_listed;assessment_3d;hired_cost;premises_cost;other_cost;"
    "overhead_cost;gp_fte;opening_balance"
)
GOOD_ROWS = [
    "V1;Ålidhem vårdcentral;V1;egen regi;Umeå;nej;12 000;1,02;0,78;38 000 000;1,1;2;0,15;0,7;6 500 000;4 100 000;"
    "7 700 000;2 600 000;6,5;0",
    "V2;Sorsele vårdcentral;V2;privat;Sorsele;ja;2 400;1,15;0,85;7 900 000;1,3;2,4;0,1;0,8;600 000;900 000;"
    "1 700 000;0;1,4;-250 000",
    "V3;Närvården Köping;NV;intraprenad;Köping;nej;9 500;0,98;0,88;31 500 000;1,2;2,1;0,12;0,75;2 000 000;"
    "3 000 000;6 000 000;2 000 000;5;0",
]


def csv_file(lines, name="centres.csv", encoding="utf-8-sig"):
    file = io.BytesIO("\n".join(lines).encode(encoding))
    file.name = name
    return file


def good_csv(**replace):
    rows = list(GOOD_ROWS)
    for index, text in replace.items():
        rows[int(index.removeprefix("row"))] = text
    return csv_file([HEADER, *rows])


def xlsx_file(rows, name="centres.xlsx"):
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    out.seek(0)
    out.name = name
    return out


def zip_bomb():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", "<a>" + "0" * 60_000_000 + "</a>")
    out.seek(0)
    out.name = "bomb.xlsx"
    return out


def without_column(column: str):
    position = HEADER.split(";").index(column)
    lines = [";".join(v for i, v in enumerate(line.split(";")) if i != position) for line in [HEADER, *GOOD_ROWS]]
    return csv_file(lines)


def named(data: bytes, name: str):
    file = io.BytesIO(data)
    file.name = name
    return file


def not_a_workbook():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("readme.txt", "hello")
    return named(out.getvalue(), "centres.xlsx")


def post(client, file, **fields):
    return client.post("/api/v1/regions/AA/datasets/", {"file": file, **fields}, format="multipart")


def stored():
    return Dataset.objects.count(), CentreFacts.objects.count(), HealthCentre.objects.count()


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
