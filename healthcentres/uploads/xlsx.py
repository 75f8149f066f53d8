"""The first worksheet of an uploaded Excel workbook (.xlsx), read within fixed bounds of time and
memory, with every value as the file stores it.

openpyxl finds the sheet (the package manifest and the workbook part), but its cell reader does not
fit a hostile upload: ``load_workbook`` parses the whole stylesheet (an 88 MB ``styles.xml`` took
1 GB), reads every shared string whatever their number, silently drops a row whose number repeats
or goes backwards, takes shared string −1 as the last one, and turns ``1e-400`` into 0. So the
sheet and its shared strings are streamed here with defusedxml, after every part's declared size
has been checked against a bound (zipfile never unpacks more than a part declares), and reading
stops at the row limit. Nothing here knows the upload's columns: a cell that cannot be taken as it
is comes back as a ``CellProblem`` for the caller to report by column, and a problem of the whole
file raises ``XlsxRefused``.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass
from typing import Any

from defusedxml.ElementTree import iterparse
from django.utils.translation import gettext as _
from openpyxl.reader.excel import ExcelReader
from openpyxl.utils import column_index_from_string, get_column_letter
from openpyxl.xml.constants import SHARED_STRINGS

from common.query import whole_number
from healthcentres.uploads.xlsx_cells import (
    ERROR_VALUES,
    MAX_CELL_CHARS,
    CellProblem,
    blank,
    cell_value,
    error_value_problem,
    error_value_words,
    item_text,
    local_name,
)
from simulation.core import numbers

#: What the upload's readers take from here, the cells' reading included.
__all__ = [
    "ERROR_VALUES",
    "MAX_CELL_CHARS",
    "CellProblem",
    "SheetRow",
    "XlsxRefused",
    "blank",
    "error_value_problem",
    "error_value_words",
    "read_first_sheet",
]

MB = 1024 * 1024
MAX_ENTRIES = 500
MAX_UNPACKED_BYTES = 100 * MB
MAX_RATIO = 200
#: The sheet itself: 5 000 rows of the template's 20 columns take about 5 MB as Excel writes them.
MAX_SHEET_BYTES = 32 * MB
#: Every text of the workbook, once each (Excel's shared strings): 5 000 centres need about 1 MB.
MAX_SHARED_STRINGS_BYTES = 16 * MB
MAX_SHARED_STRINGS = 100_000
#: Any other XML part (styles, theme, workbook, relationships…). Only the manifest, the workbook
#: and its relationships are read besides the sheet and the strings, but a part this large is no
#: centre file either, and refusing it says so before anything is parsed.
MAX_OTHER_XML_BYTES = 8 * MB
#: Excel's own limits.
EXCEL_ROWS = 1_048_576
EXCEL_COLUMNS = 16_384
_CELL = re.compile(r"^([A-Z]{1,3})([0-9]{1,7})$")
_DIMENSION = re.compile(r"^\$?([A-Z]{1,3})\$?([0-9]{1,7})(?::\$?([A-Z]{1,3})\$?([0-9]{1,7}))?$")


class XlsxRefused(Exception):
    """The workbook as a whole cannot be read; ``sheet_row`` when one row of the sheet is to blame."""

    def __init__(self, message: str, sheet_row: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.sheet_row = sheet_row


@dataclass(frozen=True)
class SheetRow:
    number: int  # as Excel shows it: 1 is the first row
    cells: dict[int, Any]  # column number (1 = A) → value, only the cells the file holds


def read_first_sheet(data: bytes, *, max_rows: int, max_columns: int, max_sheet_rows: int) -> list[SheetRow]:
    """The rows of the workbook's first worksheet that hold any cell, in order.

    Refused (``XlsxRefused``) before anything is parsed when a part is larger than its bound, and
    while streaming as soon as the sheet holds more than ``max_rows`` rows with a value after the
    first, more than ``max_sheet_rows`` rows at all, or a value beyond column ``max_columns``."""
    try:
        reader = ExcelReader(io.BytesIO(data), read_only=True, data_only=True, keep_links=False)
    except (zipfile.BadZipFile, ValueError, OSError):
        raise XlsxRefused(_("This is not a real .xlsx file (an Excel workbook is a zip archive).")) from None
    archive = reader.archive
    _check_archive(archive)
    sheet_path, strings_path = _parts(reader)
    strings = _shared_strings(archive, strings_path) if strings_path else []
    with archive.open(sheet_path) as source:
        return _rows(source, strings, max_rows, max_columns, max_sheet_rows)


def _check_archive(archive: zipfile.ZipFile) -> None:
    entries = archive.infolist()
    if len(entries) > MAX_ENTRIES:
        raise XlsxRefused(
            _("The workbook holds %(count)s parts; at most %(most)s are accepted.")
            % {"count": len(entries), "most": MAX_ENTRIES}
        )
    unpacked = sum(e.file_size for e in entries)
    packed = sum(e.compress_size for e in entries) or 1
    if unpacked > MAX_UNPACKED_BYTES or unpacked / packed > MAX_RATIO:
        raise XlsxRefused(_("The workbook unpacks to far more than its size; it is refused as a possible zip bomb."))
    names = {e.filename for e in entries}
    if "[Content_Types].xml" not in names or not any(n.startswith("xl/") for n in names):
        raise XlsxRefused(_("This zip archive is not an Excel workbook."))


def _parts(reader: ExcelReader) -> tuple[str, str | None]:
    """The first worksheet's part and the shared strings' part, after every part's size is checked."""
    archive = reader.archive
    try:
        _check_size(archive, "[Content_Types].xml", MAX_OTHER_XML_BYTES)
        reader.read_manifest()
        strings = reader.package.find(SHARED_STRINGS)
        strings_path = strings.PartName[1:] if strings is not None else None
        for info in archive.infolist():
            name = info.filename
            if name == strings_path:
                _check_size(archive, name, MAX_SHARED_STRINGS_BYTES)
            elif name.startswith("xl/worksheets/"):
                _check_size(archive, name, MAX_SHEET_BYTES)
            elif name.endswith((".xml", ".rels", ".vml")):
                _check_size(archive, name, MAX_OTHER_XML_BYTES)
        reader.read_workbook()
        sheets = [rel.target for _sheet, rel in reader.parser.find_sheets() if "chartsheet" not in rel.Type]
    except XlsxRefused:
        raise
    except Exception as error:  # openpyxl raises many kinds for a broken package
        raise XlsxRefused(_("The workbook cannot be read (%(reason)s).") % {"reason": type(error).__name__}) from None
    if not sheets or sheets[0] not in {e.filename for e in archive.infolist()}:
        raise XlsxRefused(_("The workbook has no worksheet."))
    if strings_path is not None and strings_path not in archive.namelist():
        strings_path = None
    return sheets[0], strings_path


def _check_size(archive: zipfile.ZipFile, name: str, most: int) -> None:
    size = archive.getinfo(name).file_size
    if size <= most:
        return
    named = {"mb": _megabytes(size), "most": most // MB}
    if name == "xl/styles.xml":
        message = _(
            "The workbook's formatting (styles.xml) takes %(mb)s MB; at most %(most)s MB are accepted. Copy the "
            "centres into a new workbook (paste values) and upload that."
        )
    elif most == MAX_SHARED_STRINGS_BYTES:
        message = _(
            "The workbook's texts (shared strings) take %(mb)s MB; at most %(most)s MB are accepted. Upload a "
            "workbook that holds only the centre sheet."
        )
    else:
        message = _("The workbook part %(part)s takes %(mb)s MB; at most %(most)s MB are accepted.")
        named["part"] = name
    raise XlsxRefused(message % named)


def _megabytes(size: int) -> str:
    return numbers.number(size / MB, 1)


def _shared_strings(archive: zipfile.ZipFile, path: str) -> list[str]:
    strings: list[str] = []
    root = None
    with archive.open(path) as source:
        for event, element in iterparse(source, events=("start", "end"), forbid_dtd=True):
            name = local_name(element.tag)
            if event == "start":
                if root is None:
                    root = element
                    declared = element.get("uniqueCount") or ""
                    if (whole_number(declared) or 0) > MAX_SHARED_STRINGS:
                        raise _too_many_strings()
                continue
            if name == "si":
                strings.append(item_text(element))
                if len(strings) > MAX_SHARED_STRINGS:
                    raise _too_many_strings()
                root.clear()  # the strings read so far need not stay in the tree
    return strings


def _too_many_strings() -> XlsxRefused:
    return XlsxRefused(
        _(
            "The workbook holds more than %(most)s different texts; at most %(most)s are read. Upload a workbook "
            "that holds only the centre sheet."
        )
        % {"most": f"{MAX_SHARED_STRINGS:,}".replace(",", "\u00a0")}
    )


def _rows(source, strings: list[str], max_rows: int, max_columns: int, max_sheet_rows: int) -> list[SheetRow]:
    rows: list[SheetRow] = []
    filled = 0  # rows after the first with at least one value
    physical = 0
    previous = 0
    # End events only: a row is complete when it ends; read, it is cleared (the empty element left
    # in the tree is a few dozen bytes, and there are at most max_sheet_rows of them).
    for _event, element in iterparse(source, events=("end",), forbid_dtd=True):
        name = local_name(element.tag)
        if name == "dimension":
            _check_dimension(element.get("ref") or "", max_columns, max_sheet_rows)
        elif name == "row":
            physical += 1
            if physical > max_sheet_rows:
                raise XlsxRefused(
                    _(
                        "The sheet has more than %(most)s rows, most of them empty; delete the empty rows after "
                        "your data and save again."
                    )
                    % {"most": max_sheet_rows}
                )
            number = _row_number(element.get("r"), previous)
            previous = number
            cells = _cells(element, number, strings, max_columns)
            element.clear()
            if cells:
                rows.append(SheetRow(number, cells))
                if number > 1 and any(not blank(v) for v in cells.values()):
                    filled += 1
                    if filled > max_rows:
                        raise XlsxRefused(
                            _("The sheet has more than %(most)s rows of centres; at most %(most)s are accepted.")
                            % {"most": max_rows}
                        )
    return rows


def _check_dimension(ref: str, max_columns: int, max_sheet_rows: int) -> None:
    """The sheet's declared used range: a sheet padded out to a far cell such as XFD1048576 is
    refused from its declaration, before any cell is read."""
    match = _DIMENSION.match(ref.upper())
    if not match:
        return
    column, row = (match.group(3), match.group(4)) if match.group(3) else (match.group(1), match.group(2))
    rows, columns = int(row), column_index_from_string(column)
    if rows > max_sheet_rows or columns > max_columns:
        raise XlsxRefused(
            _(
                "The sheet's used range reaches row %(rows)s and column %(column)s; at most %(most_rows)s "
                "rows and %(most_columns)s columns are read. Delete the empty rows and columns after your "
                "data (Excel keeps them when they were ever formatted) and save again."
            )
            % {
                "rows": rows,
                "column": column,
                "most_rows": max_sheet_rows,
                "most_columns": max_columns,
            }
        )


def _row_number(declared: str | None, previous: int) -> int:
    """The row's number: declared rows must go forward, or a row would silently replace another."""
    if declared is None:
        return previous + 1
    number = whole_number(declared)
    if number is None or not 1 <= number <= EXCEL_ROWS:
        raise XlsxRefused(
            _(
                "The sheet's file numbers a row %(number)s, which no row can be. Open the file in Excel and save "
                "it again."
            )
            % {"number": declared[:20]}
        )
    if number <= previous:
        raise XlsxRefused(
            _(
                "The sheet's file holds row %(row)s twice (or out of order), so one of them would be lost. Open the "
                "file in Excel and save it again."
            )
            % {"row": number},
            sheet_row=number,
        )
    return number


def _cells(row, number: int, strings: list[str], max_columns: int) -> dict[int, Any]:
    cells: dict[int, Any] = {}
    column = 0
    for cell in row:
        if local_name(cell.tag) != "c":
            continue
        reference = cell.get("r")
        if reference is None:
            column += 1
        else:
            match = _CELL.match(reference)
            if not match or int(match.group(2)) != number:
                raise XlsxRefused(
                    _(
                        "The sheet's file places a cell %(cell)s in row %(row)s. Open the file in Excel and save it "
                        "again."
                    )
                    % {"cell": reference[:20], "row": number},
                    sheet_row=number,
                )
            at = column_index_from_string(match.group(1))
            if at <= column:
                raise XlsxRefused(
                    _(
                        "The sheet's file holds cell %(cell)s twice (or out of order), so one value would be lost. "
                        "Open the file in Excel and save it again."
                    )
                    % {"cell": reference},
                    sheet_row=number,
                )
            column = at
        if column > EXCEL_COLUMNS:
            raise XlsxRefused(_("The sheet's file holds a cell beyond Excel's last column."), sheet_row=number)
        value = cell_value(cell, strings)
        if value is None:
            continue
        if column > max_columns:
            if blank(value):
                continue
            raise XlsxRefused(
                _("Cell %(cell)s holds a value; at most %(most)s columns (up to %(last)s) are read.")
                % {
                    "cell": f"{get_column_letter(column)}{number}",
                    "most": max_columns,
                    "last": get_column_letter(max_columns),
                },
                sheet_row=number,
            )
        cells[column] = value
    return cells
