"""Files for the upload tests: the corpus's header and good rows, CSV and Excel files made from
them, and the calls that post them and read what was stored."""

import io
import zipfile

from openpyxl import Workbook

from healthcentres.models import CentreFacts, Dataset, HealthCentre

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


def xlsx_named(data: bytes):
    return named(data, "centres.xlsx")


def first_problem(response) -> dict:
    assert response.status_code == 400, response.content[:300]
    return response.json()["errors"][0]


GOOD_TEXT = "\n".join([HEADER, *GOOD_ROWS])


#: The good corpus in every encoding and line ending a spreadsheet writes.
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
