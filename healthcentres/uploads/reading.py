"""Reading an uploaded centre file (spec §9 "Upload columns"): CSV or Excel, one row per centre.

Only reading: rows come back as ``{column: value}`` records for the scenario validator, or the file
is refused with every problem located by data row (1 = first row after the header), column and
cell as a spreadsheet shows it. Nothing here touches the database. The file becomes rows of cells
in ``rows`` (bounded as it says; a file's size is bounded at the edge, before it is read).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from difflib import get_close_matches
from typing import Any

from django.utils.translation import gettext as _
from openpyxl.utils import get_column_letter

from healthcentres.uploads.identifiers import id_key, invisible_character
from healthcentres.uploads.rows import (
    MAX_COLUMNS,
    MAX_PROBLEMS,
    ImportRefused,
    RowProblem,
    Rows,
    plain_cell,
    read_rows,
    refuse,
)
from healthcentres.uploads.words import upload_words
from healthcentres.uploads.xlsx import MAX_CELL_CHARS, CellProblem, blank
from simulation.core.numbers import NotANumber, parse_number
from simulation.core.scenario import CENTRE_FIELDS, CENTRE_REQUIRED, Problem
from simulation.core.scenario.fields import CENTRE_RECORD

__all__ = [
    "MAX_COLUMNS",
    "MAX_PROBLEMS",
    "MAX_ROWS",
    "OPTIONAL_COLUMNS",
    "CentreTable",
    "ImportRefused",
    "RowProblem",
    "read_centre_file",
    "refuse",
    "rows_problems",
]

MAX_ROWS = 5000
#: Columns an upload may leave out: their defaults are what a missing value means (the centre is
#: its own unit, no municipality, not rural, average care need). Every other column must be in the
#: file, so that a forgotten column (staff_cost) cannot silently become 0 for every centre (issue
#: 20); an empty cell in a present column still takes the field's default (spec §2.1). The scenario
#: document keeps the spec's defaults for missing keys: this is about files only.
OPTIONAL_COLUMNS = ("unit", "municipality", "rural", "cni")
UPLOAD_REQUIRED = tuple(name for name in CENTRE_FIELDS if name not in OPTIONAL_COLUMNS)
SHARE_COLUMNS = tuple(f.name for f in CENTRE_RECORD if f.unit == "share 0–1")

#: A share written as a percentage: 84 %, 84%, 84,5 %.
_PERCENT = re.compile(r"^(.*[0-9])\s*%$")


def _too_many_rows() -> ImportRefused:
    return refuse(
        _("The file has more than %(most)s rows of centres; at most %(most)s centres are accepted.")
        % {"most": MAX_ROWS}
    )


@dataclass(frozen=True)
class CentreTable:
    """An upload's centres: one record per row with data, the header's columns in their order, and
    the spreadsheet row each record came from (blank rows are skipped, so they differ)."""

    records: list[dict[str, Any]]
    columns: list[str]
    sheet_rows: list[int] = field(default_factory=list)

    def sheet_row(self, index: int) -> int:
        """The spreadsheet row of record ``index`` (the header is row 1)."""
        return self.sheet_rows[index] if index < len(self.sheet_rows) else index + 2


def read_centre_file(filename: str, data: bytes) -> CentreTable:
    """The file's rows with data as centre records, keyed by the header's column names."""
    return _table(read_rows(filename, data, MAX_ROWS, _too_many_rows))


def rows_problems(problems: list[Problem], table: CentreTable) -> list[RowProblem]:
    """Validator paths (``centres[3].listed``) as file positions (its row, column listed, cell G5),
    in the upload template's words."""
    located = []
    columns = table.columns
    for problem in problems:
        path = problem.path
        message = upload_words(problem.message, sheet_row=table.sheet_row)
        if path.startswith("centres["):
            index = int(path[len("centres[") : path.index("]")])
            column = path[path.index("]") + 2 :] or None
            sheet_row = table.sheet_row(index)
            cell = f"{get_column_letter(columns.index(column) + 1)}{sheet_row}" if column in columns else None
            located.append(RowProblem(sheet_row - 1, column, message, cell))
        else:
            located.append(RowProblem(None, None, message if not path else f"{path}: {message}"))
    return located


# The table: the header, then each row's cells as the validator takes them.


def _table(rows: Rows) -> CentreTable:
    if not rows:
        raise refuse(_("The file is empty."))
    number, header_cells = rows[0]
    if number != 1:
        raise refuse(
            _(
                "Row 1 is empty: the first row must be the header with the column names (the first filled row "
                "is %(row)s)."
            )
            % {"row": number}
        )
    header, problems = _header(header_cells)
    data = rows[1:]
    if not data and not problems:
        problems.append(RowProblem(None, None, _("The file has a header row but no centres.")))
    if len(data) > MAX_ROWS:
        raise _too_many_rows()
    if problems:
        raise ImportRefused(problems)

    records, sheet_rows = [], []
    for number, row in data:
        if len(row) > len(header) and not all(blank(v) for v in row[len(header) :]):
            message = _("This row has %(count)s cells; the header has %(header)s.") % {
                "count": len(row),
                "header": len(header),
            }
            problems.append(RowProblem(number - 1, None, message))
            continue
        cells = list(row[: len(header)]) + [None] * (len(header) - len(row))
        record = {}
        for position, (column, value) in enumerate(zip(header, cells, strict=True), start=1):
            taken = _cell(column, value)
            if isinstance(taken, CellProblem):
                problems.append(RowProblem(number - 1, column, taken.message, f"{get_column_letter(position)}{number}"))
            record[column] = taken
        records.append(record)
        sheet_rows.append(number)
    table = CentreTable(records, header, sheet_rows)
    problems.extend(_lookalike_ids(table))
    if problems:
        raise ImportRefused(problems)
    return table


def _header(cells: list[Any]) -> tuple[list[str], list[RowProblem]]:
    header = [str(h).strip().lower() if not blank(h) and not isinstance(h, CellProblem) else "" for h in cells]
    problems = []
    seen: set[str] = set()
    for position, column in enumerate(header, start=1):
        letter = get_column_letter(position)
        if len(column) > MAX_CELL_CHARS:
            problems.append(RowProblem(None, letter, _("This is not a column name of the template."), f"{letter}1"))
        elif not column:
            problems.append(RowProblem(None, letter, _("This column has no name in the header row."), f"{letter}1"))
        elif column in seen:
            problems.append(RowProblem(None, column, _("This column appears twice in the header row."), f"{letter}1"))
        elif column not in CENTRE_FIELDS:
            hidden = invisible_character(column)
            if hidden:
                message = _("The column name holds an invisible character (%(character)s); remove it.") % {
                    "character": hidden
                }
            else:
                hint = get_close_matches(column, CENTRE_FIELDS, n=1)
                message = (
                    _("Unknown column (did you mean %(hint)s?)") % {"hint": hint[0]} if hint else _("Unknown column.")
                )
            problems.append(RowProblem(None, column, message, f"{letter}1"))
        seen.add(column)
    for column in UPLOAD_REQUIRED:
        if column not in seen:
            problems.append(RowProblem(None, column, _missing_column(column)))
    return header, problems


def _missing_column(column: str) -> str:
    label = next(f.label for f in CENTRE_RECORD if f.name == column)
    if column in CENTRE_REQUIRED:
        return _("The column %(column)s (%(label)s) is missing; every centre needs it.") % {
            "column": column,
            "label": label,
        }
    return _(
        "The column %(column)s (%(label)s) is missing. Every column of the template is needed, so that no figure "
        "becomes 0 by mistake: add the column, and write 0 or leave the cell empty where the value is zero."
    ) % {"column": column, "label": label}


def _cell(column: str, value: Any) -> Any:
    """A cell as the validator takes it, or a CellProblem. Its length is checked first: nothing
    looks at the characters of a text too long to be any field's value."""
    value = plain_cell(value)
    if isinstance(value, str) and column in SHARE_COLUMNS:
        return _share(value)
    return value


def _share(value: str) -> Any:
    """A share written as a percentage (``84 %``, ``84,5%``) as the share it is (0.84, 0.845)."""
    match = _PERCENT.match(value)
    if not match:
        return value
    try:
        return parse_number(match.group(1)) / 100
    except NotANumber:
        return value


def _lookalike_ids(table: CentreTable) -> list[RowProblem]:
    """Ids and units that a reader cannot tell apart from another row's are refused: they would
    silently become two centres (two units) where the file meant one."""
    problems = []
    ids: dict[str, tuple[str, int]] = {}
    units: dict[str, tuple[str, int, bool]] = {}
    for index, record in enumerate(table.records):
        row = table.sheet_row(index)
        ident, unit = _text_of(record.get("id")), _text_of(record.get("unit"))
        for column, text in (("id", ident), ("unit", unit)):
            hidden = invisible_character(text) if text else None
            if hidden:
                message = _(
                    "Remove the invisible character %(character)s: it makes %(value)s differ from what it shows."
                )
                problems.append(_at(table, row, column, message % {"character": hidden, "value": text.strip()}))
        if ident:
            earlier = ids.setdefault(id_key(ident), (ident, row))
            if earlier[0] != ident:
                problems.append(_at(table, row, "id", _lookalike_message("id", ident, *earlier)))
        # A blank unit is the centre's own id: a unit written like another centre's id is the same unit.
        named, explicit = (unit, True) if unit else (ident, False)
        if named:
            first = units.setdefault(id_key(named), (named, row, explicit))
            if first[0] != named and explicit:
                problems.append(_at(table, row, "unit", _lookalike_message("unit", named, first[0], first[1])))
            elif first[0] != named and first[2]:
                problems.append(_at(table, first[1], "unit", _lookalike_message("unit", first[0], named, row)))
    return problems


def _text_of(value: Any) -> str:
    """An id or unit cell as text ('' when it holds none or cannot be one)."""
    if blank(value) or isinstance(value, CellProblem | bool) or not isinstance(value, str | int | float):
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _at(table: CentreTable, row: int, column: str, message: str) -> RowProblem:
    cell = f"{get_column_letter(table.columns.index(column) + 1)}{row}" if column in table.columns else None
    return RowProblem(row - 1, column, message, cell)


def _lookalike_message(column: str, value: str, other: str, row: int) -> str:
    named = {"value": value, "other": other, "row": row}
    if column == "id":
        message = _(
            "The id %(value)s looks the same as %(other)s in row %(row)s: they differ only in capitals, spaces, "
            "invisible or look-alike characters or leading zeros. Give each centre an id that differs visibly, "
            "or the same id if they are one centre."
        )
    else:
        message = _(
            "The unit %(value)s looks the same as %(other)s in row %(row)s: they differ only in capitals, spaces, "
            "invisible or look-alike characters or leading zeros. Write a pooled unit the same way on every row."
        )
    return message % named
