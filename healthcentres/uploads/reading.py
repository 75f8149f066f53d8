"""Reading an uploaded centre file (spec §9 "Upload columns"): CSV or Excel, one row per centre.

Only reading: rows come back as ``{column: value}`` records for the scenario validator, or the file
is refused with every problem located by data row (1 = first row after the header), column and
cell as a spreadsheet shows it. Nothing here touches the database.

Every bound is checked before the work it bounds: a file's size before it is read (at the edge), a
workbook part's size before it is parsed, a cell's length before anything looks at its characters,
the number of rows while they are streamed.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from difflib import get_close_matches
from typing import Any

from django.utils.translation import gettext as _
from openpyxl.utils import get_column_letter

from healthcentres.uploads.identifiers import character_name, id_key, invisible_character
from healthcentres.uploads.words import upload_words
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
from simulation.core.numbers import NotANumber, parse_number
from simulation.core.scenario import CENTRE_FIELDS, CENTRE_REQUIRED, Problem
from simulation.core.scenario.fields import CENTRE_RECORD

MAX_ROWS = 5000
#: The template has 20 columns; a few spare columns are tolerated (and reported as unknown).
MAX_COLUMNS = 60
#: Rows of a file at all, empty ones included: blank rows do not count toward MAX_ROWS, but a file
#: of nothing but blank rows must still end.
MAX_SHEET_ROWS = 10 * MAX_ROWS
#: A refusal lists at most this many problems (and how many more there are), so it stays readable
#: and a hostile file cannot make the answer larger than the file.
MAX_PROBLEMS = 200
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
    if not data.strip():
        raise refuse(_("The file is empty."))
    kind = filename.lower().rsplit(".", 1)[-1] if "." in filename else ""
    if kind in ("csv", "txt"):
        rows = _csv_rows(data)
    elif kind == "xlsx":
        rows = _xlsx_rows(data)
    else:
        raise refuse(_("Upload a .csv file (comma or semicolon separated, UTF-8) or an Excel .xlsx file."))
    return _table(rows)


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


# Reading: a file becomes (spreadsheet row, cells) pairs, the rows with any cell only.

Rows = list[tuple[int, list[Any]]]


def _csv_rows(data: bytes) -> Rows:
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
            if number > MAX_SHEET_ROWS:
                raise refuse(
                    _("The file has more than %(most)s rows, most of them empty; delete the empty rows and save again.")
                    % {"most": MAX_SHEET_ROWS}
                )
            if len(row) > MAX_COLUMNS:
                raise refuse(
                    _("This row has %(count)s cells; at most %(most)s are read.")
                    % {"count": len(row), "most": MAX_COLUMNS},
                    row=number - 1,
                )
            if all(blank(v) for v in row):
                continue  # blank rows are no centres and do not count toward MAX_ROWS
            rows.append((number, row))
            filled += number > 1
            if filled > MAX_ROWS:
                raise _too_many_rows()
    except csv.Error as error:
        if "field larger than field limit" in str(error):
            message = _("A cell in row %(row)s holds more than %(most)s characters; at most %(most)s are read.") % {
                "row": number + 1,
                "most": MAX_CELL_CHARS,
            }
            raise refuse(message, row=number or None) from None
        raise refuse(_("The CSV file cannot be read: %(error)s.") % {"error": error}, row=number or None) from None
    return rows


def _too_many_rows() -> ImportRefused:
    return refuse(
        _("The file has more than %(most)s rows of centres; at most %(most)s centres are accepted.")
        % {"most": MAX_ROWS}
    )


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


def _xlsx_rows(data: bytes) -> Rows:
    try:
        sheet = read_first_sheet(data, max_rows=MAX_ROWS, max_columns=MAX_COLUMNS, max_sheet_rows=MAX_SHEET_ROWS)
    except XlsxRefused as refused:
        row = None if refused.sheet_row is None else refused.sheet_row - 1
        raise refuse(refused.message, row=row or None) from None
    rows: Rows = []
    for row in sheet:
        if all(blank(v) for v in row.cells.values()):
            continue  # blank rows are no centres and do not count toward MAX_ROWS
        width = max(row.cells)
        rows.append((row.number, [row.cells.get(c) for c in range(1, width + 1)]))
    return rows


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
    if column in SHARE_COLUMNS:
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
