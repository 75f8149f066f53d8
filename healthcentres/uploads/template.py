"""The upload template: every column of spec §2.1 with two example rows and what each column means."""

from __future__ import annotations

from django.utils import translation
from django.utils.translation import pgettext, pgettext_lazy

from healthcentres.uploads.reading import OPTIONAL_COLUMNS
from simulation.core.exports import csv_text, xlsx_bytes
from simulation.core.scenario.fields import CENTRE_FIELDS, CENTRE_RECORD, centre_field_label

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
        return pgettext("upload template", "yes")
    if field.name in OPTIONAL_COLUMNS:
        return pgettext("upload template", "no")
    return pgettext("upload template", "column: yes; an empty cell is 0")


#: The translation context of the template's words (written out in each call, as makemessages reads them).
SHEET = "upload template"
#: The column sheet's words for the translation catalogue: each field's unit and meaning as
#: simulation.core.scenario.fields writes them (a test holds every one to its Swedish translation).
FIELD_WORDS = (
    pgettext_lazy("upload template", "text"),
    pgettext_lazy("upload template", "persons"),
    pgettext_lazy("upload template", "index"),
    pgettext_lazy("upload template", "visits per person and year"),
    pgettext_lazy("upload template", "share 0–1"),
    pgettext_lazy("upload template", "SEK per year"),
    pgettext_lazy("upload template", "full-time equivalents"),
    pgettext_lazy("upload template", "SEK"),
    pgettext_lazy("upload template", "Stable identifier of the centre, unique in the file"),
    pgettext_lazy("upload template", "Name of the centre"),
    pgettext_lazy("upload template", "Result unit whose balance the centre shares (default: the centre's own id)"),
    pgettext_lazy("upload template", "Operating form in the base year"),
    pgettext_lazy("upload template", "Municipality (optional)"),
    pgettext_lazy("upload template", "Entitled to the sparsity supplement (glesbygd)"),
    pgettext_lazy("upload template", "Listed patients in the base year"),
    pgettext_lazy("upload template", "Care need index, 1.0 = region average (default 1)"),
    pgettext_lazy("upload template", "Doctor visits"),
    pgettext_lazy("upload template", "Nurse and other professions' visits"),
    pgettext_lazy("upload template", "Visits the listed make at other centres"),
    pgettext_lazy("upload template", "Telephone accessibility"),
    pgettext_lazy("upload template", "Medical assessment within 3 days"),
    pgettext_lazy("upload template", "Own employees"),
    pgettext_lazy("upload template", "Hired staff (hyrpersonal)"),
    pgettext_lazy("upload template", "Premises"),
    pgettext_lazy("upload template", "Everything else except central overhead"),
    pgettext_lazy("upload template", "Central overhead charged to region-run centres"),
    pgettext_lazy("upload template", "GPs in the base year"),
    pgettext_lazy(
        "upload template",
        "This centre's part of its result unit's balance at the start of the base year: the unit opens with the "
        "sum over its centres, so write a pooled unit's balance on one of its rows (or split it), never on each",
    ),
)


def template_xlsx(language: str = "sv") -> bytes:
    """The template as a workbook: the centres (the columns the upload reads, always by their names)
    and a sheet that explains every column, in ``language`` ("sv" or "en") from its title row on."""
    with translation.override(language):
        heads = [
            pgettext("upload template", "column"),
            pgettext("upload template", "label"),
            pgettext("upload template", "required"),
            pgettext("upload template", "unit"),
            pgettext("upload template", "meaning"),
        ]
        help_rows = [
            dict(
                zip(
                    heads,
                    [
                        field.name,
                        centre_field_label(field.name, language),
                        _required(field),
                        pgettext(SHEET, field.unit),
                        pgettext(SHEET, field.help),
                    ],
                    strict=True,
                )
            )
            for field in CENTRE_RECORD
        ]
        sheets = {
            pgettext("upload template", "centres"): (CENTRE_FIELDS, EXAMPLES),
            pgettext("upload template", "columns"): (heads, help_rows),
        }
    return xlsx_bytes(sheets)
