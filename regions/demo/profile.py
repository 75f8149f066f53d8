"""A demo region as the source documents describe it: its health centres by place, size and form,
its rules, and the aggregates its synthetic data is calibrated to (``Profile``). No Django."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from regions.demo.sources import Basis

GOALS = [
    {"key": "phone_access", "weight": 0.5, "floor": 0.70, "target": 0.90},
    {"key": "assessment_3d", "weight": 0.5, "floor": 0.60, "target": 0.85},
]


@dataclass(frozen=True)
class Site:
    name: str
    municipality: str
    form: str = "egen_regi"
    size: str = "town"  # city 9–16k listed, town 5–10k, rural 2–4k
    unit: str | None = None


@dataclass(frozen=True)
class Profile:
    code: str
    name: str
    population: int
    seed: int
    sites: tuple[Site, ...]
    compensation: dict[str, Any]
    ledger: dict[str, Any]
    margins: dict[str, tuple[float, float]]  # result / revenue in the base year, by form
    hired_share: dict[str, tuple[float, float]]  # hired cost / personnel cost, by form
    basis: dict[str, Basis]  # where each figure comes from (with COMMON_BASIS)
    phone_access: tuple[float, float] = (0.62, 0.90)
    assessment_3d: tuple[float, float] = (0.58, 0.86)
    target_result: dict[str, float] = field(default_factory=dict)  # form -> Σ result, SEK
    opening_balance: dict[str, float] = field(default_factory=dict)  # unit -> SEK
    unit_listed: dict[str, float] = field(default_factory=dict)  # unit -> listed in the base year
    #: form -> the hired cost's share of the form's personnel cost, hit exactly (else drawn only)
    hired_share_target: dict[str, float] = field(default_factory=dict)
    #: form -> {goal field: listed-weighted mean}, hit exactly (else drawn only)
    achievement_target: dict[str, dict[str, float]] = field(default_factory=dict)
    #: form -> Σ central overhead charged in the base year, SEK (else 5 % of each centre's cost)
    overhead_total: dict[str, float] = field(default_factory=dict)

    @property
    def listed_total(self) -> float:
        """Listed patients in the base year: every inhabitant (an assumption; see COMMON_BASIS)."""
        return float(self.population)


def sites(municipality: str, names: str, size: str = "town", form: str = "egen_regi", unit: str | None = None):
    return tuple(Site(n.strip(), municipality, form, size, unit) for n in names.split(","))


VB_MOTION, VB_SVAR = "vb-motion-2024", "vb-motionssvar"
