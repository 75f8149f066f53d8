"""Västmanland's history 2016–2024 as the evaluation of Närvården (2025) gives it, year by year.

Until 2019 the region-run centres are one organisation in egen regi (the demo books them as one
unit, *Primärvården*); from 2020 they are the intraprenad Närvården, one result unit with 17 mnkr
of start capital and a return requirement of 1,7 mnkr a year. The evaluation gives the figures of
some years — the result in 2019 and 2024, the hired-staff share 2016–2019 and 2024, phone access in
2021, 2023 and 2024, the listed in 2016 and 2023, the equity after 2024 — and the demo follows
them; every other year's figure is synthetic (*antagande*), and each figure's basis says which
years are which. 2024 is the demo's current data (``vastmanland``), unchanged.

The model is calibrated to the books less what the compensation rules do not hold: temporary state
grants in the pandemic years 2020–2022 (the evaluation names such grants and the good results of
the pandemic, not their amounts), and a few hundred thousand kronor either way in other years. So
the history shows where the model and the books differ, and by how much. No Django.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from regions.demo.sources import U_EVAL, Basis, cited
from regions.demo.vastmanland import NARVARDEN, VASTMANLAND

#: The region-run centres' unit before Närvården (an assumption: the evaluation does not say how
#: egen regi was booked before 2020).
PRIMARVARDEN = "Primärvården"
FIRST_YEAR, INTRAPRENAD_FROM, CURRENT_YEAR = 2016, 2020, 2024
START_CAPITAL = 17_000_000
RETURN_REQUIREMENT = 1_700_000
MNKR = 1_000_000


@dataclass(frozen=True)
class Year:
    """The region-run centres' figures of one year: listed, hired-staff share of personnel cost,
    phone access and assessment within three days (listed-weighted), booked result (SEK, after the
    return requirement), what of it the rules do not hold (``outside_rules``), the drawdown of equity
    and the region's population (every inhabitant listed)."""

    listed: float
    population: int
    hired_share: float
    phone_access: float
    assessment_3d: float
    result: float
    outside_rules: float = 0.0
    drawdown: float = 0.0


YEARS: dict[int, Year] = {
    2016: Year(109_000, 263_000, 0.180, 0.76, 0.76, -12.4 * MNKR, -0.6 * MNKR),
    2017: Year(110_100, 265_500, 0.180, 0.77, 0.77, -15.1 * MNKR, 0.9 * MNKR),
    2018: Year(111_200, 268_000, 0.180, 0.77, 0.77, -17.6 * MNKR, -1.2 * MNKR),
    2019: Year(112_300, 270_500, 0.180, 0.78, 0.77, -20.9 * MNKR, 0.7 * MNKR),
    2020: Year(113_500, 273_000, 0.165, 0.79, 0.78, 19.6 * MNKR, 9.5 * MNKR),
    2021: Year(114_600, 275_500, 0.145, 0.80, 0.78, 30.4 * MNKR, 14.8 * MNKR),
    2022: Year(115_800, 278_000, 0.130, 0.84, 0.78, 24.7 * MNKR, 8.2 * MNKR, 1.8 * MNKR),
    2023: Year(117_100, 280_000, 0.115, 0.88, 0.78, 9.2 * MNKR, 1.1 * MNKR, 1.8 * MNKR),
    2024: Year(117_500, 282_000, 0.105, 0.88, 0.78, 5.8 * MNKR),
}


def balances() -> dict[int, float]:
    """Närvården's booked equity at each year end, start capital included: 17 mnkr in 2020, plus
    each year's result, less what was drawn — 86,1 + 17 = 103,1 mnkr after 2024."""
    found, balance = {}, float(START_CAPITAL)
    for year in range(INTRAPRENAD_FROM, CURRENT_YEAR + 1):
        balance += YEARS[year].result - YEARS[year].drawdown
        found[year] = round(balance, 2)
    return found


def unit_in(year: int) -> str:
    return NARVARDEN if year >= INTRAPRENAD_FROM else PRIMARVARDEN


def form_in(year: int) -> str:
    return "intraprenad" if year >= INTRAPRENAD_FROM else "egen_regi"


def profile_in(year: int):
    """Västmanland as it was in ``year``: the region-run centres' form and unit, and the figures the
    year's synthetic data is calibrated to (its model result is the booked result less what the
    rules do not hold)."""
    figures, form, unit = YEARS[year], form_in(year), unit_in(year)
    model_result = figures.result - figures.outside_rules
    requirement = RETURN_REQUIREMENT if form == "intraprenad" else 0.0
    sites = tuple(replace(s, form=form, unit=unit) if s.form != "private" else s for s in VASTMANLAND.sites)
    opening = balances().get(year - 1, float(START_CAPITAL)) if form == "intraprenad" else None
    return replace(
        VASTMANLAND,
        population=figures.population,
        sites=sites,
        margins={form: VASTMANLAND.margins["intraprenad"], "private": VASTMANLAND.margins["private"]},
        hired_share={form: VASTMANLAND.hired_share["intraprenad"], "private": VASTMANLAND.hired_share["private"]},
        target_result={form: model_result + requirement},
        opening_balance={unit: opening} if opening is not None else {},
        unit_listed={unit: figures.listed},
        hired_share_target={form: figures.hired_share},
        achievement_target={form: {"phone_access": figures.phone_access, "assessment_3d": figures.assessment_3d}},
    )


def booked_in(year: int) -> list[tuple[str, float, float]]:
    """The year's outturn: the region-run unit's booked result and balance at year end (SEK). Egen
    regi's deficits are covered by the region, so its balance stays 0."""
    return [(unit_in(year), YEARS[year].result, balances().get(year, 0.0))]


def _series(key: str) -> dict[int, float]:
    return {year: getattr(figures, key) for year, figures in YEARS.items()}


def parameters() -> dict[str, object]:
    """Every figure of the history that needs a basis, with its values by year."""
    return {
        "history.listed": _series("listed"),
        "history.population": _series("population"),
        "history.hired_share": _series("hired_share"),
        "history.phone_access": _series("phone_access"),
        "history.assessment_3d": _series("assessment_3d"),
        "history.result": _series("result"),
        "history.outside_rules": {y: v for y, v in _series("outside_rules").items() if v},
        "history.balance": balances(),
        "history.drawdown": {y: v for y, v in _series("drawdown").items() if v},
        "history.intraprenad": INTRAPRENAD_FROM,
    }


SECTION_42 = "avsnitt 4.2, Ekonomiskt perspektiv"
BASES: dict[str, Basis] = {
    "history.listed": cited(
        U_EVAL,
        "avsnitt 4.2, Marknadsandelar och patientvolym",
        "Antalet listade patienter har ökat från cirka 109 000 år 2016 till över 117 000 år 2023",
        note="De regiondrivna vårdcentralernas listade: 109 000 år 2016 och 117 100 år 2023.",
        assumed="2017–2022 (110 100–115 800) är antagna: en jämn ökning. 2024: 117 500 (dagens data).",
    ),
    "history.population": cited(
        U_EVAL,
        "avsnitt 4.2, Marknadsandelar och patientvolym",
        "har marknadsandelen legat relativt konstant runt 41–42 %",
        note="Folkmängden (alla listade) är satt så att de regiondrivnas andel blir 41,4–41,8 % varje år.",
        assumed="Folkmängden 263 000 (2016) till 282 000 (2024) är antagen.",
    ),
    "history.hired_share": cited(
        U_EVAL,
        SECTION_42,
        "Även andelen kostnad för inhyrd personal har minskat successivt, från ca 18 % år 2016-2019 till 10,5 % "
        "år 2024",
        note="18 % varje år 2016–2019 och 10,5 % 2024, av personalkostnaden (hyrd plus egen).",
        assumed="2020–2023 (16,5, 14,5, 13,0 och 11,5 %) är antagna: en jämn nedgång.",
    ),
    "history.phone_access": cited(
        U_EVAL,
        "avsnitt 4.2, Patientperspektiv",
        "Telefontillgängligheten har ökat från 80 % år 2021 till 88 % under 2023 och 2024",
        assumed="2016–2020 (76–79 %) och 2022 (84 %) är antagna.",
    ),
    "history.assessment_3d": cited(
        U_EVAL,
        "avsnitt 4.2, Patientperspektiv",
        "Andelen patienter som får medicinsk bedömning inom tre dagar har samtidigt varit stabil på 78 %",
        note="78 % varje år under intraprenadperioden 2020–2024.",
        assumed="2016–2019 (76–77 %) är antagna.",
    ),
    "history.result": cited(
        U_EVAL,
        SECTION_42,
        "Det ekonomiska resultatet för 2024 uppgår till +5,8 mnkr, vilket markerar en tydlig vändning från "
        "tidigare underskott – exempelvis –20,9 mnkr år 2019 – före intraprenadens införande.",
        note="Bokfört resultat för de regiondrivna vårdcentralerna, efter avkastningskravet: −20,9 mnkr 2019 och "
        "+5,8 mnkr 2024. Summan 2020–2024 är 89,7 mnkr: det egna kapitalet 86,1 mnkr plus de 3,6 mnkr som tagits "
        "i anspråk.",
        assumed="2016–2018 (−12,4, −15,1, −17,6 mnkr) och 2020–2023 (+19,6, +30,4, +24,7, +9,2 mnkr) är antagna; "
        "att 2023 var positivt säger motionen i Västerbotten (s. 1).",
    ),
    "history.outside_rules": cited(
        U_EVAL,
        "avsnitt 4.3",
        "Därutöver kan ersättning erhållas utifrån vad den konkurrensutsatta delen av primärvården som helhet får "
        "möjlighet att ta del av, gällande exempelvis statsbidrag och andra tillfälliga ersättningar.",
        note="Bokfört men utanför ersättningsmodellen: modellen räknar inte med tillfälliga ersättningar, så den "
        "visar ett lägre resultat än böckerna de åren.",
        assumed="Beloppen (9,5, 14,8 och 8,2 mnkr 2020–2022; under 1,2 mnkr åt endera hållet övriga år) är antagna.",
    ),
    "history.balance": cited(
        U_EVAL,
        "avsnitt 4.3",
        "Goda ekonomiska resultat under pandemin har bidragit till att Närvårdens egna kapital, efter beslut om "
        "resultatreglering för 2024, uppgick till 86,1 miljoner kronor, exklusive det egna kapital om 17 miljoner "
        "kronor som tilldelades Närvården vid uppstarten 2020.",
        note="Eget kapital vid årets slut med startkapitalet: 103,1 mnkr efter 2024 (86,1 + 17).",
        assumed="Åren 2020–2023 följer av de antagna resultaten och uttagen.",
    ),
    "history.drawdown": cited(
        U_EVAL,
        "avsnitt 4.3",
        "3,6 miljoner kronor har ianspråktagits genom åren.",
        assumed="Att uttagen gjordes med 1,8 mnkr vardera 2022 och 2023 är antaget.",
    ),
    "history.intraprenad": cited(
        U_EVAL,
        "avsnitt 2.1",
        "År 2020 fattade Regionstyrelsen beslut om att regionens offentligt drivna vårdcentraler skulle "
        "organiseras som intraprenad under namnet Närvården Västmanland.",
        note="Från 2020 är de regiondrivna vårdcentralerna en intraprenad och en resultatenhet, Närvården.",
        assumed="Att de före 2020 bokfördes som en enhet i egen regi (Primärvården) är antaget.",
    ),
}
