"""The demo regions' synthetic centres: drawn from each region's fixed seed, then calibrated so that
the aggregates the source documents state come out (see ``regions.demo``).

Costs are set through the engine: each centre's base-year revenue under its region's rules is
computed first, and its cost is that revenue less a drawn result margin. No Django.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from regions.demo.profile import Profile, Site
from simulation.core.projection import scenario_project
from simulation.core.scenario import SCHEMA, prepare

BASE_YEAR = 2024
#: Listed per GP full-time equivalent in the demo data: Västerbotten's planning guideline for
#: Skellefteå/Norsjö (motion answer 10-2023, punkt 1), an assumption everywhere else.
LISTED_PER_GP = 1485
DEMO_NOTE = "Demodata: påhittade vårdcentraler kalibrerade mot offentliga uppgifter, inte verkliga resultat."

COMMON_RULES: dict[str, Any] = {
    "horizon": 10,
    "assumptions": {
        "listed_growth": 0.003,
        "wage_growth": 0.03,
        "price_growth": 0.02,
        "compensation_growth": 0.025,
    },
    "costs": {"hired_premium": 1.8, "gp_cost_per_fte": 1_600_000},
}

#: Närvården's start capital (Västmanland, 2020) and its listed: the "intraprenad-all" preset and the
#: scenario builder give a new intraprenad the same start capital per listed (one rule, used by both;
#: the proportion is an assumption, see the preset's description).
NARVARDEN_START_CAPITAL = 17_000_000
NARVARDEN_LISTED = 117_500


def intraprenad_start_capital(listed: float) -> float:
    """SEK: Närvården's start capital per listed for a new intraprenad with ``listed`` patients, to
    the nearest 0.1 mnkr."""
    return round(NARVARDEN_START_CAPITAL * listed / NARVARDEN_LISTED, -5)


SIZES = {"city": (9_000, 16_000), "town": (5_000, 10_000), "rural": (2_000, 4_000)}
#: A centre's cost split (an assumption, COMMON_BASIS["cost_split"]); a private centre's overhead
#: share goes to its other costs.
COST_SPLIT = {"personnel": 0.72, "premises": 0.08, "other": 0.15, "overhead": 0.05}


def rules(profile: Profile) -> dict[str, Any]:
    """The region's rulebook (scenario document §2 rule sections)."""
    return COMMON_RULES | {"compensation": profile.compensation, "ledger": profile.ledger}


def centres(profile: Profile, year: int = BASE_YEAR, rulebook: dict[str, Any] | None = None) -> list[dict[str, Any]]:
    """The region's synthetic centre records (§2.1) for ``year`` (the base year unless a history year
    asks), calibrated as the module says under ``rulebook`` (the region's rules unless given)."""
    rng = np.random.default_rng(profile.seed)
    records = [_draft(profile, site, i, rng) for i, site in enumerate(profile.sites)]
    _scale_listed(records, profile.listed_total, profile.unit_listed)
    _calibrate_achievement(records, profile.achievement_target)
    revenue = _base_year_revenue(rulebook or rules(profile), records, year)
    forms = np.array([r["operating_form"] for r in records])
    margins = np.array([rng.uniform(*profile.margins[r["operating_form"]]) for r in records])
    for form, total in profile.target_result.items():
        mine = forms == form
        margins[mine] += (total - (margins * revenue)[mine].sum()) / revenue[mine].sum()
    costs = revenue * (1.0 - margins)
    hired = np.array([rng.uniform(*profile.hired_share[r["operating_form"]]) for r in records])
    for form, share in profile.hired_share_target.items():
        # The form's hired cost over its personnel cost (hired plus own) is the stated share.
        mine = forms == form
        hired[mine] *= share * costs[mine].sum() / (hired[mine] * costs[mine]).sum()
    overhead = np.full(len(records), COST_SPLIT["overhead"])
    for form, total in profile.overhead_total.items():
        overhead[forms == form] = total / costs[forms == form].sum()
    for record, cost, hired_share, overhead_share in zip(records, costs, hired, overhead, strict=True):
        _set_costs(record, cost=cost, hired_share=hired_share, overhead_share=overhead_share)
    for unit, balance in profile.opening_balance.items():
        members = [r for r in records if r["unit"] == unit]
        listed = sum(r["listed"] for r in members)
        for record in members:
            record["opening_balance"] = round(balance * record["listed"] / listed)
    return records


def _draft(profile: Profile, site: Site, index: int, rng: np.random.Generator) -> dict[str, Any]:
    rural = site.size == "rural"
    code = (
        f"{profile.code}{index + 1:0{len(str(len(profile.sites)))}d}"
        if len(profile.sites) > 99
        else f"{profile.code}{index + 1:02d}"
    )
    low, high = SIZES[site.size]
    return {
        "id": code,
        "name": f"{site.name} vårdcentral" if site.form != "private" else f"{site.name} vårdcentral (privat)",
        "unit": site.unit or code,
        "operating_form": site.form,
        "municipality": site.municipality,
        "rural": rural,
        "listed": float(rng.uniform(low, high)),
        "cni": round(float(np.clip(rng.normal(1.08 if rural else 0.98, 0.08), 0.8, 1.35)), 3),
        "doctor_visits_per_listed": round(float(rng.uniform(0.8, 1.3)), 3),
        "other_visits_per_listed": round(float(rng.uniform(1.6, 2.6)), 3),
        "outside_visits_per_listed": round(
            float(rng.uniform(0.05, 0.12) if site.form == "private" else rng.uniform(0.08, 0.25)), 3
        ),
        "phone_access": round(float(rng.uniform(*profile.phone_access)), 3),
        "assessment_3d": round(float(rng.uniform(*profile.assessment_3d)), 3),
        "gp_fte": 0.0,
        "opening_balance": 0.0,
        "_gp_cover": float(rng.uniform(0.85, 1.05) if site.form == "private" else rng.uniform(0.7, 1.0)),
    }


def _scale_listed(records: list[dict[str, Any]], listed_total: float, unit_listed: dict[str, float]) -> None:
    """Scale list sizes so that the region's listed sum to ``listed_total`` (and named units to their
    stated listed), keeping every centre within 2 000–20 000 — and never more than stated: the
    rounding's excess comes off the largest centre of its group."""
    listed = np.array([r["listed"] for r in records])
    units = np.array([r["unit"] for r in records])
    groups = [(units == unit, total) for unit, total in unit_listed.items()]
    rest = ~np.isin(units, list(unit_listed))
    groups.append((rest, listed_total - sum(unit_listed.values())))
    for mask, total in groups:
        for _ in range(10):
            listed[mask] = np.clip(listed[mask] * total / listed[mask].sum(), 2_000, 20_000)
        listed[mask] = np.round(listed[mask])
        excess = listed[mask].sum() - np.floor(total)
        if excess > 0:
            members = np.flatnonzero(mask)
            listed[members[np.argmax(listed[members])]] -= excess
    for record, value in zip(records, listed, strict=True):
        record["listed"] = float(value)
        record["gp_fte"] = round(value / LISTED_PER_GP * record.pop("_gp_cover"), 1)


def _calibrate_achievement(records: list[dict[str, Any]], targets: dict[str, dict[str, float]]) -> None:
    """Shift a form's goal achievement (phone access, assessment within 3 days) so that its mean,
    weighted by listed, is the stated one (to the rounding of three decimals)."""
    for form, wanted in targets.items():
        members = [r for r in records if r["operating_form"] == form]
        weights = np.array([r["listed"] for r in members])
        for key, target in wanted.items():
            values = np.array([r[key] for r in members])
            shifted = np.clip(values + target - (values * weights).sum() / weights.sum(), 0.0, 1.0)
            for record, value in zip(members, shifted, strict=True):
                record[key] = round(float(value), 3)


def _base_year_revenue(rulebook: dict[str, Any], records: list[dict[str, Any]], year: int) -> np.ndarray:
    """Each centre's revenue in ``year`` under ``rulebook``, from the engine itself."""
    run = base_year_run(rulebook, records, year)
    return np.array([row["revenue_total"] for row in run["centres"]])


def base_year_run(rulebook: dict[str, Any], records: list[dict[str, Any]], year: int) -> dict[str, Any]:
    """The engine's run of ``rulebook`` on ``records`` for ``year`` alone, without uncertainty."""
    document = {"schema": SCHEMA, "name": "calibration", "base_year": year} | rulebook
    document |= {"horizon": 1, "uncertainty": None, "centres": records}
    return scenario_project(prepare(document))["runs"][0]


def _set_costs(record: dict[str, Any], cost: float, hired_share: float, overhead_share: float) -> None:
    """Split a centre's total cost as COST_SPLIT says: personnel (of which hired ``hired_share``),
    premises, central overhead (``overhead_share`` of the cost; region-run centres only) and the rest
    as other costs."""
    private = record["operating_form"] == "private"
    personnel = COST_SPLIT["personnel"] * cost
    record["hired_cost"] = round(personnel * hired_share)
    record["staff_cost"] = round(personnel - record["hired_cost"])
    record["premises_cost"] = round(COST_SPLIT["premises"] * cost)
    record["overhead_cost"] = 0.0 if private else round(overhead_share * cost)
    record["other_cost"] = round(cost - personnel - COST_SPLIT["premises"] * cost - record["overhead_cost"])
