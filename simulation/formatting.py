"""Numbers as the reader writes them: Swedish (``1 234,5 mnkr``: decimal comma, no-break space
between thousands) or English (``1,234.5 SEK m``).

Pure (no Django): the language is a context variable that the web layer sets for each request
(``use_language``) and that every page, chart and export reads; Swedish when nothing set it.
"""

from __future__ import annotations

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
