"""A hostile corpus: files and documents built to hurt the server. Each is refused quickly with a
message that says where, stores nothing, and (for the files that once blew up) stays within a
memory bound, measured in a child process under a hard cap so a regression cannot take the machine.
"""

import io
import json
import math
import subprocess
import sys

import pytest
from openpyxl import Workbook

from healthcentres.models import Dataset
from healthcentres.review import baseline_figures
from healthcentres.services import dataset_import
from healthcentres.uploads.reading import ImportRefused
from healthcentres.uploads.template import template_csv, template_xlsx
from simulation.core.projection import scenario_project
from simulation.core.scenario import ScenarioInvalid, prepare
from tests.api import hostile_files
from tests.api.upload_files import ENCODINGS, GOOD_ROWS, HEADER, csv_file, named, post, stored
from tests.conftest import PROJECT, minimal_document

pytestmark = pytest.mark.slow  # hostile files, some read in child processes under a memory cap: not in `make test-fast`

#: The child that reads a hostile file may use at most this much address space; its peak resident
#: memory must stay far below.
MEMORY_CAP_BYTES = 1536 * 1024 * 1024
PEAK_MEMORY_BOUND_MIB = 400


def far_cell_workbook(cell: str) -> bytes:
    """A 5 KB workbook whose one far cell pads the sheet's used range to millions of cells."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADER.split(";"))
    sheet[cell] = 1
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def read_in_capped_child(filename: str, data: bytes) -> dict:
    """Run the upload reader on the file in a child process under MEMORY_CAP_BYTES; report its
    answer, its time and its peak memory."""
    code = (
        "import json, sys, time, resource\n"
        f"resource.setrlimit(resource.RLIMIT_AS, ({MEMORY_CAP_BYTES}, {MEMORY_CAP_BYTES}))\n"
        "import os, django\n"
        "os.environ['DJANGO_SETTINGS_MODULE'] = 'config.settings.test'\n"
        "django.setup()\n"
        "from healthcentres.uploads.reading import ImportRefused, read_centre_file\n"
        "data = sys.stdin.buffer.read()\n"
        "started = time.perf_counter()\n"
        "try:\n"
        f"    read_centre_file({filename!r}, data)\n"
        "    answer = {'refused': False, 'problems': []}\n"
        "except ImportRefused as refused:\n"
        "    answer = {'refused': True, 'problems': [p.as_dict() for p in refused.problems]}\n"
        "answer['seconds'] = time.perf_counter() - started\n"
        # VmHWM: this process's own peak. ru_maxrss would carry the pytest parent's peak across exec.
        "status = open('/proc/self/status').read()\n"
        "answer['peak_mib'] = int(status.split('VmHWM:')[1].split()[0]) / 1024\n"
        "print(json.dumps(answer))\n"
    )
    child = subprocess.run(
        [sys.executable, "-c", code], input=data, capture_output=True, cwd=PROJECT, timeout=60, check=False
    )
    assert child.returncode == 0, child.stderr.decode()[-500:]
    return json.loads(child.stdout)


@pytest.mark.parametrize("cell", ["XFD1048576", "CV1048576", "A1048576"])
def test_a_workbook_padded_to_a_far_cell_is_refused_before_its_cells_are_read(cell):
    answer = read_in_capped_child("far.xlsx", far_cell_workbook(cell))

    assert answer["refused"]
    assert "använda område når rad 1048576" in answer["problems"][0]["message"]
    assert answer["seconds"] < 5
    assert answer["peak_mib"] < PEAK_MEMORY_BOUND_MIB


def test_nine_megabytes_of_semicolons_is_refused_at_once_with_a_short_answer():
    data = b";" * (9 * 1024 * 1024)

    answer = read_in_capped_child("semicolons.csv", data)

    assert answer["refused"]
    assert len(answer["problems"]) == 1
    assert "kolumner" in answer["problems"][0]["message"]
    assert answer["seconds"] < 5
    assert answer["peak_mib"] < PEAK_MEMORY_BOUND_MIB


def test_many_rows_of_many_bad_cells_report_the_first_problems_and_a_count(clients):
    bad_row = "B{};Bad;B{};kommunal;;kanske;många;noll;två;mycket"
    lines = [HEADER, *(bad_row.format(i, i) for i in range(3000))]

    response = post(clients["analyst"], csv_file(lines))

    problems = response.json()["errors"]
    assert response.status_code == 400
    assert len(problems) == 201
    assert problems[-1]["message"].startswith("… och ")
    assert len(response.content) < 100_000


@pytest.mark.parametrize(
    ("column", "value"),
    [
        ("listed", "1e308"),
        ("listed", "1.797e308"),
        ("listed", "5e-324"),
        ("staff_cost", "1e308"),
        ("cni", "1e300"),
        ("listed", "inf"),
        ("listed", "nan"),
    ],
)
def test_extreme_numbers_are_refused_with_row_and_column(clients, column, value):
    columns = HEADER.split(";")
    row = GOOD_ROWS[0].split(";")
    row[columns.index(column)] = value
    before = stored()

    response = post(clients["analyst"], csv_file([HEADER, ";".join(row)]))

    assert response.status_code == 400
    assert {"row": 1, "column": column} == {k: response.json()["errors"][0][k] for k in ("row", "column")}
    assert stored() == before


def test_a_scenario_document_with_extreme_numbers_is_refused_with_paths():
    document = minimal_document()
    document["centres"][0]["doctor_visits_per_listed"] = 1e308
    document["compensation"]["budget_per_listed"] = 1e300

    with pytest.raises(ScenarioInvalid) as refused:
        prepare(document)

    paths = {p.path for p in refused.value.problems}
    assert paths == {"centres[0].doctor_visits_per_listed", "compensation.budget_per_listed"}


def test_the_largest_accepted_numbers_still_give_finite_figures():
    document = minimal_document(horizon=50, assumptions={"listed_growth": 1.0, "wage_growth": 1.0})
    for centre in document["centres"]:
        centre |= {"listed": 10_000_000, "staff_cost": 1e12, "doctor_visits_per_listed": 100}

    run = scenario_project(prepare(document))["runs"][0]

    json.dumps(run, allow_nan=False)  # raises on NaN or infinity


@pytest.mark.parametrize(("column", "length"), [("id", 41), ("unit", 41), ("name", 201), ("municipality", 101)])
def test_text_longer_than_the_model_holds_is_refused_with_row_and_column(clients, column, length):
    columns = HEADER.split(";")
    row = GOOD_ROWS[0].split(";")
    row[columns.index(column)] = "x" * length
    before = stored()

    response = post(clients["analyst"], csv_file([HEADER, ";".join(row)]))

    assert response.status_code == 400
    first = response.json()["errors"][0]
    assert (first["row"], first["column"]) == (1, column)
    assert first["message"].startswith("Högst ")
    assert stored() == before


def test_a_long_file_name_is_stored_shortened_to_what_the_model_holds(clients):
    # Django trims an uploaded file's name to 255 characters; the dataset's name takes the first 200.
    response = post(clients["analyst"], csv_file([HEADER, *GOOD_ROWS], name="x" * 300 + ".csv"), base_year=2025)

    assert response.status_code == 201, response.json()
    dataset = Dataset.objects.get(pk=response.json()["id"])
    assert len(dataset.name) == 200 and len(dataset.source_filename) <= 255


def test_a_file_name_the_model_cannot_hold_is_refused_by_the_service_and_stores_nothing(regions):
    before = stored()

    with pytest.raises(ImportRefused) as refused:
        dataset_import(region=regions[0], filename="x" * 300 + ".csv", data=b"id\n", base_year=2025)

    assert "kortare" in refused.value.problems[0].message
    assert stored() == before


def test_nul_in_a_centre_name_is_refused(clients):
    lines = [HEADER, GOOD_ROWS[0].replace("Ålidhem", "Åli\x00dhem")]

    response = post(clients["analyst"], named("\n".join(lines).encode(), "nul.csv"))

    assert response.status_code == 400


def test_nul_in_a_variant_name_or_a_lever_unit_is_refused_with_its_path(clients):
    body = {
        "name": "NUL",
        "variants": [{"name": "a\x00b"}],
        "levers": [{"type": "convert_form", "year": 2025, "from": "egen_regi", "to": "intraprenad", "unit": "u\x00"}],
    }

    response = clients["analyst"].post("/api/v1/regions/AA/scenarios/", body, format="json")

    assert response.status_code == 400
    paths = {e["path"] for e in response.json()["errors"]}
    assert {"variants[0].name", "levers[0].unit"} <= paths


def test_a_latin_1_file_names_its_row_and_the_encoding_to_use(clients):
    lines = [HEADER, "V0;Umeå;V0;egen regi;;nej;100;1;0,5;1", "V1;Åsele;V1;egen regi;;nej;100;1;0,5;1"]
    data = "\n".join(lines).encode("utf-8").replace("Åsele".encode(), "Åsele".encode("latin-1"))

    response = post(clients["analyst"], named(data, "latin.csv"))

    problem = response.json()["errors"][0]
    assert response.status_code == 400
    assert problem["row"] == 2
    assert "UTF-8" in problem["message"]


def test_a_utf16_file_from_excel_is_read(clients):
    data = "\n".join([HEADER, *GOOD_ROWS]).replace(";", "\t").encode("utf-16")

    response = post(clients["analyst"], named(data, "unicode.txt"), base_year=2025)

    assert response.status_code == 201, response.json()
    assert response.json()["centres"] == 3


@pytest.mark.parametrize(
    ("make", "words"),
    [
        # The audit's files, smaller where the bound is all that matters (bench/uploads.py sends the
        # 90 MB one to a running server).
        (lambda: hostile_files.huge_shared_string(20), "delade strängar"),
        (lambda: hostile_files.huge_stylesheet(10), "formatering"),
        (lambda: hostile_files.many_shared_strings(2_000_000), "delade strängar"),
        (lambda: hostile_files.many_shared_strings(150_000), "olika texter"),
        (lambda: hostile_files.many_rows(420_000), "rader med vårdcentraler"),
    ],
    ids=[
        "shared string of 20 MB",
        "stylesheet of 10 MB",
        "2 M shared strings",
        "150 000 shared strings",
        "420 000 rows",
    ],
)
def test_a_workbook_built_to_cost_time_or_memory_is_refused_within_the_memory_cap(make, words):
    answer = read_in_capped_child("hostile.xlsx", make())

    assert answer["refused"]
    assert len(answer["problems"]) == 1
    assert words in answer["problems"][0]["message"]
    assert answer["peak_mib"] < PEAK_MEMORY_BOUND_MIB


def test_a_long_shared_string_within_the_bound_is_refused_by_its_length_at_every_cell_that_uses_it():
    answer = read_in_capped_child("long.xlsx", hostile_files.huge_shared_string(15))

    first = answer["problems"][0]
    assert answer["refused"]
    assert (first["row"], first["column"], first["cell"]) == (1, "name", "B2")
    assert "högst 1000 läses i en cell" in first["message"]
    assert len(answer["problems"]) == 201  # 200 cells named, then how many more
    assert answer["peak_mib"] < PEAK_MEMORY_BOUND_MIB


@pytest.mark.parametrize("length", [5_000, 9 * 1024 * 1024])
def test_a_csv_cell_longer_than_any_field_is_refused_from_its_length(length):
    columns = HEADER.split(";")
    row = GOOD_ROWS[0].split(";")
    row[columns.index("name")] = "å" * length
    data = "\n".join([HEADER, ";".join(row)]).encode()

    answer = read_in_capped_child("long.csv", data)

    first = answer["problems"][0]
    assert answer["refused"]
    assert first["row"] == 1
    assert "1000" in first["message"] and "tecken" in first["message"]
    assert answer["peak_mib"] < PEAK_MEMORY_BOUND_MIB


def accepted_files() -> dict:
    """Every file of the upload corpora that is accepted: each must also publish and project."""
    good = "\n".join([HEADER, *GOOD_ROWS])
    files = {f"encoding: {case}": lambda data=data: named(data, "c.csv") for case, data in ENCODINGS.items()}
    return files | {
        "the CSV template": lambda: named(template_csv().encode(), "t.csv"),
        "the Excel template": lambda: named(template_xlsx(), "t.xlsx"),
        "a workbook written part by part": lambda: named(
            hostile_files.workbook(hostile_files.good_rows(), []), "w.xlsx"
        ),
        "shares in percent": lambda: csv_file([HEADER, *(r.replace(";0,78;", ";78 %;") for r in GOOD_ROWS)]),
        "blank rows between centres": lambda: named(good.replace("\n", "\n;;\n\n").encode(), "b.csv"),
        "Excel's Unicode text": lambda: named(good.replace(";", "\t").encode("utf-16"), "u.txt"),
    }


@pytest.mark.parametrize("case", list(accepted_files()))
def test_every_accepted_file_can_be_published_and_projected(clients, case):
    response = post(clients["analyst"], accepted_files()[case](), base_year=2025)
    assert response.status_code == 201, response.json()

    published = clients["analyst"].post(
        f"/api/v1/datasets/{response.json()['id']}/publish", {"confirm": True}, format="json"
    )
    figures = baseline_figures(Dataset.objects.get(pk=response.json()["id"]))

    assert published.status_code == 200 and published.json()["status"] == "current"
    assert figures.problems == ()
    assert all(math.isfinite(v) for v in (figures.net_cost_total, figures.consolidated_cost_total))
    assert figures.net_cost_total != 0
