"""Reading an uploaded outturn file (*utfall*): the booked result and closing balance of each result
unit and year, CSV or Excel with the columns ``year;unit;result;balance_close`` (money in SEK).

Read by the same machinery as a centre file (``rows``: bounded reading, encodings, refusals by
cell) and refused the same way: every problem with its data row, column and cell, in the page's
language. Whether a year and a unit are the region's is the service's to say (it knows the data).
"""

from __future__ import annotations

from dataclasses import dataclass
from difflib import get_close_matches
from typing import Any

from django.utils.translation import gettext as _
from openpyxl.utils import get_column_letter

from healthcentres.models import DATA_YEARS
from healthcentres.uploads.identifiers import invisible_character
from healthcentres.uploads.rows import ImportRefused, RowProblem, plain_cell, read_rows, refuse
from healthcentres.uploads.words import upload_words
from healthcentres.uploads.xlsx import CellProblem, blank
from simulation.core.numbers import NotANumber, parse_number
from simulation.core.scenario import TEXT_LIMITS

#: The columns of an outturn file, all required: the year, the result unit (as the centre data names
#: it), the booked result of the year and the balance at its end (both SEK).
OUTTURN_COLUMNS = ("year", "unit", "result", "balance_close")
#: More than any region's result units over a long history.
MAX_OUTTURN_ROWS = 5000


@dataclass(frozen=True)
class OutturnLine:
    """One data row: a unit's booked year (SEK), and the spreadsheet row it came from."""

    year: int
    unit: str
    result: float
    balance_close: float
    sheet_row: int


@dataclass(frozen=True)
class OutturnTable:
    """The rows that could be read as outturn lines, and the problems of those that could not (the
    service adds what the region's history refuses, so that a refusal names every problem)."""

    lines: list[OutturnLine]
    problems: list[RowProblem]


def read_outturn_file(filename: str, data: bytes) -> OutturnTable:
    """The file's data rows as outturn lines, with the problems of its cells; ImportRefused when the
    file cannot be read as a table of outturn at all (its header, its encoding, its size)."""
    rows = read_rows(filename, data, MAX_OUTTURN_ROWS, _too_many_rows)
    if not rows:
        raise refuse(_("The file is empty."))
    number, header_cells = rows[0]
    if number != 1:
        raise refuse(_("Row 1 must be the header: year, unit, result, balance_close."))
    columns, problems = _header(header_cells)
    if problems:
        raise ImportRefused(problems)
    if len(rows) == 1:
        raise refuse(_("The file has a header row but no results."))
    lines = []
    for number, cells in rows[1:]:
        line, found = _line(columns, number, cells)
        problems += found
        if line is not None:
            lines.append(line)
    return OutturnTable(lines, problems)


def _too_many_rows() -> ImportRefused:
    return refuse(_("The file has more than %(most)s rows of results.") % {"most": MAX_OUTTURN_ROWS})


def _header(cells: list[Any]) -> tuple[list[str], list[RowProblem]]:
    columns = [str(c).strip().lower() if not blank(c) and not isinstance(c, CellProblem) else "" for c in cells]
    problems = []
    for position, column in enumerate(columns, start=1):
        letter = get_column_letter(position)
        if not column:
            problems.append(RowProblem(None, letter, _("This column has no name in the header row."), f"{letter}1"))
        elif column in columns[: position - 1]:
            problems.append(RowProblem(None, column, _("This column appears twice in the header row."), f"{letter}1"))
        elif column not in OUTTURN_COLUMNS:
            hint = get_close_matches(column[:100], OUTTURN_COLUMNS, n=1)
            message = _("Unknown column (did you mean %(hint)s?)") % {"hint": hint[0]} if hint else _("Unknown column.")
            problems.append(RowProblem(None, column[:100], message, f"{letter}1"))
    for column in OUTTURN_COLUMNS:
        if column not in columns:
            problems.append(
                RowProblem(
                    None,
                    column,
                    _("The column %(column)s is missing; an outturn file has the columns %(columns)s.")
                    % {"column": column, "columns": ", ".join(OUTTURN_COLUMNS)},
                )
            )
    return columns, problems


def _line(columns: list[str], number: int, cells: list[Any]) -> tuple[OutturnLine | None, list[RowProblem]]:
    """A data row as an outturn line, or its problems (each at its cell)."""
    if len(cells) > len(columns) and not all(blank(v) for v in cells[len(columns) :]):
        message = _("This row has %(count)s cells; the header has %(header)s.") % {
            "count": len(cells),
            "header": len(columns),
        }
        return None, [RowProblem(number - 1, None, message)]
    cells = list(cells[: len(columns)]) + [None] * (len(columns) - len(cells))
    values, problems = {}, []
    for position, (column, raw) in enumerate(zip(columns, cells, strict=True), start=1):
        value = _value(column, plain_cell(raw))
        if isinstance(value, CellProblem):
            problems.append(RowProblem(number - 1, column, value.message, f"{get_column_letter(position)}{number}"))
        values[column] = value
    if problems:
        return None, problems
    return OutturnLine(values["year"], values["unit"], values["result"], values["balance_close"], number), []


def _value(column: str, value: Any) -> Any:
    """A cell of ``column`` as the line takes it, or a CellProblem that names what the file says."""
    if isinstance(value, CellProblem):
        return value
    if column == "unit":
        return _unit(value)
    if column == "balance_close" and blank(value):
        return 0.0  # an empty cell is 0, as in centre files: a unit whose deficits the region covers
    if blank(value):
        return CellProblem(upload_words("required"))
    try:
        number = parse_number(value)
    except NotANumber as error:
        return CellProblem(upload_words(str(error)))
    if column != "year":
        return number
    if not number.is_integer() or not DATA_YEARS[0] <= number <= DATA_YEARS[1]:
        return CellProblem(_("Write a year, such as 2024 (the file says %(got)r).") % {"got": value})
    return int(number)


def _unit(value: Any) -> Any:
    if blank(value):
        return CellProblem(upload_words("required"))
    text = str(int(value)) if isinstance(value, float) and value.is_integer() else str(value).strip()
    if len(text) > TEXT_LIMITS["unit"]:
        return CellProblem(upload_words(f"must be at most {TEXT_LIMITS['unit']} characters (has {len(text)})"))
    hidden = invisible_character(text)
    if hidden:
        return CellProblem(
            _("Remove the invisible character %(character)s: it makes %(value)s differ from what it shows.")
            % {"character": hidden, "value": text}
        )
    return text
