"""Reading an uploaded table (CSV or Excel) into rows of cells, within fixed bounds, and how a
refused upload says every problem: by data row (1 = first row after the header), column and cell as
a spreadsheet shows it. What the rows mean is the caller's: centre files (``reading``) and outturn
(``outturn``) each read their own header and cells. Nothing here touches the database.

Every bound is checked before the work it bounds: a workbook part's size before it is parsed, a
cell's length before anything looks at its characters, the number of rows while they are streamed.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from healthcentres.uploads.identifiers import character_name
from healthcentres.uploads.xlsx import (
    ERROR_VALUES,
    MAX_CELL_CHARS,
    CellProblem,
    XlsxRefused,
    blank,
    error_value_problem,
    read_first_sheet,
)
from simulation.core.errors import DomainError
from simulation.core.exports import FORMULA_STARTS

#: The template has 20 columns; a few spare columns are tolerated (and reported as unknown).
MAX_COLUMNS = 60
#: A refusal lists at most this many problems (and how many more there are), so it stays readable
#: and a hostile file cannot make the answer larger than the file.
MAX_PROBLEMS = 200
#: What a spreadsheet may take as a line break besides CR and LF.
_OTHER_LINE_BREAKS = ("\u2028", "\u2029", "\u0085", "\x0b", "\x0c")
_ERROR_SPELLINGS = {spelling.upper() for pair in ERROR_VALUES.items() for spelling in pair}


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


def read_rows(filename: str, data: bytes, max_rows: int, too_many: Callable[[], ImportRefused]) -> Rows:
    """The file's rows with any cell, as (spreadsheet row, cells): CSV (comma, semicolon or tab;
    UTF-8 with or without BOM, or UTF-16 with its BOM) or .xlsx (the first sheet). More than
    ``max_rows`` rows with data (or ten times as many rows at all) raise ``too_many()``."""
    if not data.strip():
        raise refuse(_("The file is empty."))
    kind = filename.lower().rsplit(".", 1)[-1] if "." in filename else ""
    if kind in ("csv", "txt"):
        return _csv_rows(data, max_rows, too_many)
    if kind == "xlsx":
        return _xlsx_rows(data, max_rows)
    raise refuse(_("Upload a .csv file (comma or semicolon separated, UTF-8) or an Excel .xlsx file."))


def plain_cell(value: Any) -> Any:
    """A cell as a reader takes it, or a CellProblem. Its length is checked first: nothing looks at
    the characters of a text too long to be any field's value."""
    if isinstance(value, CellProblem) or not isinstance(value, str):
        return value
    if len(value) > MAX_CELL_CHARS:
        return CellProblem(
            _("The cell holds %(count)s characters; at most %(most)s are read in a cell.")
            % {"count": f"{len(value):,}".replace(",", "\u00a0"), "most": MAX_CELL_CHARS}
        )
    value = value.strip()
    if value.upper() in _ERROR_SPELLINGS:
        return error_value_problem(value)
    if value.startswith("'") and value[1:2] and value[1] in FORMULA_STARTS:
        # Our own exports (simulation.core.exports.safe_cell) neutralise a text that a spreadsheet would
        # take for a formula with an apostrophe; uploaded again, it is the text it was.
        return value[1:]
    return value


Rows = list[tuple[int, list[Any]]]


def _csv_rows(data: bytes, max_rows: int, too_many: Callable[[], ImportRefused]) -> Rows:
    text = _decode(data)
    first_line = re.split(r"\r\n|\r|\n", text, maxsplit=1)[0]
    delimiter = max((";", ",", "\t"), key=first_line.count)
    if first_line.count(delimiter) >= MAX_COLUMNS:
        raise refuse(
            _("The header row has %(count)s columns; at most %(most)s are read.")
            % {"count": first_line.count(delimiter) + 1, "most": MAX_COLUMNS}
        )
    rows: Rows = []
    filled = 0
    number = 0
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        # Row by row, so that a hostile file is refused at its first oversized row, not after
        # every row has been split into cells.
        for number, row in enumerate(reader, start=1):
            if number > 10 * max_rows:
                raise refuse(
                    _("The file has more than %(most)s rows, most of them empty; delete the empty rows and save again.")
                    % {"most": 10 * max_rows}
                )
            if len(row) > MAX_COLUMNS:
                raise refuse(
                    _("This row has %(count)s cells; at most %(most)s are read.")
                    % {"count": len(row), "most": MAX_COLUMNS},
                    row=number - 1,
                )
            if all(blank(v) for v in row):
                continue  # blank rows are no data and do not count toward the row limit
            rows.append((number, row))
            filled += number > 1
            if filled > max_rows:
                raise too_many()
    except csv.Error as error:
        if "field larger than field limit" in str(error):
            message = _("A cell in row %(row)s holds more than %(most)s characters; at most %(most)s are read.") % {
                "row": number + 1,
                "most": MAX_CELL_CHARS,
            }
            raise refuse(message, row=number or None) from None
        raise refuse(_("The CSV file cannot be read: %(error)s.") % {"error": error}, row=number or None) from None
    return rows


def _decode(data: bytes) -> str:
    """The file as text: UTF-8 (with or without BOM), or UTF-16 with its BOM (Excel's "Unicode
    text"), with lines ending in CRLF, LF or CR. Anything else is refused, saying what it is."""
    save_as = _("Save it as 'CSV UTF-8 (comma delimited)' in Excel and upload again.")
    if data.startswith((b"\x00\x00\xfe\xff", b"\xff\xfe\x00\x00")):
        raise refuse(_("The file is UTF-32 text, which is not read.") + " " + save_as)
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError:
            raise refuse(_("The file starts like UTF-16 text but is not.") + " " + save_as) from None
    else:
        nul = data.find(b"\x00")
        if nul >= 0:
            raise refuse(_null_bytes(data, nul) + " " + save_as)
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            line = len(re.findall(rb"\r\n|\r|\n", data[: error.start]))  # 0 = the header row
            message = _(
                "Row %(row)s is not UTF-8 text (it looks like Windows-1252/Latin-1, which older Excel versions "
                "save as 'CSV'). In Excel choose 'CSV UTF-8 (comma delimited)' when saving, and upload again."
            ) % {"row": line + 1}
            raise refuse(message, row=line or None) from None
    text = text.lstrip("\ufeff")  # a second byte-order mark, left by joining files
    if "\x00" in text:
        line = len(re.findall(r"\r\n|\r|\n", text[: text.index("\x00")]))
        raise refuse(
            _("Row %(row)s holds a NUL character, which no text file holds.") % {"row": line + 1} + " " + save_as,
            row=line or None,
        )
    if "\r" not in text and "\n" not in text:
        other = next((c for c in _OTHER_LINE_BREAKS if c in text), None)
        if other is not None:
            raise refuse(
                _("The file's lines end in %(found)s, which is not a line break of a CSV file (CRLF, LF or CR).")
                % {"found": character_name(other)}
                + " "
                + save_as
            )
    return text


def _null_bytes(data: bytes, first: int) -> str:
    """What a file with NUL bytes and no byte-order mark most likely is."""
    head = data[:4096]
    if len(head) >= 8 and head[1::2].count(0) > len(head) // 4 and head[0::2].count(0) == 0:
        return _("The file looks like UTF-16 text without its byte-order mark, which is not read.")
    if len(head) >= 8 and head[0::2].count(0) > len(head) // 4 and head[1::2].count(0) == 0:
        return _("The file looks like UTF-16 text without its byte-order mark, which is not read.")
    if len(head) >= 8 and head.count(0) >= len(head) * 2 // 3:
        return _("The file looks like UTF-32 text, which is not read.")
    return _("The file holds NUL bytes (the first at byte %(offset)s), so it is not a text file.") % {"offset": first}


def _xlsx_rows(data: bytes, max_rows: int) -> Rows:
    try:
        sheet = read_first_sheet(data, max_rows=max_rows, max_columns=MAX_COLUMNS, max_sheet_rows=10 * max_rows)
    except XlsxRefused as refused:
        row = None if refused.sheet_row is None else refused.sheet_row - 1
        raise refuse(refused.message, row=row or None) from None
    rows: Rows = []
    for row in sheet:
        if all(blank(v) for v in row.cells.values()):
            continue  # blank rows are no data and do not count toward the row limit
        width = max(row.cells)
        rows.append((row.number, [row.cells.get(c) for c in range(1, width + 1)]))
    return rows
