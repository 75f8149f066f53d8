"""The validator's words in the upload template's words: a problem in an uploaded file is said as
a person filling in the template reads it — "egen regi", "privat", "ja/nej", the field's Swedish
name — in the page's language. The validator itself (the scenario document's, shared with the API)
keeps the spec's wording; only what an upload shows is said again here."""

from __future__ import annotations

import re
from collections.abc import Callable

from django.utils.translation import gettext as _

from simulation.core import numbers

_BOUND = r"(-?[0-9.e+]+)"


def _number(text: str) -> str:
    value = float(text)
    return numbers.number(value, 0 if value.is_integer() else 2)


PATTERNS: list[tuple[re.Pattern, Callable[[re.Match], str]]] = [
    (
        re.compile(r"^must be one of egen_regi, intraprenad, private \(got (.*)\)$"),
        lambda m: _("Write egen regi, intraprenad or privat (the file says %(got)s).") % {"got": m.group(1)},
    ),
    (
        re.compile(r"^must be true or false \(ja/nej\) \(got (.*)\)$"),
        lambda m: _("Write ja or nej (the file says %(got)s).") % {"got": m.group(1)},
    ),
    (
        re.compile(r"^must be a number \(got (.*)\)$"),
        lambda m: _("Write a number, such as 12 000 or 0,87 (the file says %(got)s).") % {"got": m.group(1)},
    ),
    (re.compile(r"^must be a number.*$"), lambda m: _("Write a number, such as 12 000 or 0,87.")),
    (re.compile(r"^must be a finite number$"), lambda m: _("Write an ordinary number.")),
    (
        re.compile(r"^is too close to zero to compute with.*$"),
        lambda m: _("The number is too small to compute with; write 0."),
    ),
    (re.compile(r"^must be within 0–1$"), lambda m: _("Write a share between 0 and 1, such as 0,78 (78 %).")),
    (re.compile(rf"^must be ≥ {_BOUND}$"), lambda m: _("Must be at least %(low)s.") % {"low": _number(m.group(1))}),
    (re.compile(rf"^must be > {_BOUND}$"), lambda m: _("Must be more than %(low)s.") % {"low": _number(m.group(1))}),
    (re.compile(rf"^must be ≤ {_BOUND}$"), lambda m: _("Must be at most %(high)s.") % {"high": _number(m.group(1))}),
    (re.compile(r"^required$"), lambda m: _("Required: fill it in.")),
    (
        re.compile(r"^must be at most ([0-9]+) characters \(has ([0-9]+)\)$"),
        lambda m: _("At most %(most)s characters (it has %(has)s).") % {"most": m.group(1), "has": m.group(2)},
    ),
    (re.compile(r"^must not contain control characters.*$"), lambda m: _("Remove the invisible control characters.")),
]
_DUPLICATE_ID = re.compile(r"^duplicate id (.*) \(also centres\[([0-9]+)\]\)$")


def upload_words(message: str, sheet_row: Callable[[int], int] = lambda index: index + 2) -> str:
    """A validator message as the upload page says it (unknown messages pass as they are).
    ``sheet_row`` gives the spreadsheet row of the file's centre ``index`` (blank rows are skipped)."""
    duplicate = _DUPLICATE_ID.match(message)
    if duplicate:
        row = sheet_row(int(duplicate.group(2)))
        return _("The id %(id)s is also used in row %(row)s.") % {"id": duplicate.group(1), "row": row}
    for pattern, say in PATTERNS:
        match = pattern.match(message)
        if match:
            return say(match)
    return message
