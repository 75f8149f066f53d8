"""``NATIONAL`` (SE, loaded only with ``load_demo --national``) is not a region: 1 200 invented
centres over the country's 21 county seats, for trying national-scale analyses from the pages."""

from __future__ import annotations

import copy

from regions.demo.profile import Profile, Site
from regions.demo.sources import assumed
from regions.demo.vasterbotten import VASTERBOTTEN

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


SYNTHETIC = "Syntetisk region för att pröva analyser i nationell skala: inte en modell av någon verklig region."
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
    basis={
        "population": assumed("10,5 miljoner invånare, ungefär Sveriges folkmängd. " + SYNTHETIC),
        "centres": assumed("1 200 påhittade vårdcentraler över länens residensstäder. " + SYNTHETIC),
        "centres.egen_regi": assumed(
            "Tre av fem vårdcentraler (utom de tolv i intraprenaden) i egen regi. " + SYNTHETIC
        ),
        "centres.private": assumed("Två av fem vårdcentraler privata. " + SYNTHETIC),
        "centres.intraprenad": assumed("Tolv vårdcentraler i Västerås i en gemensam intraprenad. " + SYNTHETIC),
        "units": assumed("Intraprenaden i Västerås är en resultatenhet; övriga är sina egna. " + SYNTHETIC),
        "compensation.budget_per_listed": assumed("4 350 kr per listad. " + SYNTHETIC),
        "compensation.fixed_share": assumed("85 % fast ersättning. " + SYNTHETIC),
        "margins.egen_regi": assumed("Marginaler −6 till +2 %. " + SYNTHETIC),
        "margins.intraprenad": assumed("Marginaler −2 till +3 %. " + SYNTHETIC),
        "margins.private": assumed("Marginaler −1 till +4 %. " + SYNTHETIC),
        "hired_share.egen_regi": assumed("Hyrpersonal 10–18 %. " + SYNTHETIC),
        "hired_share.intraprenad": assumed("Hyrpersonal 8,5–12,5 %. " + SYNTHETIC),
        "hired_share.private": assumed("Hyrpersonal 4–10 %. " + SYNTHETIC),
        "phone_access": assumed("Telefontillgänglighet 62–90 %. " + SYNTHETIC),
        "assessment_3d": assumed("Medicinsk bedömning inom tre dagar 58–86 %. " + SYNTHETIC),
    }
    # Every other rule is Västerbotten's, taken as it is: an assumption here, whatever its source there.
    | {
        key: assumed("Som i Västerbotten. " + SYNTHETIC)
        for key in VASTERBOTTEN.basis
        if key.startswith(("compensation.", "ledger."))
        and key not in ("compensation.budget_per_listed", "compensation.fixed_share")
    },
)
