"""Reading an uploaded centre file (spec §9 "Upload columns"): CSV or Excel, one row per centre.

Only reading: rows come back as ``{column: value}`` records for the scenario validator, or the file
is refused with every problem located by data row (1 = first row after the header) and column.
Nothing here touches the database.
"""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass
from difflib import get_close_matches
from typing import Any

import openpyxl
from django.utils.translation import gettext as _
from openpyxl.utils import get_column_letter

from simulation.errors import DomainError
from simulation.scenario import CENTRE_FIELDS, CENTRE_REQUIRED, Problem

from .upload_words import upload_words

MAX_ROWS = 5000
#: The template has 20 columns; a few spare columns are tolerated (and reported as unknown).
MAX_COLUMNS = 60
#: A refusal lists at most this many problems (and how many more there are), so it stays readable
#: and a hostile file cannot make the answer larger than the file.
MAX_PROBLEMS = 200
# An .xlsx is a zip archive: refuse archives that would unpack to far more than they weigh.
MAX_XLSX_ENTRIES = 500
MAX_XLSX_UNPACKED_BYTES = 100 * 1024 * 1024
MAX_XLSX_RATIO = 200


@dataclass(frozen=True)
class RowProblem:
    """One problem in an uploaded file. ``row`` counts data rows from 1 (the API's row); None for the
    whole file. ``cell`` is where a spreadsheet shows it (``G5``: the header is row 1), when known."""

    row: int | None
    column: str | None
    message: str
    cell: str | None = None

    @property
    def sheet_row(self) -> int | None:
        """The row number a spreadsheet shows (the header is row 1)."""
        return None if self.row is None else self.row + 1

    def as_dict(self) -> dict[str, Any]:
        return {"row": self.row, "column": self.column, "message": self.message, "cell": self.cell}


class ImportRefused(DomainError):
    """An upload refused: every problem with its row and column (rows count from 1 after the header)."""

    def __init__(self, problems: list[RowProblem]) -> None:
        if len(problems) > MAX_PROBLEMS:
            rest = len(problems) - MAX_PROBLEMS
            problems = [
                *problems[:MAX_PROBLEMS],
                RowProblem(None, None, _("… and %(rest)s more problems.") % {"rest": rest}),
            ]
        super().__init__("; ".join(p.message for p in problems[:5]))
        self.problems = problems

    def problem_dicts(self) -> list[dict]:
        return [p.as_dict() for p in self.problems]


def refuse(message: str, row: int | None = None, column: str | None = None) -> ImportRefused:
    return ImportRefused([RowProblem(row, column, message)])


def read_centre_file(filename: str, data: bytes) -> list[dict[str, Any]]:
    """The file's data rows as centre records, keyed by the header's column names."""
    if not data.strip():
        raise refuse(_("The file is empty."))
    kind = filename.lower().rsplit(".", 1)[-1] if "." in filename else ""
    if kind in ("csv", "txt"):
        table = _csv_table(data)
    elif kind == "xlsx":
        table = _xlsx_table(data)
    else:
        raise refuse(_("Upload a .csv file (comma or semicolon separated, UTF-8) or an Excel .xlsx file."))
    return _records(table)


def rows_problems(problems: list[Problem], columns: list[str] = ()) -> list[RowProblem]:
    """Validator paths (``centres[3].listed``) as file positions (row 4, column listed, cell G5 when
    ``columns``, the header's order, is known), in the upload template's words."""
    located = []
    for problem in problems:
        path = problem.path
        if path.startswith("centres["):
            index = int(path[len("centres[") : path.index("]")])
            column = path[path.index("]") + 2 :] or None
            cell = f"{get_column_letter(columns.index(column) + 1)}{index + 2}" if column in columns else None
            located.append(RowProblem(index + 1, column, upload_words(problem.message), cell))
        else:
            message = upload_words(problem.message)
            located.append(RowProblem(None, None, message if not path else f"{path}: {message}"))
    return located


def _csv_table(data: bytes) -> list[list[Any]]:
    text = _decode(data)
    header_line = text.split("\n", 1)[0]
    delimiter = max((";", ",", "\t"), key=header_line.count)
    if header_line.count(delimiter) >= MAX_COLUMNS:
        raise refuse(
            _("The header row has %(count)s columns; at most %(most)s are read.")
            % {"count": header_line.count(delimiter) + 1, "most": MAX_COLUMNS}
        )
    table = []
    try:
        # Row by row, so that a hostile file is refused at its first oversized row, not after
        # every row has been split into cells.
        for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter):
            if len(row) > MAX_COLUMNS:
                raise refuse(
                    _("This row has %(count)s cells; at most %(most)s are read.")
                    % {"count": len(row), "most": MAX_COLUMNS},
                    row=len(table),
                )
            table.append(row)
            if len(table) > MAX_ROWS + 1:
                raise refuse(
                    _("The file has more than %(most)s rows; at most %(most)s centres are accepted.")
                    % {"most": MAX_ROWS}
                )
    except csv.Error as error:
        raise refuse(_("The CSV file cannot be read: %(error)s.") % {"error": error}, row=len(table)) from None
    return table


def _decode(data: bytes) -> str:
    """The file as text: UTF-8 (with or without BOM), or UTF-16 with its BOM (Excel's "Unicode
    text"). Anything else is refused naming the first row that is not UTF-8."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise refuse(_("The file starts like UTF-16 text but is not; save it as 'CSV UTF-8'.")) from None
    if b"\x00" in data:
        raise refuse(_("This is not a text file; a .csv must be plain text (save it as 'CSV UTF-8')."))
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n")  # 0 = the header row
        message = _(
            "Row %(row)s is not UTF-8 text (it looks like Windows-1252/Latin-1, which older Excel versions save "
            "as 'CSV'). In Excel choose 'CSV UTF-8 (comma delimited)' when saving, and upload again."
        ) % {"row": line + 1}
        raise refuse(message, row=line or None) from None


def _xlsx_table(data: bytes) -> list[list[Any]]:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise refuse(_("This is not a real .xlsx file (an Excel workbook is a zip archive).")) from None
    entries = archive.infolist()
    if len(entries) > MAX_XLSX_ENTRIES:
        raise refuse(
            _("The workbook holds %(count)s parts; at most %(most)s are accepted.")
            % {"count": len(entries), "most": MAX_XLSX_ENTRIES}
        )
    unpacked = sum(e.file_size for e in entries)
    packed = sum(e.compress_size for e in entries) or 1
    if unpacked > MAX_XLSX_UNPACKED_BYTES or unpacked / packed > MAX_XLSX_RATIO:
        raise refuse(_("The workbook unpacks to far more than its size; it is refused as a possible zip bomb."))
    names = {e.filename for e in entries}
    if "xl/workbook.xml" not in names:
        raise refuse(_("This zip archive is not an Excel workbook."))
    try:
        return _first_sheet_rows(data)
    except ImportRefused:
        raise
    except Exception as error:  # openpyxl raises many kinds for a broken workbook
        raise refuse(_("The workbook cannot be read (%(reason)s).") % {"reason": type(error).__name__}) from None


def _first_sheet_rows(data: bytes) -> list[list[Any]]:
    """The first sheet's cell values, streamed (openpyxl's read-only mode, XML parsed with
    defusedxml), never more than MAX_ROWS + 1 rows of MAX_COLUMNS cells: a sheet padded out to
    a far cell such as XFD1048576 is refused from its declared size, before any cell is read, and
    reading stops at the bound whatever the declaration says."""
    workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    try:
        sheet = workbook.worksheets[0]
        rows, columns = sheet.max_row or 0, sheet.max_column or 0
        if rows > MAX_ROWS + 1 or columns > MAX_COLUMNS:
            raise refuse(
                _(
                    "The sheet's used range reaches row %(rows)s and column %(column)s; at most %(most_rows)s "
                    "centres and %(most_columns)s columns are read. Delete the empty rows and columns after your "
                    "data (Excel keeps them when they were ever formatted) and save again."
                )
                % {
                    "rows": rows,
                    "column": get_column_letter(columns),
                    "most_rows": MAX_ROWS,
                    "most_columns": MAX_COLUMNS,
                }
            )
        table = []
        for row in sheet.iter_rows(max_row=MAX_ROWS + 2, max_col=MAX_COLUMNS + 1, values_only=True):
            table.append(list(row))
        if len(table) > MAX_ROWS + 1:
            raise refuse(
                _("The sheet has more than %(most)s rows; at most %(most)s centres are accepted.") % {"most": MAX_ROWS}
            )
        if any(len(row) > MAX_COLUMNS and row[MAX_COLUMNS] is not None for row in table):
            raise refuse(
                _("The sheet has more than %(most)s columns; at most %(most)s are read.") % {"most": MAX_COLUMNS}
            )
        return [_without_trailing_blanks(row[:MAX_COLUMNS]) for row in table]
    finally:
        workbook.close()


def _without_trailing_blanks(row: list[Any]) -> list[Any]:
    """Read-only mode pads each row to the columns asked for; the padding is not data."""
    end = len(row)
    while end and _blank(row[end - 1]):
        end -= 1
    return row[:end]


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _records(table: list[list[Any]]) -> list[dict[str, Any]]:
    rows = list(table)
    while rows and all(_blank(v) for v in rows[-1]):
        rows.pop()  # spreadsheets often end in empty rows; rows in the middle keep their numbers
    if not rows:
        raise refuse(_("The file is empty."))
    header = [str(h).strip().lower() if not _blank(h) else "" for h in rows[0]]
    problems = []
    seen: set[str] = set()
    for position, column in enumerate(header, start=1):
        if not column:
            problems.append(
                RowProblem(None, get_column_letter(position), _("This column has no name in the header row."))
            )
        elif column in seen:
            problems.append(RowProblem(None, column, _("This column appears twice in the header row.")))
        elif column not in CENTRE_FIELDS:
            hint = get_close_matches(column, CENTRE_FIELDS, n=1)
            message = _("Unknown column (did you mean %(hint)s?)") % {"hint": hint[0]} if hint else _("Unknown column.")
            problems.append(RowProblem(None, column, message))
        seen.add(column)
    for column in CENTRE_REQUIRED:
        if column not in seen:
            problems.append(RowProblem(None, column, _("Required column is missing.")))
    data = rows[1:]
    if not data and not problems:
        problems.append(RowProblem(None, None, _("The file has a header row but no centres.")))
    if len(data) > MAX_ROWS:
        problems.append(
            RowProblem(
                None,
                None,
                _("The file has %(count)s rows; at most %(most)s centres are accepted.")
                % {"count": len(data), "most": MAX_ROWS},
            )
        )
    if problems:
        raise ImportRefused(problems)

    records = []
    for number, row in enumerate(data, start=1):
        if len(row) > len(header) and not all(_blank(v) for v in row[len(header) :]):
            message = _("This row has %(count)s cells; the header has %(header)s.") % {
                "count": len(row),
                "header": len(header),
            }
            problems.append(RowProblem(number, None, message))
            continue
        cells = list(row) + [None] * (len(header) - len(row))
        records.append(
            {column: (v.strip() if isinstance(v, str) else v) for column, v in zip(header, cells, strict=True)}
        )
    if problems:
        raise ImportRefused(problems)
    return records
