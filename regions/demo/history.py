"""The demo regions' history: their data and rules of earlier years, and their outturn (booked
results per region-run unit and year).

Västmanland's history runs 2016–2024 and follows the evaluation of Närvården where it gives figures
(``vastmanland_history``). The other demo regions get three years, 2022–2024, all of it synthetic:
the same centres, a population 0,4 % smaller for each year back, and books that differ from the
model's result by a few percent either way. Each earlier year has its own rulebook — the region's
rules with the budget per listed of that year (today's, less 2,5 % a year back) and the spread the
demo assumes for uncertainty, so that a back-test from that year shows its band; today's rulebook
keeps none (the uncertainty preset adds it). No Django.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import numpy as np

from regions.demo import vastmanland_history
from regions.demo.generate import BASE_YEAR, base_year_run, centres, rules
from regions.demo.presets import UNCERTAINTY
from regions.demo.profile import Profile
from regions.demo.sources import Basis, assumed
from regions.demo.vastmanland import VASTMANLAND

OTHER_YEARS = (2022, 2023)
#: Fewer draws than the uncertainty preset's: a back-test runs at once, on every page view.
HISTORY_UNCERTAINTY = UNCERTAINTY | {"draws": 400, "seed": 2016}
SHRINK_PER_YEAR = 0.004
#: The books against the model in the other regions: a result a few percent off, either way.
BOOKED_SD = 0.04


def history_years(profile: Profile) -> tuple[int, ...]:
    """The region's earlier years (its current data's year, BASE_YEAR, is not among them)."""
    if profile.code == VASTMANLAND.code:
        return tuple(range(vastmanland_history.FIRST_YEAR, BASE_YEAR))
    return OTHER_YEARS if profile.code != "SE" else ()


def year_profile(profile: Profile, year: int) -> Profile:
    """The region as it was in ``year``."""
    if year == BASE_YEAR:
        return profile
    if profile.code == VASTMANLAND.code:
        return vastmanland_history.profile_in(year)
    return replace(profile, population=round(profile.population * (1 - SHRINK_PER_YEAR * (BASE_YEAR - year))))


def year_rules(profile: Profile, year: int) -> dict[str, Any]:
    """The rulebook in force in ``year`` (the region's own in the base year)."""
    current = rules(profile)
    if year == BASE_YEAR:
        return current
    budget = round(current["compensation"]["budget_per_listed"] / 1.025 ** (BASE_YEAR - year), -1)
    return current | {
        "compensation": current["compensation"] | {"budget_per_listed": budget},
        "uncertainty": dict(HISTORY_UNCERTAINTY),
    }


def year_centres(profile: Profile, year: int) -> list[dict[str, Any]]:
    """The region's synthetic centre records of ``year``, calibrated under that year's rules."""
    return centres(year_profile(profile, year), year, year_rules(profile, year))


def booked(profile: Profile, year: int, records: list[dict[str, Any]]) -> list[tuple[str, float, float]]:
    """The year's outturn: (result unit, booked result, balance at year end) of each region-run
    unit, SEK. Västmanland's are the evaluation's figures; elsewhere the model's result of the year
    (its rules on its data) a few percent off, and the balance moved by as much where the unit
    carries its results."""
    if profile.code == VASTMANLAND.code:
        return vastmanland_history.booked_in(year)
    run = base_year_run(year_rules(profile, year), records, year)
    rng = np.random.default_rng(profile.seed * 10_000 + year)
    found = []
    for unit in run["units"]:
        if unit["operating_form"] == "private":
            continue
        off = round(abs(unit["result"]) * BOOKED_SD * float(rng.standard_normal()), -3)
        carries = unit["balance_close"] != unit["balance_open"]
        balance = unit["balance_close"] + (off if carries else 0.0)
        found.append((unit["unit"], round(unit["result"] + off), round(balance)))
    return found


def history_parameters(profile: Profile) -> dict[str, Any]:
    """The history's figures that need a basis ("Så räknar vi"), with their values by year."""
    years = history_years(profile)
    if not years:
        return {}
    found: dict[str, Any] = {
        "history.budget_per_listed": {
            year: year_rules(profile, year)["compensation"]["budget_per_listed"] for year in years
        },
        "history.uncertainty": HISTORY_UNCERTAINTY["draws"],
    }
    if profile.code == VASTMANLAND.code:
        return vastmanland_history.parameters() | found
    return {"history.years": (years[0], BASE_YEAR)} | found


def history_bases(profile: Profile) -> dict[str, Basis]:
    if not history_years(profile):
        return {}
    shared = {
        "history.budget_per_listed": assumed(
            "Varje tidigare år har sin regelbok: dagens regler med en vårdpeng som är 2,5 % lägre för varje år "
            "bakåt (samma takt som uppräkningen framåt)."
        ),
        "history.uncertainty": assumed(
            "De tidigare årens regelböcker har osäkerhet (samma spridning som förvalet med osäkerhet, 400 "
            "dragningar), så att en efterhandsprövning därifrån visar sitt band; dagens regelbok har ingen."
        ),
    }
    if profile.code == VASTMANLAND.code:
        return vastmanland_history.BASES | shared
    return {
        "history.years": assumed(
            "Historiken 2022–2024 är påhittad: samma vårdcentraler, en folkmängd 0,4 % mindre för varje år bakåt, "
            "och bokförda resultat som skiljer sig några procent från modellens åt endera hållet."
        )
    } | shared
