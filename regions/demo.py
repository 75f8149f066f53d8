"""Synthetic demo data for four regions, calibrated to public aggregates in ``shared/sources``.

Nothing here is real centre data: names are places in each region, every figure is drawn from a
seeded generator and then calibrated so that the aggregates the source documents state come out
(Västerbotten's 38 centres of which 5 private, all region-run ones in deficit; Närvården's listed,
result, equity, hired-staff share 10,5 % and accessibility in Västmanland; Jämtland Härjedalen's
närvårdsområden, their carry-over rules and central overhead). Where each figure comes from — the
source document and place, or *antagande* — is ``demo_profiles``' ``basis`` of it, and
``demo_parameters`` lists every figure that needs one; "Så räknar vi" shows both.

``NATIONAL`` (SE, loaded only with ``load_demo --national``) is not a region: 1 200 invented centres
over the country's 21 county seats, for trying national-scale analyses from the pages.

Costs are set through the engine: each centre's base-year revenue under its region's rules is
computed first, and its cost is that revenue less a drawn result margin. This module has no Django.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

import numpy as np

from regions.demo_profiles import COMMON_BASIS, NATIONAL, PROFILES, Basis, Profile, Site
from simulation.core.projection import scenario_project
from simulation.core.scenario import SCHEMA, prepare

__all__ = [
    "NATIONAL",
    "PROFILES",
    "Profile",
    "centres",
    "demo_parameters",
    "intraprenad_start_capital",
    "parameter_bases",
    "preset_keys",
    "presets",
    "rules",
]

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


def centres(profile: Profile) -> list[dict[str, Any]]:
    """The region's synthetic base-year centre records (§2.1), calibrated as the module says."""
    rng = np.random.default_rng(profile.seed)
    records = [_draft(profile, site, i, rng) for i, site in enumerate(profile.sites)]
    _scale_listed(records, profile.listed_total, profile.unit_listed)
    _calibrate_achievement(records, profile.achievement_target)
    revenue = _base_year_revenue(profile, records)
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


def _base_year_revenue(profile: Profile, records: list[dict[str, Any]]) -> np.ndarray:
    """Each centre's base-year revenue under the region's rules, from the engine itself."""
    document = {"schema": SCHEMA, "name": "calibration", "base_year": BASE_YEAR} | rules(profile)
    document |= {"horizon": 1, "centres": records}
    run = scenario_project(prepare(document))["runs"][0]
    return np.array([row["revenue_total"] for row in run["centres"]])


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


def _motion_text(profile: Profile) -> str:
    """The 70/30 motion in the region's own figures: its variable share today, and whose motion it is."""
    fixed = profile.compensation["fixed_share"]
    variable = round((1 - (fixed[min(fixed)] if isinstance(fixed, dict) else fixed)) * 100)
    source = (
        "motion 10-2023, punkt 7"
        if profile.code == "AC"
        else "som motion 10-2023 i Region Västerbotten föreslår för Västerbotten"
    )
    return (
        f"Rörlig ersättning höjs från {variable} till 30 procent från 2026 ({source}). Motionen vill höja gles- "
        "och litenhetsersättningen men anger inget belopp: här höjs de med hälften (antagande)."
    )


def _has_egen_regi(profile: Profile) -> bool:
    return any(site.form == "egen_regi" for site in profile.sites)


def preset_keys(profile: Profile) -> list[str]:
    """The presets the region gets (``presets``), without building them."""
    keys = ["baseline", "motion-70-30"]
    if _has_egen_regi(profile):
        keys.append("intraprenad-all")
        # Jämtland's own rules are LS/42/2010: there the 2010 model changes nothing, and the
        # review's proposal to end it is the question.
        keys.append("jamtland-2018" if profile.code == "Z" else "jamtland-2010")
        keys.append("neutrality")
    return [*keys, "uncertainty", "list-size-1100"]


def presets(profile: Profile, records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Scenario presets from the source documents; those that change nothing in a region are left
    out (Västmanland has no egen regi centres left to convert or to carry results)."""
    comp = profile.compensation
    region_run_listed = sum(r["listed"] for r in records if r["operating_form"] == "egen_regi")
    every = {
        "baseline": {
            "name": "Dagens regler och data",
            "description": f"Dagens regler och data för {profile.name}. {DEMO_NOTE}",
        },
        "motion-70-30": {
            "name": "Motion: 70/30",
            "description": _motion_text(profile),
            "overrides": {
                "compensation": {
                    "fixed_share": {str(BASE_YEAR): comp["fixed_share"], "2026": 0.70},
                    "sparsity_per_listed": {
                        str(BASE_YEAR): comp["sparsity_per_listed"],
                        "2026": comp["sparsity_per_listed"] * 1.5,
                    },
                    "small_unit_amount": {
                        str(BASE_YEAR): comp["small_unit_amount"],
                        "2026": comp["small_unit_amount"] * 1.5,
                    },
                }
            },
        },
        "intraprenad-all": {
            "name": "Intraprenad för alla regiondrivna",
            "description": "Alla vårdcentraler i egen regi blir från 2026 en gemensam intraprenad med eget "
            "kapital och Närvårdens regler i Västmanland (avkastningskrav 1,7 mnkr om året). Startkapitalet "
            "står i samma proportion till de listade som Närvårdens 17 mnkr för omkring 117 500 listade "
            "(antagande).",
            "levers": [
                {
                    "type": "convert_form",
                    "year": 2026,
                    "from": "egen_regi",
                    "to": "intraprenad",
                    "unit": f"{profile.code} Intraprenad",
                    "start_capital": intraprenad_start_capital(region_run_listed),
                }
            ],
        },
        "jamtland-2010": {
            "name": "Jämtlandsmodellen 2010: överföring med 3 års återställande",
            "description": "Regiondrivna enheter tar med sig över- och underskott; underskott ska "
            "återställas inom tre år, annars skrivs de av, och överskott användas inom tre år, annars går de "
            "tillbaka till regionen (LS/42/2010, Jämtland Härjedalen).",
            "overrides": {
                "ledger": {
                    "egen_regi": {
                        "deficit": "carried",
                        "restoration_years": 3,
                        "surplus_retention": 1.0,
                        "surplus_expiry_years": 3,
                    }
                }
            },
        },
        "jamtland-2018": {
            "name": "Översynens förslag: regionen täcker underskotten",
            "description": "Regiondirektörens förslag efter översynen 2017: modellen för över- och "
            "underskottshantering (LS/42/2010) upphör från 1 mars 2018, så regionen täcker närvårdsområdenas "
            "underskott och tar deras överskott. Källorna visar inte om fullmäktige antog förslaget.",
            "overrides": {"ledger": {"egen_regi": {"deficit": "covered", "surplus_retention": 0.0}}},
        },
        "neutrality": {
            "name": "Förlusttäckning med neutralitetsersättning",
            "description": "Regionen täcker regiondrivna underskott och betalar privata vårdcentraler lika "
            "mycket per listad (konkurrensneutralitet; tre av 21 regioner gör så enligt motionssvar 10-2023, "
            "punkt 9).",
            "overrides": {"neutrality_compensation": True},
        },
        "uncertainty": {
            "name": "Dagens regler med osäkerhet",
            "description": "Dagens regler, med osäkerhet i listning, löner, priser, besök och kostnader "
            "(1 000 dragningar; spridningen är antagen): banden visar 5–95 och 25–75 procent av utfallen.",
            "overrides": {
                "uncertainty": {
                    "draws": 1000,
                    "seed": 2024,
                    "listed_growth_sd": 0.005,
                    "wage_growth_sd": 0.01,
                    "price_growth_sd": 0.01,
                    "visit_rate_sd": 0.1,
                    "cost_sd": 0.03,
                }
            },
        },
        "list-size-1100": {
            "name": "Listtak 1 100 per läkare",
            "description": "Fler läkare tills varje läkarheltid har högst 1 100 listade (Socialstyrelsens "
            "riktvärde, motionssvar 10-2023 punkt 1), infasat 2026–2029 (antagande). Demodatan räknar i dag "
            "med 1 485 listade per heltid, den riktlinje Skellefteå/Norsjö i Västerbotten planerar efter, "
            "bemannad till 70–100 % (antagande för alla andra).",
            "levers": [{"type": "gp_list_target", "from_year": 2026, "listed_per_gp": 1100, "phase_years": 4}],
        },
    }
    return [{"preset": key} | every[key] for key in preset_keys(profile)]


def demo_parameters(profile: Profile) -> dict[str, Any]:
    """Every figure of a demo region that needs a basis (``parameter_bases``): each rule parameter
    of its rulebook, each aggregate the data is drawn from or calibrated to, and each preset. Plain
    values (numbers, ranges, counts), for "Så räknar vi" to put in words."""
    found: dict[str, Any] = {}
    _leaves(rules(profile), "", found)
    forms = Counter(site.form for site in profile.sites)
    units = {site.unit or site.name for site in profile.sites}
    found |= {
        "population": profile.population,
        "listed": profile.listed_total,
        "centres": len(profile.sites),
        **{f"centres.{form}": count for form, count in forms.items()},
        "sites": None,
        "units": len(units),
        "centre_mix": None,
        "cost_split": COST_SPLIT,
        "gp_fte": LISTED_PER_GP,
        **{f"margins.{form}": span for form, span in profile.margins.items()},
        **{
            f"hired_share.{form}": profile.hired_share_target.get(form, span)
            for form, span in profile.hired_share.items()
        },
        **{f"unit_listed.{unit}": listed for unit, listed in profile.unit_listed.items()},
        **{f"target_result.{form}": total for form, total in profile.target_result.items()},
        **{f"opening_balance.{unit}": balance for unit, balance in profile.opening_balance.items()},
        **{f"overhead.{form}": total for form, total in profile.overhead_total.items()},
    }
    for goal in ("phone_access", "assessment_3d"):
        targets = {form: wanted[goal] for form, wanted in profile.achievement_target.items() if goal in wanted}
        found[goal] = targets or getattr(profile, goal)
    found |= {f"presets.{key}": None for key in preset_keys(profile) if key != "baseline"}
    return found


def parameter_bases(profile: Profile) -> dict[str, Basis]:
    """Where each figure of ``demo_parameters`` comes from (the region's own basis first)."""
    return COMMON_BASIS | profile.basis


def _leaves(node: dict[str, Any], prefix: str, found: dict[str, Any]) -> None:
    """The rule parameters of a rulebook by their path (goals as one: a list of goals)."""
    for key, value in node.items():
        path = f"{prefix}{key}"
        if isinstance(value, dict):
            _leaves(value, f"{path}.", found)
        else:
            found[path] = value
