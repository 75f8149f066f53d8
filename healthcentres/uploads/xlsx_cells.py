"""One cell of an .xlsx sheet as the file stores it: text (shared, inline or a formula's), a
number, true/false, or a ``CellProblem`` when the stored value cannot be taken as data (an error
value, a formula without its value, a reference to a text that does not exist, a number that
cannot be computed with). Nothing here knows the upload's columns."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from common.query import whole_number

#: A number cell's text is at most this long (Excel writes at most 17 significant digits).
MAX_NUMBER_TEXT = 40
#: The longest cell an upload reads: far above any field's longest value (a name: 200), so that
#: the validator still says which field is too long, while a hostile text is refused from its
#: length before anything looks at its characters.
MAX_CELL_CHARS = 1000

_WHOLE = re.compile(r"^-?[0-9]{1,30}$")
_MANTISSA_DIGIT = re.compile(r"[1-9]")

#: Excel's error values as an .xlsx stores them (always in English), with the Swedish spelling that
#: Swedish Excel shows and writes into a CSV file.
ERROR_VALUES = {
    "#NULL!": "#SKÄRNING!",
    "#DIV/0!": "#DIVISION/0!",
    "#VALUE!": "#VÄRDEFEL!",
    "#REF!": "#REFERENS!",
    "#NAME?": "#NAMN?",
    "#NUM!": "#OGILTIGT!",
    "#N/A": "#SAKNAS!",
    "#GETTING_DATA": "#HÄMTAR_DATA",
    "#SPILL!": "#SPILL!",
    "#CALC!": "#BERÄKNING!",
    "#FIELD!": "#FÄLT!",
    "#BLOCKED!": "#BLOCKERAD!",
    "#CONNECT!": "#ANSLUTNING!",
    "#BUSY!": "#UPPTAGEN!",
    "#UNKNOWN!": "#OKÄND!",
    "#PYTHON!": "#PYTHON!",
    "#TIMEOUT!": "#TIDSGRÄNS!",
}


@dataclass(frozen=True)
class CellProblem:
    """A cell whose stored value cannot be taken as data (an error value, a formula without its
    value, a reference to a text that does not exist…)."""

    message: str


def error_value_words(value: str) -> str:
    """Excel's error value as people see it: the Swedish spelling beside the stored one."""
    swedish = ERROR_VALUES.get(value.upper())
    return value if swedish is None or swedish == value else f"{value} ({swedish})"


def error_value_problem(value: str) -> CellProblem:
    return CellProblem(
        _(
            "The cell holds Excel's error value %(value)s: a formula that could not be computed. Correct the "
            "formula, or write the value itself."
        )
        % {"value": error_value_words(value)}
    )


@functools.lru_cache(maxsize=256)
def local_name(tag: str) -> str:
    """An element's name without its namespace (strict and transitional OOXML differ there)."""
    return tag.rsplit("}", 1)[-1]


def item_text(element) -> str:
    """The text of a string item (``si`` or ``is``): its runs, without phonetic hints (``rPh``)."""
    parts = []
    for child in element:
        name = local_name(child.tag)
        if name == "t":
            parts.append(child.text or "")
        elif name == "r":
            parts.extend(run.text or "" for run in child if local_name(run.tag) == "t")
    return "".join(parts)


def cell_value(cell, strings: list[str]) -> Any:
    """A cell's value as stored: text, a number, true/false, None when empty, or a CellProblem."""
    kind = cell.get("t", "n")
    stored = formula = inline = None
    for child in cell:
        name = local_name(child.tag)
        if name == "v":
            stored = child.text or ""
        elif name == "f":
            formula = child
        elif name == "is":
            inline = child
    if kind == "inlineStr":
        return item_text(inline) if inline is not None else None
    if stored is None:
        if formula is not None:
            return CellProblem(
                _(
                    "The cell holds a formula whose value the file does not hold. Open the file in Excel and save it "
                    "again, or paste the values."
                )
            )
        return None
    if kind == "s":
        return _shared(stored, strings)
    if kind in ("str", "d"):
        return stored
    if kind == "e":
        return error_value_problem(stored)
    if kind == "b":
        return stored.strip() in ("1", "true")
    return _number(stored)


def _shared(stored: str, strings: list[str]) -> str | CellProblem:
    index = stored.strip()
    number = whole_number(index)  # not str.isdigit: "²" is a digit to it, and int() refuses it
    if number is not None and number < len(strings):
        return strings[number]
    return CellProblem(
        _(
            "The cell refers to text number %(index)s of the workbook, which does not exist (it holds %(count)s). "
            "Open the file in Excel and save it again."
        )
        % {"index": index[:20], "count": len(strings)}
    )


def _number(stored: str) -> float | int | CellProblem:
    text = stored.strip()
    if _WHOLE.match(text):
        return int(text)
    try:
        number = float(text) if len(text) <= MAX_NUMBER_TEXT else None
    except ValueError:
        number = None
    if number is None:
        return CellProblem(_("The cell's number %(value)s cannot be read.") % {"value": text[:MAX_NUMBER_TEXT]})
    if number == 0 and _MANTISSA_DIGIT.search(text.lower().split("e")[0]):
        return CellProblem(
            _("The number %(value)s is too small to compute with (it would be taken as 0); write 0.") % {"value": text}
        )
    return number


def blank(value: Any) -> bool:
    """No data: empty, or only spaces (a text too long to read is data, whatever it holds)."""
    if value is None:
        return True
    return isinstance(value, str) and len(value) <= MAX_CELL_CHARS and not value.strip()
