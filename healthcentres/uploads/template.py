"""The upload template: every column of spec §2.1 with two example rows and what each column means."""

from __future__ import annotations

from healthcentres.uploads.reading import OPTIONAL_COLUMNS
from simulation.core.exports import csv_text, xlsx_bytes
from simulation.core.scenario.fields import CENTRE_FIELDS, CENTRE_RECORD

EXAMPLES = [
    {
        "id": "AC01",
        "name": "Ålidhem vårdcentral",
        "unit": "AC01",
        "operating_form": "egen regi",
        "municipality": "Umeå",
        "rural": "nej",
        "listed": 12000,
        "cni": 1.02,
        "doctor_visits_per_listed": 1.1,
        "other_visits_per_listed": 2.0,
        "outside_visits_per_listed": 0.15,
        "phone_access": 0.78,
        "assessment_3d": 0.7,
        "staff_cost": 38_000_000,
        "hired_cost": 6_500_000,
        "premises_cost": 4_100_000,
        "other_cost": 7_700_000,
        "overhead_cost": 2_600_000,
        "gp_fte": 6.5,
        "opening_balance": 0,
    },
    {
        "id": "AC02",
        "name": "Sorsele vårdcentral",
        "unit": "AC02",
        "operating_form": "privat",
        "municipality": "Sorsele",
        "rural": "ja",
        "listed": 2400,
        "cni": 1.15,
        "doctor_visits_per_listed": 1.3,
        "other_visits_per_listed": 2.4,
        "outside_visits_per_listed": 0.1,
        "phone_access": 0.85,
        "assessment_3d": 0.8,
        "staff_cost": 7_900_000,
        "hired_cost": 600_000,
        "premises_cost": 900_000,
        "other_cost": 1_700_000,
        "overhead_cost": 0,
        "gp_fte": 1.4,
        "opening_balance": -250_000,
    },
]


def _swedish(value):
    """Numbers as a Swedish spreadsheet shows them in a semicolon CSV: 1 485 000 and 0,87."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return value
    if float(value).is_integer():
        return f"{int(value):,}".replace(",", " ")
    return str(value).replace(".", ",")


def template_csv(records: list[dict] | None = None) -> str:
    """The template with its two example rows, or with ``records`` (a dataset's centres, to edit
    and upload again): semicolons, decimal commas, a BOM so that Excel reads it as UTF-8."""
    rows = [_as_written(row) for row in (EXAMPLES if records is None else records)]
    return "\ufeff" + csv_text(CENTRE_FIELDS, rows, delimiter=";")


def _as_written(record: dict) -> dict:
    """A centre record as the template writes it: Swedish numbers, yes/no and forms in words."""
    words = {"egen_regi": "egen regi", "private": "privat", True: "ja", False: "nej"}
    return {k: words.get(v, v) if isinstance(v, str | bool) else _swedish(v) for k, v in record.items()}


def _required(field) -> str:
    """Whether a column must be in the file, and whether its cells must be filled."""
    if field.required:
        return "yes"
    if field.name in OPTIONAL_COLUMNS:
        return "no"
    return "column: yes; an empty cell is 0"


def template_xlsx() -> bytes:
    help_rows = [
        {
            "column": field.name,
            "benämning": field.label,
            "required": _required(field),
            "unit": field.unit,
            "meaning": field.help,
        }
        for field in CENTRE_RECORD
    ]
    return xlsx_bytes(
        {
            "centres": (CENTRE_FIELDS, EXAMPLES),
            "columns": (["column", "benämning", "required", "unit", "meaning"], help_rows),
        }
    )
