"""The four demo regions as the source documents describe them (see ``demo``): their health
centres by place, size and form, their rules and the aggregates the synthetic data is calibrated to."""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from typing import Any

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
    phone_access: tuple[float, float] = (0.62, 0.90)
    assessment_3d: tuple[float, float] = (0.58, 0.86)
    target_result: dict[str, float] = field(default_factory=dict)  # form -> Σ result, SEK
    opening_balance: dict[str, float] = field(default_factory=dict)  # unit -> SEK
    unit_listed: dict[str, float] = field(default_factory=dict)  # unit -> listed in the base year


def _sites(municipality: str, names: str, size: str = "town", form: str = "egen_regi", unit: str | None = None):
    return tuple(Site(n.strip(), municipality, form, size, unit) for n in names.split(","))


VASTERBOTTEN = Profile(
    code="AC",
    name="Region Västerbotten",
    population=278_000,
    seed=2401,
    sites=(
        *_sites("Umeå", "Ålidhem, Mariehem, Tegs, Sandbacka, Backen, Carlslid, Väst, Tomtebo", "city"),
        *_sites("Umeå", "Ersboda, Haga, Västerslätt", "city", "private"),
        *_sites("Umeå", "Holmsund, Sävar, Hörnefors"),
        *_sites("Skellefteå", "Centrum, Norrböle, Anderstorp, Ursviken", "city"),
        *_sites("Skellefteå", "Morö Backe, Kåge", "town", "private"),
        *_sites("Skellefteå", "Bureå, Boliden, Burträsk, Jörn", "rural"),
        *_sites("Lycksele", "Lycksele"),
        *_sites("Vännäs", "Vännäs"),
        *_sites("Robertsfors", "Robertsfors", "rural"),
        *_sites("Nordmaling", "Nordmaling", "rural"),
        *_sites("Vindeln", "Vindeln", "rural"),
        *_sites("Bjurholm", "Bjurholm", "rural"),
        *_sites("Vilhelmina", "Vilhelmina", "rural"),
        *_sites("Storuman", "Storuman, Tärnaby", "rural"),
        *_sites("Sorsele", "Sorsele", "rural"),
        *_sites("Malå", "Malå", "rural"),
        *_sites("Norsjö", "Norsjö", "rural"),
        *_sites("Åsele", "Åsele", "rural"),
        *_sites("Dorotea", "Dorotea", "rural"),
    ),
    compensation={
        "budget_per_listed": 4300,
        "fixed_share": 0.87,
        "sparsity_per_listed": 250,
        "small_unit_threshold": 4000,
        "small_unit_amount": 1_500_000,
        "goal_share": 0.3,
        "goals": GOALS,
        "doctor_visit_weight": 2.0,
        "patient_fee_per_visit": 100,
        "outside_visit_fee": 650,
        "vat_compensation_rate": 0.06,
    },
    ledger={
        "egen_regi": {"surplus_retention": 0.0, "deficit": "covered"},
        "intraprenad": {
            "surplus_retention": 1.0,
            "deficit": "carried",
            "restoration_years": 3,
            "return_requirement": 1_700_000,
        },
        "private": {"surplus_retention": 1.0, "deficit": "borne"},
    },
    # Every region-run centre in deficit (motion, 2024); private centres around break-even.
    margins={"egen_regi": (-0.09, -0.015), "private": (-0.01, 0.04)},
    hired_share={"egen_regi": (0.12, 0.18), "private": (0.04, 0.10)},
    phone_access=(0.55, 0.85),
    assessment_3d=(0.52, 0.80),
)

NARVARDEN = "Närvården"
VASTMANLAND = Profile(
    code="U",
    name="Region Västmanland",
    population=282_000,
    seed=2402,
    sites=(
        *_sites("Västerås", "Skultuna, Bäckby, Viksäng, Herrgärdet", "city", "intraprenad", NARVARDEN),
        *_sites("Köping", "Köping", "city", "intraprenad", NARVARDEN),
        *_sites("Arboga", "Arboga", "town", "intraprenad", NARVARDEN),
        *_sites("Sala", "Sala", "city", "intraprenad", NARVARDEN),
        *_sites("Fagersta", "Fagersta", "town", "intraprenad", NARVARDEN),
        *_sites("Hallstahammar", "Hallstahammar", "town", "intraprenad", NARVARDEN),
        *_sites("Surahammar", "Surahammar", "town", "intraprenad", NARVARDEN),
        *_sites("Norberg", "Norberg", "rural", "intraprenad", NARVARDEN),
        *_sites("Kungsör", "Kungsör", "town", "intraprenad", NARVARDEN),
        *_sites(
            "Västerås",
            "Centrum, City, Kungsgatan, Önsta, Pettersberg, Hammarby, Vallby, Råby, Oxbacken, Skiljebo, Hälla",
            "city",
            "private",
        ),
        *_sites("Köping", "Köping Väster", "town", "private"),
        *_sites("Sala", "Sala Norra", "town", "private"),
        *_sites("Fagersta", "Fagersta Centrum", "town", "private"),
        *_sites("Skinnskatteberg", "Skinnskatteberg", "rural", "private"),
    ),
    compensation={
        "budget_per_listed": 4250,
        "fixed_share": 0.85,
        "sparsity_per_listed": 150,
        "small_unit_threshold": 3000,
        "small_unit_amount": 1_000_000,
        "goal_share": 0.25,
        "goals": GOALS,
        "doctor_visit_weight": 2.0,
        "patient_fee_per_visit": 100,
        "outside_visit_fee": 600,
        "vat_compensation_rate": 0.06,
    },
    ledger={
        "egen_regi": {"surplus_retention": 0.0, "deficit": "covered"},
        # Närvården keeps its surplus as equity and pays 1.7 mnkr a year (evaluation 2025, 4.3).
        "intraprenad": {
            "surplus_retention": 1.0,
            "deficit": "carried",
            "restoration_years": 3,
            "return_requirement": 1_700_000,
        },
        "private": {"surplus_retention": 1.0, "deficit": "borne"},
    },
    margins={"intraprenad": (-0.02, 0.03), "private": (-0.02, 0.04)},
    hired_share={"intraprenad": (0.085, 0.125), "private": (0.04, 0.10)},
    phone_access=(0.84, 0.92),
    assessment_3d=(0.74, 0.82),
    # +5.8 mnkr result for 2024 after the return requirement (evaluation 2025, "Ekonomiskt perspektiv").
    target_result={"intraprenad": 5_800_000 + 1_700_000},
    # Equity at the start of 2024: 86.1 mnkr after the 2024 result, less that result, plus the
    # 17 mnkr start capital of 2020.
    opening_balance={NARVARDEN: 86_100_000 - 5_800_000 + 17_000_000},
    # "över 117 000 år 2023", a 41–42 % market share (evaluation 2025, "Marknadsandelar").
    unit_listed={NARVARDEN: 117_500},
)


def _nvo(municipality: str) -> str:
    return f"NVO {municipality}"


JAMTLAND = Profile(
    code="Z",
    name="Region Jämtland Härjedalen",
    population=132_000,
    seed=2403,
    sites=(
        *_sites(
            "Östersund",
            "Odensala, Lugnvik, Z-gränd, Torvalla, Frösön, Brunflo, Lit",
            "city",
            unit=_nvo("Östersund"),
        ),
        *_sites("Krokom", "Krokom, Föllinge, Ås", "rural", unit=_nvo("Krokom")),
        *_sites("Åre", "Järpen, Åre, Duved", "rural", unit=_nvo("Åre")),
        *_sites("Berg", "Svenstavik, Hackås, Myrviken", "rural", unit=_nvo("Berg")),
        *_sites("Bräcke", "Bräcke, Gällö", "rural", unit=_nvo("Bräcke")),
        *_sites("Ragunda", "Hammarstrand, Stugun", "rural", unit=_nvo("Ragunda")),
        *_sites("Strömsund", "Backe", "rural", unit=_nvo("Strömsund")),
        *_sites("Härjedalen", "Sveg, Funäsdalen", "rural", unit=_nvo("Härjedalen")),
        *_sites("Krokom", "Offerdal", "rural", "private"),
        *_sites("Strömsund", "Hammerdal, Hoting", "rural", "private"),
        *_sites("Strömsund", "Strömsund", "town", "private"),
        *_sites("Härjedalen", "Hede", "rural", "private"),
    ),
    compensation={
        "budget_per_listed": 4450,
        "fixed_share": 0.88,
        "sparsity_per_listed": 400,
        "small_unit_threshold": 5000,
        "small_unit_amount": 2_000_000,
        "goal_share": 0.3,
        "goals": GOALS,
        "doctor_visit_weight": 2.0,
        "patient_fee_per_visit": 100,
        "outside_visit_fee": 650,
        "vat_compensation_rate": 0.06,
    },
    ledger={
        # The 2010 carry-over model (LS/42/2010) was ended by the 2017 review; deficits are covered.
        "egen_regi": {"surplus_retention": 0.0, "deficit": "covered"},
        "intraprenad": {"surplus_retention": 1.0, "deficit": "carried", "restoration_years": 3},
        "private": {"surplus_retention": 1.0, "deficit": "borne"},
    },
    margins={"egen_regi": (-0.06, 0.02), "private": (-0.01, 0.03)},
    hired_share={"egen_regi": (0.12, 0.18), "private": (0.04, 0.10)},
)

OREBRO = Profile(
    code="T",
    name="Region Örebro län",
    population=310_000,
    seed=2404,
    sites=(
        *_sites(
            "Örebro",
            "Brickebacken, Tybble, Varberga, Vivalla, Baronbackarna, Wadköping, Mikaelsgården, Hovsta, Lillån, "
            "Adolfsberg, Sörbyängen",
            "city",
        ),
        *_sites("Örebro", "Skebäck, Nikolai", "city", "private"),
        *_sites("Karlskoga", "Bregården, Karlskoga Centrum", "city"),
        *_sites("Karlskoga", "Nobel", "city", "private"),
        *_sites("Kumla", "Kumla", "city"),
        *_sites("Hallsberg", "Hallsberg, Pålsboda", "town"),
        *_sites("Lindesberg", "Lindesberg, Frövi, Fellingsbro", "town"),
        *_sites("Askersund", "Askersund", "town"),
        *_sites("Degerfors", "Degerfors", "town"),
        *_sites("Nora", "Nora", "town"),
        *_sites("Nora", "Nora Centrum", "town", "private"),
        *_sites("Hällefors", "Hällefors", "rural"),
        *_sites("Ljusnarsberg", "Kopparberg", "rural"),
        *_sites("Laxå", "Laxå", "rural"),
        *_sites("Lekeberg", "Fjugesta", "rural"),
    ),
    compensation={
        "budget_per_listed": 4300,
        "fixed_share": 0.80,
        "sparsity_per_listed": 200,
        "small_unit_threshold": 3500,
        "small_unit_amount": 1_200_000,
        "goal_share": 0.3,
        "goals": GOALS,
        "doctor_visit_weight": 2.0,
        "patient_fee_per_visit": 100,
        "outside_visit_fee": 650,
        "vat_compensation_rate": 0.06,
    },
    ledger={
        "egen_regi": {"surplus_retention": 0.0, "deficit": "covered"},
        "intraprenad": {"surplus_retention": 1.0, "deficit": "carried", "restoration_years": 3},
        "private": {"surplus_retention": 1.0, "deficit": "borne"},
    },
    margins={"egen_regi": (-0.05, 0.03), "private": (-0.01, 0.04)},
    hired_share={"egen_regi": (0.10, 0.15), "private": (0.04, 0.10)},
)

PROFILES: tuple[Profile, ...] = (VASTERBOTTEN, VASTMANLAND, JAMTLAND, OREBRO)


# The county seats stand in for where the national region's centres are: 1 200 invented centres
# spread evenly over the 21 regions, so that national-scale work (a Sobol analysis of 10 240 runs)
# can be tried from the pages. Not a model of any real region.
COUNTY_SEATS = [
    "Stockholm",
    "Uppsala",
    "Nyköping",
    "Linköping",
    "Jönköping",
    "Växjö",
    "Kalmar",
    "Visby",
    "Karlskrona",
    "Kristianstad",
    "Halmstad",
    "Göteborg",
    "Karlstad",
    "Örebro",
    "Västerås",
    "Falun",
    "Gävle",
    "Härnösand",
    "Östersund",
    "Umeå",
    "Luleå",
]
NATIONAL_CENTRES = 1200


def _national_sites() -> tuple[Site, ...]:
    """About two in five centres private (as in the country), one in five rural, and one region's
    twelve centres run as a pooled intraprenad like Västmanland's Närvården."""
    sites = []
    for i in range(NATIONAL_CENTRES):
        seat = COUNTY_SEATS[i % len(COUNTY_SEATS)]
        number = i // len(COUNTY_SEATS) + 1
        size = ("city", "town", "city", "town", "rural")[i % 5]
        if seat == "Västerås" and number <= 12:
            sites.append(Site(f"{seat} {number}", seat, "intraprenad", size, "Intraprenad Västerås"))
        else:
            form = "private" if i % 5 in (1, 2) else "egen_regi"
            sites.append(Site(f"{seat} {number}", seat, form, size))
    return tuple(sites)


NATIONAL = Profile(
    code="SE",
    name="Riket (syntetiskt, nationell skala)",
    population=10_500_000,
    seed=2499,
    sites=_national_sites(),
    # Västerbotten's rules, with a budget and a fixed share nearer the country's middle.
    compensation=VASTERBOTTEN.compensation | {"budget_per_listed": 4350, "fixed_share": 0.85},
    ledger=copy.deepcopy(VASTERBOTTEN.ledger),
    margins={"egen_regi": (-0.06, 0.02), "intraprenad": (-0.02, 0.03), "private": (-0.01, 0.04)},
    hired_share={"egen_regi": (0.10, 0.18), "intraprenad": (0.085, 0.125), "private": (0.04, 0.10)},
)
