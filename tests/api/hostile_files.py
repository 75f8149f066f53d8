"""Workbooks written part by part, as a hostile (or careless) program could: what openpyxl would
never write — rows that repeat their number, a shared string of 90 MB, a stylesheet of 88 MB,
error values, references to texts that do not exist. Used by the tests and by bench/uploads.py."""

from __future__ import annotations

import io
import os
import zipfile
from xml.sax.saxutils import escape

from openpyxl.utils import get_column_letter

from tests.api.upload_files import GOOD_ROWS, HEADER

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml."
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PARTS = {  # part: (content type, relationship type)
    "worksheets/sheet1.xml": ("worksheet+xml", "worksheet"),
    "sharedStrings.xml": ("sharedStrings+xml", "sharedStrings"),
    "styles.xml": ("styles+xml", "styles"),
}
CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Default Extension="bin" ContentType="application/octet-stream"/>'
    f'<Override PartName="/xl/workbook.xml" ContentType="{_TYPE}sheet.main+xml"/>'
    + "".join(f'<Override PartName="/xl/{part}" ContentType="{_TYPE}{kind}"/>' for part, (kind, _) in _PARTS.items())
    + "</Types>"
)
WORKBOOK = (
    f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{MAIN}" xmlns:r="{_REL}">'
    '<sheets><sheet name="centres" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    + "".join(
        f'<Relationship Id="rId{i}" Type="{_REL}/{rel}" Target="{part}"/>'
        for i, (part, (_, rel)) in enumerate(_PARTS.items(), start=1)
    )
    + "</Relationships>"
)
STYLES = f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><styleSheet xmlns="{MAIN}"/>'


def workbook(sheet_rows: str, strings: list[str] | None = None, *, styles: str = STYLES, padding: int = 0) -> bytes:
    """An .xlsx of one sheet whose ``<sheetData>`` holds ``sheet_rows`` (XML as written), with these
    shared strings, this stylesheet and ``padding`` random bytes in a part nobody reads (to keep
    a workbook of one huge repeated text under the zip bomb's ratio, as a crafted file would)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("xl/workbook.xml", WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
        archive.writestr("xl/styles.xml", styles)
        sheet = f'<worksheet xmlns="{MAIN}"><sheetData>{sheet_rows}</sheetData></worksheet>'
        archive.writestr("xl/worksheets/sheet1.xml", '<?xml version="1.0" encoding="UTF-8"?>' + sheet)
        if strings is not None:
            items = "".join(f"<si><t>{escape(s)}</t></si>" for s in strings)
            archive.writestr(
                "xl/sharedStrings.xml", f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{MAIN}">{items}</sst>'
            )
        if padding:
            archive.writestr("xl/media/padding.bin", os.urandom(padding), compress_type=zipfile.ZIP_STORED)
    return out.getvalue()


def cell(reference: str, value: object, kind: str | None = None) -> str:
    """One ``<c>``: text inline, numbers as numbers, or ``kind`` (s, e, b, str…) with ``value`` as ``<v>``."""
    if kind is not None:
        return f'<c r="{reference}" t="{kind}"><v>{escape(str(value))}</v></c>'
    if isinstance(value, int | float):
        return f'<c r="{reference}"><v>{value}</v></c>'
    return f'<c r="{reference}" t="inlineStr"><is><t>{escape(str(value))}</t></is></c>'


def row(number: int | str, cells: list[str], r: str | None = None) -> str:
    declared = f' r="{number if r is None else r}"' if r != "" else ""
    return f"<row{declared}>{''.join(cells)}</row>"


def text_row(number: int, values: list[object]) -> str:
    """A row of values in columns A, B, … (numbers as numbers, the rest as text)."""
    return row(number, [cell(f"{get_column_letter(i)}{number}", v) for i, v in enumerate(values, start=1) if v != ""])


def good_rows(*, replace: dict[tuple[int, str], str] | None = None) -> str:
    """The upload corpus's good centres as sheet rows; ``replace`` puts raw ``<c>`` XML at (sheet row,
    column name)."""

    columns = HEADER.split(";")
    rows = [text_row(1, columns)]
    for number, line in enumerate(GOOD_ROWS, start=2):
        cells = []
        for position, (column, value) in enumerate(zip(columns, line.split(";"), strict=True), start=1):
            reference = f"{get_column_letter(position)}{number}"
            raw = (replace or {}).get((number, column))
            cells.append(raw.replace("{ref}", reference) if raw is not None else cell(reference, value))
        rows.append(row(number, cells))
    return "".join(rows)


def huge_shared_string(megabytes: int, cells: int = 3999, padding: int | None = None) -> bytes:
    """The audit's file: one shared string of ``megabytes`` MB used as the name of ``cells`` centres."""

    header = text_row(1, HEADER.split(";"))
    rows = [
        row(n, [cell(f"A{n}", f"H{n}"), cell(f"B{n}", 0, "s"), cell(f"D{n}", "privat"), cell(f"G{n}", 100)])
        for n in range(2, cells + 2)
    ]
    text = "vårdcentral " * (megabytes * 1024 * 1024 // 13)
    if padding is None:
        padding = megabytes * 1024 * 1024 // 190  # just under the zip bomb's ratio of 200
    return workbook(header + "".join(rows), [text], padding=padding)


def huge_stylesheet(megabytes: int) -> bytes:
    fonts = "".join('<font><sz val="11"/><name val="Calibri"/></font>' for _ in range(megabytes * 1024 * 1024 // 48))
    styles = f'<?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="{MAIN}"><fonts>{fonts}</fonts></styleSheet>'
    return workbook(good_rows(), [], styles=styles, padding=megabytes * 1024 * 1024 // 190)


def many_shared_strings(count: int) -> bytes:
    return workbook(good_rows(), [f"s{i}" for i in range(count)])


def many_rows(count: int) -> bytes:
    """A header and ``count`` rows of one number each, as lean as XML allows (no row or cell
    references, no declared used range): 420 000 of them stay well within every size bound."""

    rows = text_row(1, HEADER.split(";")) + "<row><c><v>1</v></c></row>" * count
    return workbook(rows, [], padding=len(rows) // 190)
