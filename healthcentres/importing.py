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
from openpyxl.utils import get_column_letter

from simulation.errors import DomainError
from simulation.scenario import CENTRE_FIELDS, CENTRE_REQUIRED, Problem

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
    """One problem in an uploaded file. ``row`` counts data rows from 1; None for the whole file."""

    row: int | None
    column: str | None
    message: str

    def as_dict(self) -> dict[str, Any]:
        return {"row": self.row, "column": self.column, "message": self.message}


class ImportRefused(DomainError):
    """An upload refused: every problem with its row and column (rows count from 1 after the header)."""

    def __init__(self, problems: list[RowProblem]) -> None:
        if len(problems) > MAX_PROBLEMS:
            rest = len(problems) - MAX_PROBLEMS
            problems = [*problems[:MAX_PROBLEMS], RowProblem(None, None, f"… and {rest} more problems.")]
        super().__init__("; ".join(p.message for p in problems[:5]))
        self.problems = problems

    def problem_dicts(self) -> list[dict]:
        return [p.as_dict() for p in self.problems]


def refuse(message: str, row: int | None = None, column: str | None = None) -> ImportRefused:
    return ImportRefused([RowProblem(row, column, message)])


def read_centre_file(filename: str, data: bytes) -> list[dict[str, Any]]:
    """The file's data rows as centre records, keyed by the header's column names."""
    if not data.strip():
        raise refuse("The file is empty.")
    kind = filename.lower().rsplit(".", 1)[-1] if "." in filename else ""
    if kind in ("csv", "txt"):
        table = _csv_table(data)
    elif kind == "xlsx":
        table = _xlsx_table(data)
    else:
        raise refuse("Upload a .csv file (comma or semicolon separated, UTF-8) or an Excel .xlsx file.")
    return _records(table)


def rows_problems(problems: list[Problem]) -> list[RowProblem]:
    """Validator paths (``centres[3].listed``) as file positions (row 4, column listed)."""
    located = []
    for problem in problems:
        path = problem.path
        if path.startswith("centres["):
            index = int(path[len("centres[") : path.index("]")])
            column = path[path.index("]") + 2 :] or None
            located.append(RowProblem(index + 1, column, problem.message))
        else:
            located.append(RowProblem(None, None, problem.message if not path else f"{path}: {problem.message}"))
    return located


def _csv_table(data: bytes) -> list[list[Any]]:
    text = _decode(data)
    header_line = text.split("\n", 1)[0]
    delimiter = max((";", ",", "\t"), key=header_line.count)
    if header_line.count(delimiter) >= MAX_COLUMNS:
        raise refuse(f"The header row has {header_line.count(delimiter) + 1} columns; at most {MAX_COLUMNS} are read.")
    table = []
    try:
        # Row by row, so that a hostile file is refused at its first oversized row, not after
        # every row has been split into cells.
        for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter):
            if len(row) > MAX_COLUMNS:
                raise refuse(f"This row has {len(row)} cells; at most {MAX_COLUMNS} are read.", row=len(table))
            table.append(row)
            if len(table) > MAX_ROWS + 1:
                raise refuse(f"The file has more than {MAX_ROWS} rows; at most {MAX_ROWS} centres are accepted.")
    except csv.Error as error:
        raise refuse(f"The CSV file cannot be read: {error}.", row=len(table)) from None
    return table


def _decode(data: bytes) -> str:
    """The file as text: UTF-8 (with or without BOM), or UTF-16 with its BOM (Excel's "Unicode
    text"). Anything else is refused naming the first row that is not UTF-8."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise refuse("The file starts like UTF-16 text but is not; save it as 'CSV UTF-8'.") from None
    if b"\x00" in data:
        raise refuse("This is not a text file; a .csv must be plain text (save it as 'CSV UTF-8').")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n")  # 0 = the header row
        where = "The header row" if line == 0 else f"Row {line}"
        raise refuse(
            f"{where} is not UTF-8 text (it looks like Windows-1252/Latin-1, which older Excel versions save as "
            "'CSV'). In Excel choose 'CSV UTF-8 (comma delimited)' when saving, and upload again.",
            row=line or None,
        ) from None


def _xlsx_table(data: bytes) -> list[list[Any]]:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise refuse("This is not a real .xlsx file (an Excel workbook is a zip archive).") from None
    entries = archive.infolist()
    if len(entries) > MAX_XLSX_ENTRIES:
        raise refuse(f"The workbook holds {len(entries)} parts; at most {MAX_XLSX_ENTRIES} are accepted.")
    unpacked = sum(e.file_size for e in entries)
    packed = sum(e.compress_size for e in entries) or 1
    if unpacked > MAX_XLSX_UNPACKED_BYTES or unpacked / packed > MAX_XLSX_RATIO:
        raise refuse("The workbook unpacks to far more than its size; it is refused as a possible zip bomb.")
    names = {e.filename for e in entries}
    if "xl/workbook.xml" not in names:
        raise refuse("This zip archive is not an Excel workbook.")
    try:
        return _first_sheet_rows(data)
    except ImportRefused:
        raise
    except Exception as error:  # openpyxl raises many kinds for a broken workbook
        raise refuse(f"The workbook cannot be read ({type(error).__name__}).") from None


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
                f"The sheet's used range reaches row {rows} and column {get_column_letter(columns)}; at most "
                f"{MAX_ROWS} centres and {MAX_COLUMNS} columns are read. Delete the empty rows and columns "
                "after your data (Excel keeps them when they were ever formatted) and save again."
            )
        table = []
        for row in sheet.iter_rows(max_row=MAX_ROWS + 2, max_col=MAX_COLUMNS + 1, values_only=True):
            table.append(list(row))
        if len(table) > MAX_ROWS + 1:
            raise refuse(f"The sheet has more than {MAX_ROWS} rows; at most {MAX_ROWS} centres are accepted.")
        if any(len(row) > MAX_COLUMNS and row[MAX_COLUMNS] is not None for row in table):
            raise refuse(f"The sheet has more than {MAX_COLUMNS} columns; at most {MAX_COLUMNS} are read.")
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
        raise refuse("The file is empty.")
    header = [str(h).strip().lower() if not _blank(h) else "" for h in rows[0]]
    problems = []
    seen: set[str] = set()
    for position, column in enumerate(header, start=1):
        if not column:
            problems.append(RowProblem(None, f"column {position}", "This column has no name in the header row."))
        elif column in seen:
            problems.append(RowProblem(None, column, "This column appears twice in the header row."))
        elif column not in CENTRE_FIELDS:
            hint = get_close_matches(column, CENTRE_FIELDS, n=1)
            problems.append(
                RowProblem(None, column, "Unknown column" + (f" (did you mean {hint[0]}?)" if hint else "."))
            )
        seen.add(column)
    for column in CENTRE_REQUIRED:
        if column not in seen:
            problems.append(RowProblem(None, column, "Required column is missing."))
    data = rows[1:]
    if not data and not problems:
        problems.append(RowProblem(None, None, "The file has a header row but no centres."))
    if len(data) > MAX_ROWS:
        problems.append(
            RowProblem(None, None, f"The file has {len(data)} rows; at most {MAX_ROWS} centres are accepted.")
        )
    if problems:
        raise ImportRefused(problems)

    records = []
    for number, row in enumerate(data, start=1):
        if len(row) > len(header) and not all(_blank(v) for v in row[len(header) :]):
            problems.append(RowProblem(number, None, f"This row has {len(row)} cells; the header has {len(header)}."))
            continue
        cells = list(row) + [None] * (len(header) - len(row))
        records.append(
            {column: (v.strip() if isinstance(v, str) else v) for column, v in zip(header, cells, strict=True)}
        )
    if problems:
        raise ImportRefused(problems)
    return records
