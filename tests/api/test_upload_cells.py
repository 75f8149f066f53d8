"""Uploads read every cell where Excel shows it, or refuse at the cell: workbooks whose rows or
cells would be lost, error values, numbers that underflow, ids that differ only in what nobody
sees, every encoding and line ending a spreadsheet writes, blank rows."""

import pytest
from openpyxl.utils import get_column_letter

from healthcentres.uploads import reading as importing
from tests.api import hostile_files
from tests.api.upload_files import (
    ENCODINGS,
    GOOD_ROWS,
    GOOD_TEXT,
    HEADER,
    csv_file,
    first_problem,
    named,
    post,
    stored,
    xlsx_named,
)

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
    # "²" is a digit to str.isdigit but not to int(): it was a 500.
    "shared string ²": ("name", '<c r="{ref}" t="s"><v>²</v></c>', "text nummer ²"),
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
