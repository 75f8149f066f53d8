"""Where the demo data comes from, as "Så räknar vi" shows it: every figure of every demo region in
words, with its source (the document, the place in it and its own words) or the mark *antagande*.

The figures and their bases are the demo's own (``regions.demo``: ``demo_parameters`` and
``parameter_bases``); this module only puts them in words. Figures every demo region shares, with
the same value and basis, are shown once.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from regions import demo
from regions.demo import COMMON_BASIS, SOURCES, Basis, Profile, Source
from simulation.core import numbers
from simulation.presentation import describe
from simulation.presentation.charts import form_label

#: The demo's calibration figures (not rule parameters of §2): their names for people.
CALIBRATION_LABELS = {
    "population": gettext_lazy("Population"),
    "listed": gettext_lazy("Listed patients in the base year"),
    "centres": gettext_lazy("Health centres"),
    "sites": gettext_lazy("The centres' places, sizes and forms"),
    "units": gettext_lazy("Result units"),
    "centre_mix": gettext_lazy("Care need and visits per listed"),
    "cost_split": gettext_lazy("How a centre's cost is split"),
    "gp_fte": gettext_lazy("Listed per GP full-time equivalent"),
    "phone_access": gettext_lazy("Telephone accessibility"),
    "assessment_3d": gettext_lazy("Medical assessment within 3 days"),
}
PER_FORM_LABELS = {
    "centres": gettext_lazy("Health centres, %(form)s"),
    "margins": gettext_lazy("Result margin in the base year, %(form)s"),
    "hired_share": gettext_lazy("Hired staff's share of personnel cost, %(form)s"),
    "target_result": gettext_lazy("The centres' summed result in the base year, %(form)s"),
    "overhead": gettext_lazy("Central overhead in the base year, %(form)s"),
}
PER_UNIT_LABELS = {
    "unit_listed": gettext_lazy("Listed patients in %(unit)s"),
    "opening_balance": gettext_lazy("Equity of %(unit)s at the start of the base year"),
}
COST_PARTS = {
    "personnel": gettext_lazy("personnel"),
    "premises": gettext_lazy("premises"),
    "other": gettext_lazy("other"),
    "overhead": gettext_lazy("central overhead"),
}


@dataclass(frozen=True)
class Row:
    key: str
    label: str
    value: str
    basis: Basis

    @property
    def source(self) -> Source | None:
        return SOURCES.get(self.basis.source)


@dataclass(frozen=True)
class RegionSources:
    code: str
    name: str
    national: bool
    rows: list[Row]


def demo_source_tables() -> tuple[list[Row], list[RegionSources]]:
    """The figures every demo region shares (once), and each region's own, in reading order."""
    profiles = (*demo.PROFILES, demo.NATIONAL)
    described = {p.code: _rows(p) for p in profiles}
    shared = [
        row
        for row in described[profiles[0].code]
        if row.key in COMMON_BASIS
        and not row.key.startswith("presets.")
        and all(_same(row, described[p.code]) for p in profiles)
    ]
    shared_keys = {row.key for row in shared}
    regions = [
        RegionSources(p.code, p.name, p is demo.NATIONAL, [r for r in described[p.code] if r.key not in shared_keys])
        for p in profiles
    ]
    return shared, regions


def _same(row: Row, rows: list[Row]) -> bool:
    return any(r.key == row.key and r.value == row.value and r.basis == row.basis for r in rows)


def _rows(profile: Profile) -> list[Row]:
    values = demo.demo_parameters(profile)
    bases = demo.parameter_bases(profile)
    rules = describe.document_parameters(demo.rules(profile) | {"levers": [], "variants": []})
    presets = {p["preset"]: p["name"] for p in demo.presets(profile, [])}
    rows = []
    for key, value in values.items():
        if key in rules:
            label, text = rules[key]
        else:
            label, text = _calibration_words(key, value, presets)
        rows.append(Row(key, label, text, bases[key]))
    order = ("population", "listed", "centres", "sites", "units")
    return sorted(rows, key=lambda r: (_rank(r.key, order), 0))


def _rank(key: str, order: tuple[str, ...]) -> int:
    head = key.split(".")[0]
    if head in order:
        return order.index(head)
    if key.startswith("presets."):
        return len(order) + 2
    return len(order) + (0 if head in ("horizon", "assumptions", "compensation", "costs", "ledger") else 1)


#: The history's figures (regions.demo.history): their names for people, and how a year's value reads.
HISTORY_LABELS = {
    "listed": (gettext_lazy("History: listed at region-run centres"), numbers.number),
    "population": (gettext_lazy("History: population (all listed)"), numbers.number),
    "hired_share": (gettext_lazy("History: hired staff's share of personnel cost, region-run"), numbers.percent),
    "phone_access": (gettext_lazy("History: telephone accessibility, region-run"), numbers.percent),
    "assessment_3d": (gettext_lazy("History: assessment within 3 days, region-run"), numbers.percent),
    "result": (gettext_lazy("History: booked result, region-run units"), numbers.signed_mnkr),
    "outside_rules": (gettext_lazy("History: booked beyond the compensation rules"), numbers.signed_mnkr),
    "balance": (gettext_lazy("History: equity at year end, start capital included"), numbers.mnkr),
    "drawdown": (gettext_lazy("History: equity drawn"), numbers.mnkr),
    "intraprenad": (gettext_lazy("History: intraprenad from"), str),
    "years": (gettext_lazy("History: years"), str),
    "budget_per_listed": (gettext_lazy("History: budget per listed in each year's rules"), numbers.kr),
    "uncertainty": (gettext_lazy("History: draws of the earlier years' uncertainty"), numbers.number),
}


def _history_words(rest: str, value: Any) -> tuple[str, str]:
    label, say = HISTORY_LABELS[rest]
    if isinstance(value, dict):
        return str(label), "; ".join(f"{year}: {say(v)}" for year, v in value.items())
    if isinstance(value, tuple):
        return str(label), "–".join(map(str, value))
    return str(label), say(value)


def _calibration_words(key: str, value: Any, presets: dict[str, str]) -> tuple[str, str]:
    """A calibration figure's name and value in words."""
    head, _dot, rest = key.partition(".")
    if head == "history":
        return _history_words(rest, value)
    if head == "presets":
        return _("Preset: %(name)s") % {"name": presets.get(rest, rest)}, "–"
    if head == "ledger":  # a ledger parameter the shared wording does not name (yet)
        form, _dot, name = rest.partition(".")
        return f"{str(form_label(form)).capitalize()}: {name}", numbers.number(value)
    if head in PER_FORM_LABELS and rest:
        label = str(PER_FORM_LABELS[head]) % {"form": form_label(rest)}
    elif head in PER_UNIT_LABELS:
        label = str(PER_UNIT_LABELS[head]) % {"unit": rest}
    else:
        label = str(CALIBRATION_LABELS.get(head, key))
    return label, _value_words(head, value)


def _value_words(head: str, value: Any) -> str:
    if value is None:
        return "–"
    if head == "cost_split":
        return ", ".join(f"{COST_PARTS[part]} {numbers.percent(share, 0)}" for part, share in value.items())
    if head in ("margins", "hired_share", "phone_access", "assessment_3d"):
        if isinstance(value, dict):  # calibrated per form
            return "; ".join(f"{form_label(form)}: {_share(v)}" for form, v in value.items())
        if isinstance(value, tuple):
            return _("%(low)s to %(high)s") % {"low": _share(value[0]), "high": _share(value[1])}
        return _share(value)
    if head in ("target_result", "opening_balance", "overhead"):
        return numbers.mnkr(value)
    return numbers.number(value)


def _share(value: float) -> str:
    return numbers.percent(value, 0 if round(value * 100, 1) == round(value * 100) else 1)
