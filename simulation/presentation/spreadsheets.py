"""Exports that open right: Excel workbooks with number formats, headers in the reader's language,
one sheet per table and a first sheet saying what it is (scenario, dataset, base year, engine
version, hash, units, date); CSV in a Swedish variant (semicolon, decimal comma, no thousands
separators, whole kronor — what Swedish Excel reads as numbers) and a machine variant (the
projection's own field names, comma, full precision; spec §7's CSV form).

The figures are the projection's (or the comparison's, from ``summary``); nothing is computed here.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from simulation.core import outputs
from simulation.core.exports import safe_cell
from simulation.presentation.output_labels import figure_label

#: How a column is written. Money in SEK; shares 0–1.
SEK, MNKR, SHARE, COUNT, YEAR, TEXT, NUMBER = "sek", "mnkr", "share", "count", "year", "text", "number"
EXCEL_FORMATS = {
    SEK: '#,##0" kr"',
    MNKR: '#,##0.0,," mnkr"',  # the two commas show SEK in millions; the cell keeps the kronor
    SHARE: "0.0%",
    COUNT: "#,##0",
    YEAR: "0",
    NUMBER: "#,##0.00",
}


@dataclass(frozen=True)
class Column:
    key: str  # the projection's field (the machine variant's header)
    label: Any  # the header people read (translated)
    kind: str


@dataclass(frozen=True)
class Table:
    title: Any
    columns: Sequence[Column]
    rows: list[dict[str, Any]]


@dataclass(frozen=True)
class About:
    """What a file is: the first sheet of a workbook, the comment lines of nothing (CSV stays a table)."""

    title: str
    lines: list[tuple[str, str]] = field(default_factory=list)


#: How each unit of the table of output figures is written.
KINDS = {outputs.KR: SEK, outputs.MNKR: MNKR, outputs.COUNT: COUNT, outputs.SHARE: SHARE}


def _figures(level: str) -> tuple[Column, ...]:
    """The columns of a level's figures: the projection's fields, in its order, with their labels."""
    found = (outputs.output(level, name) for name in outputs.names(level))
    return tuple(Column(o.name, figure_label(level, o.name), KINDS[o.unit]) for o in found)


_BY_FORM = {name: outputs.output(outputs.FORM, name) for name in outputs.names(outputs.FORM)}


CENTRE_COLUMNS = (
    Column("scenario", gettext_lazy("Scenario"), TEXT),
    Column("variant", gettext_lazy("Variant"), TEXT),
    Column("centre_id", gettext_lazy("Centre id"), TEXT),
    Column("name", gettext_lazy("Centre"), TEXT),
    Column("year", gettext_lazy("Year"), YEAR),
    Column("operating_form", gettext_lazy("Operating form"), TEXT),
    Column("unit", gettext_lazy("Result unit"), TEXT),
    *_figures(outputs.CENTRE),
)
UNIT_COLUMNS = (
    Column("scenario", gettext_lazy("Scenario"), TEXT),
    Column("variant", gettext_lazy("Variant"), TEXT),
    Column("unit", gettext_lazy("Result unit"), TEXT),
    Column("year", gettext_lazy("Year"), YEAR),
    Column("operating_form", gettext_lazy("Operating form"), TEXT),
    *_figures(outputs.UNIT),
)
REGION_COLUMNS = (
    Column("scenario", gettext_lazy("Scenario"), TEXT),
    Column("variant", gettext_lazy("Variant"), TEXT),
    Column("year", gettext_lazy("Year"), YEAR),
    *_figures(outputs.REGION),
    *(
        column
        for form, name in (
            ("egen_regi", gettext_lazy("egen regi")),
            ("intraprenad", gettext_lazy("intraprenad")),
            ("private", gettext_lazy("private")),
        )
        for column in (Column(f"{form}_{key}", name, KINDS[o.unit]) for key, o in _BY_FORM.items())
    ),
)
#: The region table's by-form headers say what they hold after the form's name.
BY_FORM_SUFFIX = {name: figure_label(outputs.FORM, name) for name in _BY_FORM}


def projection_tables(projection: dict[str, Any], scenario: str, names: dict[str, str]) -> dict[str, Table]:
    """The projection's three tables, every run labelled with the scenario's name (its variants by
    theirs) and every centre with its name."""
    centres, units, region = [], [], []
    for run in projection["runs"]:
        label = {"scenario": scenario, "variant": run["variant"]}
        centres += [label | {"name": names.get(r["centre_id"], r["centre_id"])} | r for r in run["centres"]]
        units += [label | r for r in run["units"]]
        for r in run["region"]:
            flat = label | {k: v for k, v in r.items() if k != "by_form"}
            for form, figures in r["by_form"].items():
                flat |= {f"{form}_{key}": value for key, value in figures.items()}
            region.append(flat)
    return {
        "region": Table(gettext_lazy("Region"), REGION_COLUMNS, region),
        "units": Table(gettext_lazy("Result units"), UNIT_COLUMNS, units),
        "centres": Table(gettext_lazy("Centres"), CENTRE_COLUMNS, centres),
    }


def _header(column: Column) -> str:
    label = str(column.label)
    for suffix, words in BY_FORM_SUFFIX.items():
        if column.key.endswith(f"_{suffix}") and column.key.split("_")[0] in ("egen", "intraprenad", "private"):
            words = str(words)
            return f"{label}: {words[:1].lower()}{words[1:]}"
    return label


def workbook(about: About, tables: Iterable[Table]) -> bytes:
    """An Excel workbook: a first sheet about the file, then one sheet per table with formats."""
    book = Workbook()
    sheet = book.active
    sheet.title = str(_("About"))[:31]
    sheet.append([safe_cell(about.title)])
    sheet["A1"].font = Font(bold=True, size=14)
    for key, value in about.lines:
        sheet.append([safe_cell(key), safe_cell(value)])
    sheet.column_dimensions["A"].width = 34
    sheet.column_dimensions["B"].width = 90
    for table in tables:
        sheet = book.create_sheet(str(table.title)[:31])
        sheet.append([safe_cell(_header(c)) for c in table.columns])
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in table.rows:
            sheet.append([safe_cell(_excel_value(row.get(c.key), c.kind)) for c in table.columns])
        for i, column in enumerate(table.columns, start=1):
            letter = get_column_letter(i)
            sheet.column_dimensions[letter].width = max(12, min(40, len(_header(column)) + 2))
            number_format = EXCEL_FORMATS.get(column.kind)
            if number_format:
                for (cell,) in sheet.iter_rows(min_row=2, min_col=i, max_col=i):
                    cell.number_format = number_format
        sheet.freeze_panes = "A2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _excel_value(value: Any, kind: str) -> Any:
    if kind == TEXT and value in ("egen_regi", "intraprenad", "private"):
        from healthcentres.models import OperatingForm

        return str(OperatingForm(value).label)
    return value


def csv_text(table: Table, variant: str) -> str:
    """One table as CSV: ``sv`` (semicolon, decimal comma, headers in words, whole kronor, shares in
    percent, a BOM so that Excel reads UTF-8) or ``machine`` (field names, comma, full precision)."""
    out = io.StringIO()
    if variant == "machine":
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow([safe_cell(c.key) for c in table.columns])
        for row in table.rows:
            writer.writerow([safe_cell(row.get(c.key)) for c in table.columns])
        return out.getvalue()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow([safe_cell(_swedish_header(c)) for c in table.columns])
    for row in table.rows:
        writer.writerow([safe_cell(_swedish_value(row.get(c.key), c.kind)) for c in table.columns])
    return "\ufeff" + out.getvalue()


def _swedish_header(column: Column) -> str:
    unit = {SEK: "kr", MNKR: "mnkr", SHARE: "%"}.get(column.kind)
    return f"{_header(column)} ({unit})" if unit else _header(column)


def _swedish_value(value: Any, kind: str) -> Any:
    if value is None or isinstance(value, bool) or not isinstance(value, int | float):
        return _excel_value(value, kind) if isinstance(value, str) else value
    if kind == SEK:
        return str(round(value))
    if kind == MNKR:
        return f"{value / 1e6:.1f}".replace(".", ",")
    if kind == SHARE:
        return f"{value * 100:.1f}".replace(".", ",")
    if kind in (COUNT, YEAR):
        return str(round(value))
    return f"{value:.2f}".replace(".", ",")
