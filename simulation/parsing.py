"""Reading numbers, yes/no and operating forms as people write them in Swedish files (§8, §2.1).

Shared by the scenario document and the centre-file import: ``0,87``, ``1 485 000``, ``ja``,
``privat`` all mean what a Swedish analyst means by them.
"""

from __future__ import annotations

import math
import re
import sys

# Thousands separators seen in Swedish files: space, no-break space, narrow no-break space.
_THOUSANDS = re.compile(r"[ \u00a0\u202f]")
#: ASCII digits only (Python's \d would also take Arabic-Indic digits, which no Swedish file holds).
_NONZERO_MANTISSA = re.compile(r"[1-9]")
_NUMBER = re.compile(r"^[+-]?([0-9]+([.,][0-9]*)?|[.,][0-9]+)([eE][+-]?[0-9]+)?$")

_TRUE = {"true", "ja", "j", "yes", "y", "1", "sant", "x"}
_FALSE = {"false", "nej", "n", "no", "0", "falskt", ""}

FORM_LABELS = {
    "egen_regi": "egen_regi",
    "egen regi": "egen_regi",
    "egenregi": "egen_regi",
    "intraprenad": "intraprenad",
    "private": "private",
    "privat": "private",
}


class NotANumber(ValueError):
    pass


def parse_number(value: object) -> float:
    """A finite float from a JSON number or from text with decimal point or comma (``0,87``) and
    spaces as thousands separators (``1 485 000``). Raises NotANumber otherwise."""
    if isinstance(value, bool):
        raise NotANumber("must be a number, not true/false")
    if isinstance(value, int | float):
        number = float(value)
    elif isinstance(value, str):
        text = _THOUSANDS.sub("", value.strip()).replace("\u2212", "-")
        if not _NUMBER.match(text):
            raise NotANumber(f"must be a number (got {value!r})")
        number = float(text.replace(",", "."))
        if number == 0 and _NONZERO_MANTISSA.search(text.lower().split("e")[0]):
            # 1e-400 is no zero: below the smallest double it would silently become one.
            raise NotANumber(f"is too close to zero to compute with (got {value!r}); write 0")
    else:
        raise NotANumber("must be a number")
    if not math.isfinite(number):
        raise NotANumber("must be a finite number")
    if number != 0 and abs(number) < sys.float_info.min:
        # A subnormal (such as 5e-324) loses its precision and turns divisions into infinities.
        raise NotANumber(f"is too close to zero to compute with (got {value!r}); write 0")
    return number


def parse_bool(value: object) -> bool:
    """true/false, or ja/nej, yes/no, 1/0 as text."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float) and value in (0, 1):
        return bool(value)
    if isinstance(value, str):
        text = value.strip().lower()
        if text in _TRUE:
            return True
        if text in _FALSE:
            return False
    raise ValueError(f"must be true or false (ja/nej) (got {value!r})")


def parse_form(value: object) -> str:
    """An operating form, accepting the Swedish labels ``egen regi`` and ``privat``."""
    if isinstance(value, str):
        form = FORM_LABELS.get(" ".join(value.strip().lower().split()))
        if form:
            return form
    raise ValueError(f"must be one of egen_regi, intraprenad, private (got {value!r})")
