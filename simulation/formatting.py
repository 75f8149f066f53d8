"""Numbers the Swedish way (``1 234,5 mnkr``): decimal comma, no-break space between thousands."""

from __future__ import annotations

NBSP = "\u00a0"
MINUS = "\u2212"  # a real minus sign reads better than a hyphen in tables


def number(value: float | None, decimals: int = 0) -> str:
    """``1234.5`` → ``1 234,5`` (with no-break spaces); None → an en dash."""
    if value is None:
        return "–"
    text = f"{abs(value):,.{decimals}f}".replace(",", NBSP).replace(".", ",")
    return (MINUS + text) if round(value, decimals) < 0 else text


def mnkr(value_sek: float | None, decimals: int = 1) -> str:
    """SEK → millions of kronor: ``1_234_500_000`` → ``1 234,5 mnkr``."""
    return "–" if value_sek is None else f"{number(value_sek / 1e6, decimals)}{NBSP}mnkr"


def percent(share: float | None, decimals: int = 1) -> str:
    """A share 0–1 → ``41,7 %``."""
    return "–" if share is None else f"{number(share * 100, decimals)}{NBSP}%"


def signed_mnkr(value_sek: float, decimals: int = 1) -> str:
    """A change in mnkr with its sign: ``+12,3 mnkr`` / ``−4,0 mnkr``."""
    text = mnkr(value_sek, decimals)
    return text if text.startswith(("−", "–")) or value_sek == 0 else "+" + text


def signed_percent(share: float, decimals: int = 1) -> str:
    """A relative change with its sign: ``+8,6 %`` / ``−4,0 %``."""
    text = percent(share, decimals)
    return text if text.startswith(("−", "–")) or round(share * 100, decimals) == 0 else "+" + text
