"""Numbers as people read and write them.

Writing: Swedish (``1 234,5 mnkr``: decimal comma, no-break space between thousands) or English
(``1,234.5 SEK m``). The language is a context variable that the web layer sets for each request
(``use_language``) and that every page, chart and export reads; Swedish when nothing set it.

Reading (§8, §2.1): numbers, yes/no and operating forms as people write them in Swedish files,
shared by the scenario document and the centre-file import — ``0,87``, ``1 485 000``, ``ja``,
``privat`` all mean what a Swedish analyst means by them.

Pure (no Django).
"""

from __future__ import annotations

import math
import re
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar, Token

NBSP = "\u00a0"
MINUS = "\u2212"  # a real minus sign reads better than a hyphen in tables

_LANGUAGE: ContextVar[str] = ContextVar("vardpeng_number_language", default="sv")
#: Decimal mark and thousands separator; Plotly's ``separators`` takes the two in this order.
SEPARATORS = {"sv": (",", NBSP), "en": (".", ",")}
UNITS = {
    "sv": {"mnkr": "mnkr", "kr": "kr", "points": "p.e.", "percent": f"{NBSP}%"},
    "en": {"mnkr": f"SEK{NBSP}m", "kr": "SEK", "points": "pp", "percent": "%"},
}


def use_language(language: str | None) -> Token:
    """Format in ``language`` (sv or en) from now on in this context; returns the token to reset."""
    return _LANGUAGE.set("en" if (language or "sv").startswith("en") else "sv")


def reset_language(token: Token) -> None:
    _LANGUAGE.reset(token)


@contextmanager
def language_of(language: str | None) -> Iterator[None]:
    """Format in ``language`` inside the block (an export for a given reader, a test)."""
    token = use_language(language)
    try:
        yield
    finally:
        reset_language(token)


def current_language() -> str:
    return _LANGUAGE.get()


def unit(name: str) -> str:
    """A unit in the reader's words: ``mnkr``/``SEK m``, ``kr``/``SEK``, ``p.e.``/``pp``."""
    return UNITS[current_language()][name]


def chart_separators() -> str:
    """Plotly's ``separators``: the decimal mark, then the thousands separator."""
    decimal, thousands = SEPARATORS[current_language()]
    return decimal + (" " if thousands == NBSP else thousands)


def number(value: float | None, decimals: int = 0) -> str:
    """``1234.5`` → ``1 234,5`` (with no-break spaces) or ``1,234.5``; None → an en dash."""
    if value is None:
        return "–"
    decimal, thousands = SEPARATORS[current_language()]
    text = f"{abs(value):,.{decimals}f}".replace(",", "\0").replace(".", decimal).replace("\0", thousands)
    return (MINUS + text) if round(value, decimals) < 0 else text


def mnkr(value_sek: float | None, decimals: int = 1) -> str:
    """SEK → millions of kronor: ``1_234_500_000`` → ``1 234,5 mnkr`` / ``1,234.5 SEK m``."""
    return "–" if value_sek is None else f"{number(value_sek / 1e6, decimals)}{NBSP}{unit('mnkr')}"


def kr(value_sek: float | None, decimals: int = 0) -> str:
    """Whole kronor: ``4 712 kr`` / ``4,712 SEK``."""
    return "–" if value_sek is None else f"{number(value_sek, decimals)}{NBSP}{unit('kr')}"


def percent(share: float | None, decimals: int = 1) -> str:
    """A share 0–1 → ``41,7 %`` / ``41.7%``."""
    return "–" if share is None else f"{number(share * 100, decimals)}{unit('percent')}"


def points(share_change: float, decimals: int = 1) -> str:
    """A change of a share in percentage points, with its sign: ``+1,2 p.e.`` / ``+1.2 pp``."""
    text = number(share_change * 100, decimals)
    sign = "" if text.startswith(MINUS) or round(share_change * 100, decimals) == 0 else "+"
    return f"{sign}{text}{NBSP}{unit('points')}"


def signed_mnkr(value_sek: float, decimals: int = 1) -> str:
    """A change in mnkr with its sign: ``+12,3 mnkr`` / ``−4,0 mnkr``."""
    text = mnkr(value_sek, decimals)
    return text if text.startswith(("−", "–")) or value_sek == 0 else "+" + text


def signed_percent(share: float, decimals: int = 1) -> str:
    """A relative change with its sign: ``+8,6 %`` / ``−4,0 %``."""
    text = percent(share, decimals)
    return text if text.startswith(("−", "–")) or round(share * 100, decimals) == 0 else "+" + text


# Reading numbers, yes/no and operating forms (§8, §2.1).
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
