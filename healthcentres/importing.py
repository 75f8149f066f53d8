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

import pandas as pd

from simulation.scenario import CENTRE_FIELDS, CENTRE_REQUIRED, Problem

MAX_ROWS = 5000
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


class ImportRefused(Exception):
    def __init__(self, problems: list[RowProblem]) -> None:
        super().__init__("; ".join(p.message for p in problems))
        self.problems = problems


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
    if b"\x00" in data:
        raise refuse("This is not a text file; a .csv must be plain text.")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise refuse(
            f"The file is not UTF-8 text (byte {error.start + 1}); in Excel choose 'CSV UTF-8' when saving."
        ) from None
    header_line = text.splitlines()[0] if text.splitlines() else ""
    delimiter = max((";", ",", "\t"), key=header_line.count)
    try:
        return list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as error:
        raise refuse(f"The CSV file cannot be read: {error}.") from None


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
        # openpyxl parses the XML with defusedxml when it is installed (it is a dependency).
        frame = pd.read_excel(io.BytesIO(data), sheet_name=0, header=None, dtype=object, engine="openpyxl")
    except Exception as error:  # openpyxl raises many kinds for a broken workbook
        raise refuse(f"The workbook cannot be read ({type(error).__name__}).") from None
    return [[None if pd.isna(v) else v for v in row] for row in frame.itertuples(index=False)]


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
