"""The builder's fields and what its parts share: numbers as Swedish users write them, years,
rule parameters written as dated values (§1: a value in the base year and changes), and how a
number shows in the form."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from common.locale import page_language
from healthcentres.models import OperatingForm
from simulation.core import numbers
from simulation.core.engine import dated
from simulation.core.numbers import NotANumber, parse_number
from simulation.core.scenario.fields import COMPENSATION
from simulation.core.scenario.levers import LEVER_TYPES

FORMS = OperatingForm.choices
FORM_KEYS = tuple(form for form, _label in FORMS)
#: The overhead charge falls only on region-run centres (R17).
REGION_RUN = frozenset({"egen_regi", "intraprenad"})
DEFICITS = (
    ("covered", _("covered by the region")),
    ("carried", _("carried, restore within years")),
    ("borne", _("borne by the unit")),
)
OVERHEAD = LEVER_TYPES["overhead_reduction"]
_FUNDED_BY_WORDS = {"region": _("the region pays centrally"), "saved": _("the services are cut")}
#: Who pays the overhead no longer charged (R17), in the order and with the default of the lever table.
FUNDED_BY = tuple((key, _FUNDED_BY_WORDS[key]) for key in OVERHEAD.choices["funded_by"])
TREND_BOUND = LEVER_TYPES["goal_trend"].numbers["annual"]
#: Change years a dated rule parameter can have in the builder (the 70/30 motion needs one).
STEPS = 3
LEDGER_KEYS = ("deficit", "restoration_years", "surplus_retention")


class NumberField(forms.CharField):
    """A number as Swedish users write it (``1 485 000``, ``0,87``, ``−1,5``), within bounds.
    ``percent``: written in percent (``70`` is 0.70) and returned as a share."""

    def __init__(self, *, low: float, high: float, percent: bool = False, **kwargs: Any) -> None:
        self.low, self.high, self.percent = low, high, percent
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)
        self.widget.attrs.update({"inputmode": "decimal", "autocomplete": "off"})

    def to_python(self, value: Any) -> float | None:
        text = super().to_python(value).replace("%", "").replace("kr", "").strip()
        if not text:
            return None
        try:
            number = parse_number(text)
        except NotANumber:
            raise forms.ValidationError(_("Write a number, such as 70 or 12,5.")) from None
        if not self.low <= number <= self.high:
            raise forms.ValidationError(
                _("Must be between %(low)s and %(high)s.")
                % {"low": numbers.number(self.low), "high": numbers.number(self.high)}
            )
        return number / 100 if self.percent else number


class YearField(forms.IntegerField):
    """A year of the projection (the form's ``clean`` knows the projection's years)."""


def percent_field(label, help_text, high: float = 100, **kwargs) -> NumberField:
    return NumberField(label=label, help_text=help_text, low=0, high=high, percent=True, **kwargs)


def year_field(label, help_text="") -> YearField:
    return YearField(label=label, help_text=help_text, required=False)


def compensation_bounds(key: str) -> dict[str, float]:
    _default, low, high = COMPENSATION[key]
    return {"low": low, "high": high}


@dataclass(frozen=True)
class Dated:
    """A rule parameter the form writes as a dated value (§1): its value in the base year (the form
    field named ``key``) and changes, each a (year field, value field) pair."""

    key: str
    steps: tuple[tuple[str, str], ...]
    later: Callable[[], forms.Field]  # a change's value field
    year_label: Any
    scale: float = 1.0  # the form shows value × scale (100: a share in percent)

    def fields(self) -> dict[str, forms.Field]:
        made: dict[str, forms.Field] = {}
        for year, value in self.steps:
            made |= {year: year_field(self.year_label), value: self.later()}
        return made

    def check(self, form: forms.Form, data: dict[str, Any]) -> None:
        """Each change has a year and a value, and each year comes once."""
        for year, value in self.steps:
            check_pair(form, data, value, year)
        given = [data[year] for year, _value in self.steps if data.get(year) is not None]
        if len(set(given)) < len(given):
            form.add_error(self.steps[0][0], _("Each change year once."))

    def value(self, data: dict[str, Any], base_year: int) -> Any:
        """Cleaned data → the document's value: a number, or ``{year: value}`` from the base year."""
        first = data.get(self.key) or 0.0
        steps = sorted((data[year], data[value]) for year, value in self.steps if data.get(year) is not None)
        if not steps:
            return first
        return {str(base_year): first} | {str(year): value for year, value in steps}

    def initial(self, value: Any, base_year: int) -> dict[str, Any]:
        """A document's value → the form's: its value in the base year, and the later changes."""
        by_year = keyed(value)
        now = float(dated.resolve(by_year, [base_year])[0]) if value is not None else 0.0
        shown = {self.key: show(now * self.scale)}
        later = (
            [(year, v) for year, v in sorted(by_year.items()) if year > base_year] if isinstance(by_year, dict) else []
        )
        for (year_name, value_name), (year, v) in zip(self.steps, later, strict=False):
            shown |= {year_name: year, value_name: show(v * self.scale)}
        return shown


def numbered(name: str) -> tuple[tuple[str, str], ...]:
    return tuple((f"{name}_year_{i}", f"{name}_later_{i}") for i in range(1, STEPS + 1))


DATED = (
    Dated(
        "budget_per_listed",
        numbered("budget_per_listed"),
        lambda: NumberField(label=_("…from then, kr per listed"), **compensation_bounds("budget_per_listed")),
        _("Change year"),
    ),
    Dated(
        "fixed_share",
        numbered("fixed_share"),
        lambda: percent_field(_("…fixed share from then, %"), ""),
        _("Change year"),
        scale=100,
    ),
    Dated(
        "sparsity_per_listed",
        (("sparsity_year", "sparsity_later"),),
        lambda: NumberField(label=_("…changed to, kr per listed"), **compensation_bounds("sparsity_per_listed")),
        _("…from the year"),
    ),
    Dated(
        "small_unit_amount",
        (("small_unit_year", "small_unit_later"),),
        lambda: NumberField(label=_("…changed to, kr per centre"), **compensation_bounds("small_unit_amount")),
        _("…from the year"),
    ),
)


def check_pair(form: forms.Form, data: dict[str, Any], value: str, year: str) -> None:
    if data.get(value) is not None and data.get(year) is None and year not in form.errors:
        form.add_error(year, _("Say from which year."))
    if data.get(year) is not None and data.get(value) is None and value not in form.errors:
        form.add_error(value, _("Say what it becomes."))


def show(value: float) -> str:
    """A number as the form shows it: as many decimals as it has (up to six, so that a saved value
    comes back unchanged), decimal comma in Swedish, no thousands separators (the field reads
    them, but they make values hard to edit)."""
    text = f"{value:.6f}".rstrip("0").rstrip(".")
    text = "0" if text == "-0" else text
    return text.replace(".", ",") if page_language() == "sv" else text


def keyed(value):
    return {int(k): v for k, v in value.items()} if isinstance(value, dict) else value
