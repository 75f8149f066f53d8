"""Files and bodies as Vårdpeng writes them: JSON (the REST API's answers and the CLI's documents,
one writer, so the two are the same bytes), and CSV and Excel for people who open them in a
spreadsheet.

Text cells that a spreadsheet would read as a formula (starting with =, +, -, @, tab or carriage
return) are prefixed with an apostrophe; numbers stay numbers, also negative ones written as text.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

import orjson

from simulation.core.numbers import NotANumber, parse_number

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
#: Times in UTC end in Z (§9); keys that are numbers (a year) are written as text.
JSON_OPTIONS = orjson.OPT_UTC_Z | orjson.OPT_NON_STR_KEYS


def json_bytes(value: Any, default: Callable[[Any], Any] | None = None) -> bytes:
    """``value`` as compact UTF-8 JSON: every answer of the REST API (its renderer) and every
    projection the CLI writes. orjson writes a national projection (tens of thousands of floats)
    about ten times as fast as the standard library. ``default`` turns what JSON does not know
    (the API's lazy translations and decimals) into what it does."""
    return orjson.dumps(value, default=default, option=JSON_OPTIONS)


def safe_cell(value: Any) -> Any:
    if isinstance(value, str) and value.startswith(FORMULA_STARTS) and not _is_number(value):
        return "'" + value
    return value


def _is_number(text: str) -> bool:
    """A number written as text (``-250 000``) is data, not a formula."""
    try:
        parse_number(text)
    except NotANumber:
        return False
    return True


def csv_text(columns: Sequence[str], rows: Iterable[Mapping[str, Any]], delimiter: str = ",") -> str:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\n")
    writer.writerow([safe_cell(c) for c in columns])
    for row in rows:
        writer.writerow([safe_cell(row.get(c)) for c in columns])
    return out.getvalue()


def xlsx_bytes(sheets: Mapping[str, tuple[Sequence[str], Iterable[Mapping[str, Any]]]]) -> bytes:
    """One sheet per table: {sheet title: (columns, rows)}. openpyxl is imported here, when a
    spreadsheet is written, not with the projection that every CLI run imports."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    for title, (columns, rows) in sheets.items():
        sheet = workbook.create_sheet(title=title[:31])
        sheet.append([safe_cell(c) for c in columns])
        for row in rows:
            sheet.append([safe_cell(row.get(c)) for c in columns])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
