"""Checking single values of a document: numbers, dated values, text, choices (§1, §8).

``ValueChecker`` collects problems with their paths instead of stopping at the first; the sections
of a document are checked by its subclass in ``check``.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping
from typing import Any

import numpy as np

from simulation.core.numbers import NotANumber, parse_bool, parse_form, parse_number
from simulation.core.scenario.fields import MAX_ANY_NUMBER, MAX_TEXT
from simulation.core.scenario.problems import Problem


class ValueChecker:
    """Checks single values, collecting problems with paths; returns normalised values (or None)."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def fail(self, path: str, message: str) -> None:
        self.problems.append(Problem(path, message))

    def object(self, value: Any, path: str, allowed: tuple[str, ...], required: tuple[str, ...] = ()) -> dict | None:
        if not isinstance(value, Mapping):
            self.fail(path, "must be an object")
            return None
        for key in value:
            if key not in allowed:
                hint = difflib.get_close_matches(str(key), allowed, n=1)
                self.fail(join_path(path, key), "unknown key" + (f" (did you mean {hint[0]}?)" if hint else ""))
        for key in required:
            if blank(value.get(key)):
                self.fail(join_path(path, key), "required")
        # null means "not given": an optional key set to null takes its default, everywhere (§2).
        return {key: item for key, item in value.items() if item is not None}

    def number(
        self,
        value: Any,
        path: str,
        low: float | None = None,
        high: float | None = None,
        strict_low: bool = False,
        whole: bool = False,
    ) -> float | None:
        try:
            number = parse_number(value)
        except NotANumber as error:
            self.fail(path, str(error))
            return None
        if whole and number != int(number):
            self.fail(path, "must be a whole number")
            return None
        # Every number is bounded, so that every figure derived from it stays finite (§8).
        high = MAX_ANY_NUMBER if high is None else high
        if low is None and number < -MAX_ANY_NUMBER:
            self.fail(path, f"must be ≥ {fmt_number(-MAX_ANY_NUMBER)}")
        elif (low, high) == (0, 1) and not 0 <= number <= 1:
            self.fail(path, "must be within 0–1")  # a share: the spec's own wording (§8)
        elif low is not None and strict_low and number <= low:
            self.fail(path, f"must be > {fmt_number(low)}")
        elif low is not None and number < low:
            self.fail(path, f"must be ≥ {fmt_number(low)}")
        elif high is not None and number > high:
            self.fail(path, f"must be ≤ {fmt_number(high)}")
        else:
            return int(number) if whole else number
        return None

    def dated(self, value: Any, path: str, **bounds: Any) -> float | dict[str, float] | None:
        """A plain number or a ``{"YEAR": value}`` step function (§1)."""
        if not isinstance(value, Mapping):
            return self.number(value, path, **bounds)
        if not value:
            self.fail(path, "must hold at least one year")
            return None
        steps: dict[str, float] = {}
        for key, item in value.items():
            year = str(key)
            if not _YEAR.fullmatch(year):
                self.fail(join_path(path, key), "must be a year such as 2026")
                continue
            number = self.number(item, join_path(path, key), **bounds)
            if number is not None:
                steps[year] = number
        return dict(sorted(steps.items())) if len(steps) == len(value) else None

    def text(self, value: Any, path: str, required: bool = False, max_length: int = MAX_TEXT) -> str | None:
        if isinstance(value, str) and _CONTROL.search(value):
            # Checked before blanks are stripped: a form feed alone is refused, not taken as empty.
            self.fail(path, "must not contain control characters (such as NUL)")
            return None
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                self.fail(path, "required")
            return None
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            self.fail(path, "must be text")
            return None
        text = (str(int(value)) if isinstance(value, float) and value.is_integer() else str(value)).strip()
        if len(text) > max_length or len(str(value)) > max_length:
            self.fail(path, f"must be at most {max_length} characters (has {len(str(value))})")
            return None
        return text

    def choice(self, value: Any, path: str, options: tuple[str, ...]) -> str | None:
        if isinstance(value, str) and value in options:
            return value
        self.fail(path, f"must be one of {', '.join(options)}")
        return None

    def form(self, value: Any, path: str) -> str | None:
        try:
            return parse_form(value)
        except ValueError as error:
            self.fail(path, str(error))
            return None

    def boolean(self, value: Any, path: str) -> bool | None:
        try:
            return parse_bool(value)
        except ValueError as error:
            self.fail(path, str(error))
            return None

    def items(self, value: Any, path: str) -> list:
        if value is None:
            return []
        if not isinstance(value, list):
            self.fail(path, "must be a list")
            return []
        return value

    # sections


def numbers_suspect(values: np.ndarray, low: float | None, high: float | None, strict_low: bool) -> np.ndarray:
    """True wherever ``ValueChecker.number`` might refuse a float of ``values`` with these bounds:
    not finite, subnormal, or out of bounds. A vectorised pre-check for many numbers at once (an
    analysis moving a centre field in thousands of runs); whatever it marks is checked one by one
    with ``number``, which alone decides and words the refusal. Never marks less than ``number``
    refuses (a test holds it to that)."""
    high = MAX_ANY_NUMBER if high is None else high
    with np.errstate(invalid="ignore"):
        suspect = ~np.isfinite(values) | (values > high)
        suspect |= (values != 0) & (np.abs(values) < np.finfo(float).tiny)
        if low is None:
            suspect |= values < -MAX_ANY_NUMBER
        else:
            suspect |= (values <= low) if strict_low else (values < low)
    return suspect


def given(value: Any) -> Any:
    """An optional section: null (not given) is empty; anything else is checked as it is."""
    return {} if value is None else value


def blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


#: Control characters other than tab and line breaks: never meaningful in a name, and NUL cannot be
#: stored in PostgreSQL text or JSON.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
#: A year key of a dated value (§1): four ASCII digits, nothing around them.
_YEAR = re.compile(r"[0-9]{4}")


def join_path(path: str, key: Any) -> str:
    return f"{path}.{key}" if path else str(key)


def fmt_number(number: float) -> str:
    return str(int(number)) if float(number).is_integer() else repr(float(number))


def keyed(value: float | dict[str, float]) -> float | dict[int, float]:
    return {int(k): v for k, v in value.items()} if isinstance(value, dict) else value


def years_of(*values: Any) -> np.ndarray:
    """Every year at which any of these dated values changes (enough to compare step functions)."""
    years = {int(k) for v in values if isinstance(v, dict) for k in v} or {0}
    return np.array(sorted(years))
