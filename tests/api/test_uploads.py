"""Upload corpus: good Swedish CSV and Excel files, and broken files that must be refused whole."""

import csv
import io
import zipfile

import pytest
from openpyxl import Workbook
from openpyxl.utils import get_column_letter
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from healthcentres.models import CentreFacts, Dataset, HealthCentre
from healthcentres.uploads import reading as importing
from healthcentres.uploads.template import template_csv, template_xlsx
from tests.api import hostile_files

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


# Rows and cells an upload must not silently lose or misread (issue 21).


def xlsx_named(data: bytes):
    return named(data, "centres.xlsx")


def first_problem(response) -> dict:
    assert response.status_code == 400, response.content[:300]
    return response.json()["errors"][0]


BAD_SHEETS = {
    "a row declared twice": (lambda s: s.replace('<row r="3">', '<row r="2">'), 1, None, "två gånger"),
    "a row going back": (lambda s: s.replace('<row r="4">', '<row r="2">'), 1, None, "två gånger"),
    "a row numbered -5": (lambda s: s.replace('<row r="3">', '<row r="-5">'), None, None, "-5"),
    "a row numbered 0": (lambda s: s.replace('<row r="3">', '<row r="0">'), None, None, "numrerar en rad 0"),
    "a cell declared twice": (lambda s: s.replace('<c r="B2"', '<c r="A2"'), 1, None, "A2 två gånger"),
    "a cell placed in another row": (lambda s: s.replace('<c r="B2"', '<c r="B9"'), 1, None, "B9"),
}


@pytest.mark.parametrize("case", BAD_SHEETS)
def test_a_workbook_whose_rows_or_cells_would_be_lost_is_refused(clients, case):
    change, row, column, words = BAD_SHEETS[case]
    before = stored()

    response = post(clients["analyst"], xlsx_named(hostile_files.workbook(change(hostile_files.good_rows()), [])))

    problem = first_problem(response)
    assert (problem["row"], problem["column"]) == (row, column)
    assert words in problem["message"]
    assert stored() == before


BAD_CELLS = {
    "an error value as the id": ("id", '<c r="{ref}" t="e"><v>#REF!</v></c>', "#REF! (#REFERENS!)"),
    "an error value as a number": ("listed", '<c r="{ref}" t="e"><v>#DIV/0!</v></c>', "#DIVISION/0!"),
    "shared string -1": ("name", '<c r="{ref}" t="s"><v>-1</v></c>', "text nummer -1"),
    "shared string beyond the last": ("name", '<c r="{ref}" t="s"><v>1</v></c>', "text nummer 1"),
    "a number below the smallest double": ("staff_cost", '<c r="{ref}"><v>1e-400</v></c>', "1e-400"),
    "a formula without its value": ("staff_cost", '<c r="{ref}"><f>SUM(A1:A2)</f></c>', "formel"),
}


@pytest.mark.parametrize("case", BAD_CELLS)
def test_a_workbook_cell_that_cannot_be_taken_as_it_is_is_refused_at_its_cell(clients, case):
    column, xml, words = BAD_CELLS[case]
    sheet = hostile_files.good_rows(replace={(2, column): xml})

    response = post(clients["analyst"], xlsx_named(hostile_files.workbook(sheet, ["Ålidhem"])))

    problem = first_problem(response)
    letter = get_column_letter(HEADER.split(";").index(column) + 1)
    assert (problem["row"], problem["column"], problem["cell"]) == (1, column, f"{letter}2")
    assert words in problem["message"]


@pytest.mark.parametrize(
    ("column", "value"),
    [
        ("id", "#REF!"),
        ("id", "#REFERENS!"),
        ("name", "#VÄRDEFEL!"),
        ("name", "#N/A"),
        ("listed", "#SAKNAS!"),
        ("staff_cost", "#DIVISION/0!"),
        ("staff_cost", "#namn?"),
        ("other_cost", "#OGILTIGT!"),
    ],
)
def test_an_excel_error_value_in_a_csv_is_refused_in_english_and_swedish_spelling(clients, column, value):
    columns = HEADER.split(";")
    row = GOOD_ROWS[0].split(";")
    row[columns.index(column)] = value

    response = post(clients["analyst"], csv_file([HEADER, ";".join(row)]))

    problem = first_problem(response)
    assert (problem["row"], problem["column"]) == (1, column)
    assert "felvärde" in problem["message"]


def test_a_number_that_underflows_to_zero_in_a_csv_is_refused(clients):
    row = GOOD_ROWS[0].replace("38 000 000", "1e-400")

    response = post(clients["analyst"], csv_file([HEADER, row]))

    problem = first_problem(response)
    assert (problem["row"], problem["column"], problem["cell"]) == (1, "staff_cost", "J2")
    assert "för litet" in problem["message"]


LOOKALIKES = {
    "case": ("V1", "v1"),
    "NFC and NFD": ("Å1", "A\u030a1"),
    "zero-width space": ("V1", "V\u200b1"),
    "full-width": ("V1", "Ｖ1"),
    "Cyrillic A": ("A1", "А1"),
    "tab": ("V1", "V\t1"),
    "leading zero": ("1", "01"),
    "ligature": ("fi1", "ﬁ1"),
    "space": ("V1", "V 1"),
}


@pytest.mark.parametrize("case", LOOKALIKES)
def test_ids_that_differ_only_in_what_nobody_sees_are_refused_at_the_second(clients, case):
    first, second = LOOKALIKES[case]
    rows = [
        f"{first};Första;;egen regi" + GOOD_ROWS[0].split("egen regi", 1)[1],
        f"{second};Andra;;privat" + GOOD_ROWS[1].split("privat", 1)[1],
    ]
    before = stored()

    response = post(clients["analyst"], csv_file([HEADER, *rows]))

    assert response.status_code == 400
    problems = response.json()["errors"]
    assert any((p["row"], p["column"], p["cell"]) == (2, "id", "A3") for p in problems), problems
    assert stored() == before


def test_a_unit_written_two_ways_is_refused_at_the_row_that_differs(clients):
    rows = [
        GOOD_ROWS[0].replace(";V1;", ";NV;", 1).replace("egen regi", "intraprenad"),
        GOOD_ROWS[2].replace(";NV;", ";nv;"),
    ]

    response = post(clients["analyst"], csv_file([HEADER, *rows]))

    problem = first_problem(response)
    assert (problem["row"], problem["column"], problem["cell"]) == (2, "unit", "C3")
    assert "NV" in problem["message"] and "rad 2" in problem["message"]


GOOD_TEXT = "\n".join([HEADER, *GOOD_ROWS])
ENCODINGS = {
    "UTF-8": GOOD_TEXT.encode(),
    "UTF-8 with BOM": GOOD_TEXT.encode("utf-8-sig"),
    "UTF-8 with two BOMs": "\ufeff".encode() + GOOD_TEXT.encode("utf-8-sig"),
    "UTF-16 LE with BOM": GOOD_TEXT.encode("utf-16"),
    "UTF-16 BE with BOM": b"\xfe\xff" + GOOD_TEXT.encode("utf-16-be"),
    "CRLF": GOOD_TEXT.replace("\n", "\r\n").encode(),
    "CR": GOOD_TEXT.replace("\n", "\r").encode(),
    "LF without a last line break": GOOD_TEXT.encode(),
}


@pytest.mark.parametrize("case", ENCODINGS)
def test_every_encoding_and_line_ending_a_spreadsheet_writes_is_read(clients, case):
    response = post(clients["analyst"], named(ENCODINGS[case], "centres.csv"), base_year=2025)

    assert response.status_code == 201, response.json()
    assert response.json()["centres"] == 3


REFUSED_ENCODINGS = {
    "UTF-32 with BOM": (GOOD_TEXT.encode("utf-32"), "UTF-32"),
    "UTF-32 BE with BOM": (b"\x00\x00\xfe\xff" + GOOD_TEXT.encode("utf-32-be"), "UTF-32"),
    "UTF-32 without BOM": (GOOD_TEXT.encode("utf-32-le"), "UTF-32"),
    "UTF-16 without BOM": (GOOD_TEXT.encode("utf-16-le"), "UTF-16"),
    "NUL bytes in text": (GOOD_TEXT.replace("Umeå", "Um\x00e").encode(), "NUL"),
    "NUL characters in UTF-16": (GOOD_TEXT.replace("Umeå", "Um\x00e").encode("utf-16"), "NUL"),
    "line separators": (GOOD_TEXT.replace("\n", "\u2028").encode(), "U+2028"),
    "next-line characters": (GOOD_TEXT.replace("\n", "\u0085").encode(), "U+0085"),
}


@pytest.mark.parametrize("case", REFUSED_ENCODINGS)
def test_any_other_encoding_or_line_ending_is_refused_naming_what_was_found(clients, case):
    data, words = REFUSED_ENCODINGS[case]

    response = post(clients["analyst"], named(data, "centres.csv"))

    problem = first_problem(response)
    assert words in problem["message"]
    assert "kolumn" not in problem["message"].lower()  # not a misleading word about the header


def test_blank_rows_do_not_count_toward_the_row_limit_and_keep_every_cell_where_excel_shows_it(clients, monkeypatch):
    monkeypatch.setattr(importing, "MAX_ROWS", 3)
    blank = ";" * (len(HEADER.split(";")) - 1)
    lines = [HEADER, GOOD_ROWS[0], "", blank, GOOD_ROWS[1], "   ", GOOD_ROWS[2], blank, "", ""]
    too_many = [*lines, GOOD_ROWS[0].replace("V1;", "V4;", 1).replace(";V1;", ";V4;")]
    wrong = [*lines[:4], GOOD_ROWS[1].replace("2 400", "-2 400"), *lines[5:]]

    accepted = post(clients["analyst"], csv_file(lines))
    refused = post(clients["analyst"], csv_file(too_many))
    located = post(clients["analyst"], csv_file(wrong))

    assert accepted.status_code == 201 and accepted.json()["centres"] == 3
    assert "fler än 3 rader med vårdcentraler" in first_problem(refused)["message"]
    assert {k: first_problem(located)[k] for k in ("row", "cell")} == {"row": 4, "cell": "G5"}


def test_blank_rows_of_a_workbook_do_not_count_toward_the_row_limit(clients, monkeypatch):
    monkeypatch.setattr(importing, "MAX_ROWS", 3)
    row = hostile_files.text_row
    centres = [line.split(";") for line in GOOD_ROWS]
    blank = '<row r="4"><c r="A4" t="inlineStr"><is><t> </t></is></c></row>'
    sheet = row(1, HEADER.split(";")) + row(2, centres[0]) + '<row r="3"/>' + blank + row(5, centres[1])
    sheet += row(6, centres[2]) + '<row r="9"/>'

    response = post(clients["analyst"], xlsx_named(hostile_files.workbook(sheet, [])))

    assert response.status_code == 201, response.json()
    assert response.json()["centres"] == 3


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
