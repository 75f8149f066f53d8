"""Synthetic demo data for four regions, calibrated to public aggregates in ``shared/sources``.

Nothing here is real centre data: names are places in each region, every figure is drawn from a
seeded generator and then calibrated so that the aggregates the source documents state come out:

- Västerbotten (AC): 38 centres, 5 private; 87 % fixed / 13 % variable pay; every region-run centre
  in deficit in the base year (motion of 11 April 2024 on 2023); 1 485 listed per GP FTE.
- Västmanland (U): 12 centres run as the intraprenad *Närvården* (one result unit, about 117 000
  listed, 41–42 % market share, hired-staff cost share 10.5 %, phone access 88 %, assessment within
  3 days 78 %, result +5.8 mnkr in 2024, return requirement 1.7 mnkr a year, equity built from a
  17 mnkr start capital in 2020) and 15 private centres.
- Jämtland Härjedalen (Z): 28 centres, 5 private (Offerdal, Hammerdal, Hede, Hoting, Strömsund);
  region-run centres pooled into *närvårdsområden* per municipality.
- Örebro (T): 30 centres, 4 private.

``NATIONAL`` (SE, loaded only with ``load_demo --national``) is not a region: 1 200 invented centres
over the country's 21 county seats, for trying national-scale analyses from the pages.

Costs are set through the engine: each centre's base-year revenue under its region's rules is
computed first, and its cost is that revenue less a drawn result margin. This module has no Django.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from regions.demo_profiles import NATIONAL, PROFILES, Profile, Site
from simulation.projection import scenario_project
from simulation.scenario import SCHEMA, prepare

__all__ = ["NATIONAL", "PROFILES", "Profile", "centres", "intraprenad_start_capital", "presets", "rules"]

BASE_YEAR = 2024
LISTED_PER_GP = 1485  # Västerbotten's planning norm (motion answer 10-2023)
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
#: scenario builder give a new intraprenad the same start capital per listed (one rule, used by both).
NARVARDEN_START_CAPITAL = 17_000_000
NARVARDEN_LISTED = 117_000


def intraprenad_start_capital(listed: float) -> float:
    """SEK: Närvården's start capital per listed for a new intraprenad with ``listed`` patients, to
    the nearest 0.1 mnkr."""
    return round(NARVARDEN_START_CAPITAL * listed / NARVARDEN_LISTED, -5)


SIZES = {"city": (9_000, 16_000), "town": (5_000, 10_000), "rural": (2_000, 4_000)}


def rules(profile: Profile) -> dict[str, Any]:
    """The region's rulebook (scenario document §2 rule sections)."""
    return COMMON_RULES | {"compensation": profile.compensation, "ledger": profile.ledger}


def centres(profile: Profile) -> list[dict[str, Any]]:
    """The region's synthetic base-year centre records (§2.1), calibrated as the module says."""
    rng = np.random.default_rng(profile.seed)
    records = [_draft(profile, site, i, rng) for i, site in enumerate(profile.sites)]
    _scale_listed(records, profile.population, profile.unit_listed)
    revenue = _base_year_revenue(profile, records)
    margins = np.array([rng.uniform(*profile.margins[r["operating_form"]]) for r in records])
    for form, total in profile.target_result.items():
        mine = np.array([r["operating_form"] == form for r in records])
        margins[mine] += (total - (margins * revenue)[mine].sum()) / revenue[mine].sum()
    for record, income, margin in zip(records, revenue, margins, strict=True):
        _set_costs(
            record,
            cost=income * (1.0 - margin),
            hired_share=rng.uniform(*profile.hired_share[record["operating_form"]]),
        )
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


def _scale_listed(records: list[dict[str, Any]], population: int, unit_listed: dict[str, float]) -> None:
    """Scale list sizes so that the region's listed equal its population (and named units their
    stated listed), keeping every centre within 2 000–20 000."""
    listed = np.array([r["listed"] for r in records])
    units = np.array([r["unit"] for r in records])
    groups = [(units == unit, total) for unit, total in unit_listed.items()]
    rest = ~np.isin(units, list(unit_listed))
    groups.append((rest, population - sum(unit_listed.values())))
    for mask, total in groups:
        for _ in range(10):
            listed[mask] = np.clip(listed[mask] * total / listed[mask].sum(), 2_000, 20_000)
    for record, value in zip(records, listed, strict=True):
        record["listed"] = float(round(value))
        record["gp_fte"] = round(value / LISTED_PER_GP * record.pop("_gp_cover"), 1)


def _base_year_revenue(profile: Profile, records: list[dict[str, Any]]) -> np.ndarray:
    """Each centre's base-year revenue under the region's rules, from the engine itself."""
    document = {"schema": SCHEMA, "name": "calibration", "base_year": BASE_YEAR} | rules(profile)
    document |= {"horizon": 1, "centres": records}
    run = scenario_project(prepare(document))["runs"][0]
    return np.array([row["revenue_total"] for row in run["centres"]])


def _set_costs(record: dict[str, Any], cost: float, hired_share: float) -> None:
    """Split a centre's total cost: personnel 72 % (of which hired ``hired_share``), premises 8 %,
    other 15 % and central overhead 5 % (region-run; a private centre's other costs take it)."""
    private = record["operating_form"] == "private"
    personnel = 0.72 * cost
    record["hired_cost"] = round(personnel * hired_share)
    record["staff_cost"] = round(personnel - record["hired_cost"])
    record["premises_cost"] = round(0.08 * cost)
    record["overhead_cost"] = 0.0 if private else round(0.05 * cost)
    record["other_cost"] = round(cost - personnel - 0.08 * cost - record["overhead_cost"])


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
        f"Rörlig ersättning höjs från {variable} till 30 procent från 2026 och gles- och "
        f"litenhetsersättningen höjs med hälften ({source})."
    )


def presets(profile: Profile, records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Scenario presets from the source documents; those that change nothing in a region are left
    out (Västmanland has no egen regi centres left to convert or to carry results)."""
    comp = profile.compensation
    has_egen_regi = any(r["operating_form"] == "egen_regi" for r in records)
    region_run_listed = sum(r["listed"] for r in records if r["operating_form"] == "egen_regi")
    found = [
        {
            "preset": "baseline",
            "name": "Basscenario",
            "description": f"Dagens regler och data för {profile.name}. {DEMO_NOTE}",
        },
        {
            "preset": "motion-70-30",
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
    ]
    if has_egen_regi:
        found += [
            {
                "preset": "intraprenad-all",
                "name": "Intraprenad för alla regiondrivna",
                "description": "Alla vårdcentraler i egen regi blir från 2026 en gemensam intraprenad med eget "
                "kapital, som Närvården i Västmanland (startkapital i samma proportion som Närvårdens 17 mnkr "
                "för 117 000 listade; avkastningskrav 1,7 mnkr om året).",
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
            {
                "preset": "jamtland-2010",
                "name": "Jämtlandsmodellen 2010: överföring med 3 års återställande",
                "description": "Regiondrivna enheter tar med sig över- och underskott; underskott ska "
                "återställas inom tre år, annars skrivs de av (LS/42/2010, Jämtland Härjedalen).",
                "overrides": {
                    "ledger": {"egen_regi": {"deficit": "carried", "restoration_years": 3, "surplus_retention": 1.0}}
                },
            },
            {
                "preset": "neutrality",
                "name": "Förlusttäckning med neutralitetsersättning",
                "description": "Regionen täcker regiondrivna underskott och betalar privata vårdcentraler lika "
                "mycket per listad (konkurrensneutralitet).",
                "overrides": {"neutrality_compensation": True},
            },
        ]
    found.append(
        {
            "preset": "uncertainty",
            "name": "Basscenario med osäkerhet",
            "description": "Dagens regler, med osäkerhet i listning, löner, priser, besök och kostnader "
            "(1 000 dragningar): banden visar 5–95 och 25–75 procent av utfallen.",
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
        }
    )
    found.append(
        {
            "preset": "list-size-1100",
            "name": "Listtak 1 100 per läkare",
            "description": "Fler läkare tills varje heltid har 1 100 listade (Socialstyrelsens riktvärde; "
            "i dag planeras 1 485), infasat 2026–2029.",
            "levers": [{"type": "gp_list_target", "from_year": 2026, "listed_per_gp": 1100, "phase_years": 4}],
        }
    )
    return found
