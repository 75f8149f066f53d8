"""The four demo regions as the source documents describe them (see ``demo``): their health
centres by place, size and form, their rules, the aggregates the synthetic data is calibrated to —
and, for every one of those figures, where it comes from (``Basis``): the source document, the
place in it and its own words, or the mark *antagande* (an assumption of the demo) with why.

"Så räknar vi" shows these bases; a test holds every quote to the source document's text and
every demo parameter to having a basis. This module has no Django.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from typing import Any

GOALS = [
    {"key": "phone_access", "weight": 0.5, "floor": 0.70, "target": 0.90},
    {"key": "assessment_3d", "weight": 0.5, "floor": 0.60, "target": 0.85},
]


@dataclass(frozen=True)
class Source:
    """A source document (Swedish), as it names itself; ``file`` is its text in ``shared/sources``."""

    title: str
    region: str
    date: str
    file: str


SOURCES: dict[str, Source] = {
    "vb-motion-2024": Source(
        "Motion: Angående alternativa driftsformer i primärvården",
        "Region Västerbotten",
        "Umeå, 11 april 2024",
        "000_5f9c639747c2eb83.txt",
    ),
    "vb-motionssvar": Source(
        "Motion nr 10-2023 – majoritetens motionssvar",
        "Region Västerbotten",
        "2023",
        "001_c0982a37a8958cbe.txt",
    ),
    "z-arende-2017": Source(
        "Översyn av regelverket för konkurrensneutral organisation för primärvård i regionens regi "
        "(ärendebeskrivning och regiondirektörens förslag)",
        "Region Jämtland Härjedalen",
        "2017",
        "002_d8a4aa7060ff494a.txt",
    ),
    "z-oversyn-2017": Source(
        "Översyn av den regiondrivna primärvården (rapport till regionstyrelsen)",
        "Region Jämtland Härjedalen",
        "2017",
        "003_f9691d22ad303907.txt",
    ),
    "u-utvardering-2025": Source(
        "Utvärdering av intraprenaden som driftform inom Närvården Västmanland",
        "Region Västmanland",
        "november 2025",
        "004_60b2e59d829337e6.txt",
    ),
}


@dataclass(frozen=True)
class Basis:
    """Where a demo figure comes from: a source (``source`` key of SOURCES, the ``place`` in it and
    its own words, ``quote``), or an assumption of the demo (``assumed`` says what and why), or
    both — a figure the source supports only in part names what the demo adds. ``note`` says how
    the figure follows from the quote."""

    source: str = ""
    place: str = ""
    quote: str = ""
    note: str = ""
    assumed: str = ""

    @property
    def is_assumption(self) -> bool:
        return bool(self.assumed)

    @property
    def is_cited(self) -> bool:
        return bool(self.source and self.place and self.quote)


def cited(source: str, place: str, quote: str, note: str = "", assumed: str = "") -> Basis:
    return Basis(source, place, quote, note, assumed)


def assumed(why: str, source: str = "", place: str = "", quote: str = "") -> Basis:
    return Basis(source, place, quote, "", why)


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


def _sites(municipality: str, names: str, size: str = "town", form: str = "egen_regi", unit: str | None = None):
    return tuple(Site(n.strip(), municipality, form, size, unit) for n in names.split(","))


VB_MOTION, VB_SVAR = "vb-motion-2024", "vb-motionssvar"
Z_ARENDE, Z_OVERSYN, U_EVAL = "z-arende-2017", "z-oversyn-2017", "u-utvardering-2025"

#: The figures every demo region shares (demo.COMMON_RULES and the calibration in demo.centres).
COMMON_BASIS: dict[str, Basis] = {
    "horizon": assumed(
        "Tio år: längre än en mandatperiod, så att överförda underskott hinner återställas eller skrivas av."
    ),
    "assumptions.listed_growth": assumed("0,3 % fler listade om året; ingen källa anger befolkningsutvecklingen."),
    "assumptions.wage_growth": assumed("3 % löneökning om året; ingen källa anger löneutvecklingen."),
    "assumptions.price_growth": assumed("2 % prisökning om året; ingen källa anger prisutvecklingen."),
    "assumptions.compensation_growth": assumed(
        "Ersättningen räknas upp 2,5 % om året; ingen källa anger uppräkningen."
    ),
    "costs.hired_premium": assumed("En inhyrd person antas kosta 1,8 gånger en anställd för samma arbete."),
    "costs.gp_cost_per_fte": assumed("En läkarheltid antas kosta 1,6 mnkr om året (används av förvalet om listtak)."),
    "compensation.doctor_visit_weight": assumed("Ett läkarbesök väger dubbelt i besöksersättningen."),
    "compensation.patient_fee_per_visit": assumed("100 kr i patientavgift per besök, som vårdcentralen behåller."),
    "compensation.vat_compensation_rate": assumed("Momskompensation 6 % till privata vårdcentraler."),
    "ledger.private.surplus_retention": assumed(
        "En privat vårdgivare behåller sitt överskott (den äger sitt resultat)."
    ),
    "ledger.private.deficit": assumed("En privat vårdgivare bär sina underskott själv; regionen täcker dem inte."),
    "listed": assumed("Alla invånare antas vara listade: de listade summerar till regionens folkmängd, aldrig mer."),
    "sites": assumed(
        "Vårdcentralernas namn är orter i regionen; vilka som är privata och hur stora de är (stad 9 000–16 000, "
        "tätort 5 000–10 000, glesbygd 2 000–4 000 listade före kalibreringen) är påhittat."
    ),
    "cost_split": assumed(
        "Kostnaden är basårets intäkt minus en dragen resultatmarginal, fördelad på personal 72 %, lokaler 8 %, "
        "övrigt 15 % och central overhead 5 % (regiondrivna; hos privata ingår den i övrigt)."
    ),
    "centre_mix": assumed(
        "Vårdtyngd (CNI), läkarbesök, övriga besök och besök hos andra per listad dras slumpvis inom rimliga "
        "spann med regionens fasta frö."
    ),
    "gp_fte": assumed(
        "Läkarbemanningen räknas från 1 485 listade per läkarheltid, bemannad till 70–100 % (privata 85–105 %). "
        "Riktlinjen om 1 485 gäller bland annat närsjukvårdsområde Skellefteå/Norsjö i Västerbotten; för alla "
        "andra vårdcentraler är den ett antagande.",
        VB_SVAR,
        "punkt 1",
        "En riktlinje som bland annat närsjukvårdsområde Skellefteå/Norsjö redan arbetar utifrån är att varje "
        "heltid allmän-specialist ansvarar för 1485 listade patienter när personalbudgetar sätts.",
    ),
    "presets.uncertainty": assumed(
        "Spridningen (listning ±0,5, löner och priser ±1, besök ±10, kostnader ±3 procentenheter, 1 000 "
        "dragningar) är antagen."
    ),
    "presets.list-size-1100": cited(
        VB_SVAR,
        "punkt 1",
        "För att höja läkarbemanningen och nå Socialstyrelsens riktvärde om 1100 listade per läkare, förutsätts "
        "fler läkare i primärvården.",
        assumed="Infasningen 2026–2029 och kostnaden per läkarheltid är antagna.",
    ),
    "presets.neutrality": cited(
        VB_SVAR,
        "punkt 9",
        "Tre av landets 21 regioner kompenserar privata utförare för detta.",
        note="Neutralitetsersättning: de privata får per listad lika mycket som regionen täcker i förluster.",
    ),
    "presets.jamtland-2010": cited(
        Z_OVERSYN,
        "avsnitt 1",
        "Ekonomiska avvikelser som innebär underskott eller överskott skall återställas de tre kommande åren.",
        note="Jämtland Härjedalens modell (LS/42/2010) prövad på regionens vårdcentraler i egen regi.",
    ),
    "presets.intraprenad-all": cited(
        U_EVAL,
        "avsnitt 4.3",
        "exklusive det egna kapital om 17 miljoner kronor som tilldelades Närvården vid uppstarten 2020",
        note="Intraprenadens regler är Närvårdens (se Västmanland).",
        assumed="Startkapitalet skalas efter listade (17 mnkr för Närvårdens omkring 117 500 listade); startåret "
        "2026 är antaget.",
    ),
    "presets.motion-70-30": cited(
        VB_SVAR,
        "punkt 7",
        "Därför behöver den rörliga ersättningen höjas till 30 procent och den fasta blir 70 procent. I den fasta "
        "ersättningen föreslås en ökad nivå av glesbygdsersättning/litenhetsersättning.",
        assumed="Motionen gäller Västerbotten och anger inget belopp eller år: här höjs gles- och "
        "litenhetsersättningen med hälften från 2026.",
    ),
}


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
    margins={"egen_regi": (-0.09, -0.015), "private": (-0.01, 0.04)},
    hired_share={"egen_regi": (0.12, 0.18), "private": (0.04, 0.10)},
    phone_access=(0.55, 0.85),
    assessment_3d=(0.52, 0.80),
    basis={
        "population": assumed("Omkring 278 000 invånare; folkmängden står inte i källorna."),
        "centres": cited(VB_MOTION, "s. 1", "Det finns 38 hälsocentraler i region Västerbotten varav 5 privata."),
        "centres.private": cited(
            VB_MOTION, "s. 1", "Det finns 38 hälsocentraler i region Västerbotten varav 5 privata."
        ),
        "centres.egen_regi": cited(
            VB_MOTION, "s. 1", "Det finns 38 hälsocentraler i region Västerbotten varav 5 privata.", note="38 − 5 = 33."
        ),
        "units": assumed("Varje hälsocentral är sin egen resultatenhet; källorna säger inget om resultatenheter."),
        "compensation.budget_per_listed": assumed(
            "4 300 kr per listad; källan anger inte vårdpengens storlek.",
            VB_SVAR,
            "punkt 1",
            "Således behöver antingen vårdpengen höjas eller beställningen förändras.",
        ),
        "compensation.fixed_share": cited(
            VB_SVAR,
            "punkt 7",
            "Nuvarande ersättningsmodell har fördelningen 87 procent fast ersättning och 13 procent rörlig ersättning.",
        ),
        "compensation.sparsity_per_listed": assumed(
            "250 kr per listad i glesbygd; källan nämner ersättningen men inte beloppet.",
            VB_SVAR,
            "punkt 7",
            "I den fasta ersättningen föreslås en ökad nivå av glesbygdsersättning/litenhetsersättning.",
        ),
        "compensation.small_unit_threshold": assumed("Småenhetstillägg under 4 000 listade; beloppen är inte kända."),
        "compensation.small_unit_amount": assumed("Högst 1,5 mnkr per vårdcentral; beloppet är inte känt."),
        "compensation.goal_share": assumed(
            "30 % av den rörliga potten är målrelaterad; källan anger inte andelen.",
            VB_SVAR,
            "punkt 7",
            "2022 införde Region Västerbotten målrelaterade tillgänglighetsersättningar inom den rörliga ersättningen.",
        ),
        "compensation.goals": cited(
            VB_SVAR,
            "punkt 7",
            "Målrelaterad ersättning ges både för telefontillgänglighet och medicinsk bedömning inom tre dagar, "
            "enligt vårdgarantin.",
            assumed="Målens vikter (hälften var), golv (70 % och 60 %) och mål (90 % och 85 %) är antagna.",
        ),
        "compensation.outside_visit_fee": assumed(
            "650 kr per besök hos annan vårdgivare; källan beskriver avgiften men inte beloppet.",
            VB_SVAR,
            "punkt 10",
            "De så kallade otrohetsavgifterna innebär att hälsocentralen får betala en avgift för "
            "primärvårdsbesök som egna listade gör vid annan hälsocentral",
        ),
        "ledger.egen_regi.deficit": cited(
            VB_SVAR,
            "punkt 9",
            "Regionen behöver se över sitt system med hur underskott i den eget drivna verksamheten hanteras så "
            "att, då det sker avskrivningar av underskott, så sker en kompensation till de privatdrivna "
            "verksamheterna.",
            note="Regionen skriver av (täcker) underskotten i egen regi; svaret ändrar inte den hanteringen.",
        ),
        "ledger.egen_regi.surplus_retention": cited(
            VB_MOTION,
            "s. 1",
            "Eget kapital - ökat ekonomiskt incitament",
            note="Eget kapital är något motionen vill införa med intraprenad: i egen regi behålls inget överskott.",
        ),
        "ledger.intraprenad.surplus_retention": assumed(
            "Västerbotten har ingen intraprenad; om en bildas antas den få Närvårdens regler (se Västmanland)."
        ),
        "ledger.intraprenad.deficit": assumed(
            "Västerbotten har ingen intraprenad; om en bildas antas den få Närvårdens regler (se Västmanland)."
        ),
        "ledger.intraprenad.restoration_years": assumed("Tre år att återställa ett underskott, som i Jämtland 2010."),
        "ledger.intraprenad.return_requirement": assumed(
            "1,7 mnkr om året: Närvårdens avkastningskrav i Västmanland, lånat.",
            U_EVAL,
            "avsnitt 4.3",
            "ett årligt avkastningskrav på 1,7 miljoner kronor",
        ),
        "margins.egen_regi": cited(
            VB_MOTION,
            "s. 1",
            "Ekonomiskt har samtliga regiondrivna hälsocentraler gått med underskott 2023.",
            assumed="Basåret är 2024: att alla regiondrivna går med underskott också då, med en marginal mellan "
            "−9 och −1,5 % av intäkten, är antaget.",
        ),
        "margins.private": assumed("Privata kring noll: −1 till +4 % av intäkten."),
        "hired_share.egen_regi": assumed("Hyrpersonal 12–18 % av personalkostnaden; källorna anger inte andelen."),
        "hired_share.private": assumed("Hyrpersonal 4–10 % av personalkostnaden."),
        "phone_access": assumed(
            "Telefontillgänglighet 55–85 %; källan anger ingen siffra.",
            VB_SVAR,
            "punkt 7",
            "Tillgängligheten i Västerbotten är fortsatt låg jämfört med riket i genomsnitt.",
        ),
        "assessment_3d": assumed(
            "Medicinsk bedömning inom tre dagar 52–80 %; källan anger ingen siffra.",
            VB_SVAR,
            "punkt 7",
            "Tillgängligheten i Västerbotten är fortsatt låg jämfört med riket i genomsnitt.",
        ),
        "presets.motion-70-30": cited(
            VB_SVAR,
            "punkt 7",
            "Därför behöver den rörliga ersättningen höjas till 30 procent och den fasta blir 70 procent. I den "
            "fasta ersättningen föreslås en ökad nivå av glesbygdsersättning/litenhetsersättning.",
            assumed="Motionen anger inget belopp eller år: gles- och litenhetsersättningen höjs med hälften från 2026.",
        ),
        "presets.intraprenad-all": cited(
            VB_MOTION,
            "yrkande 2",
            "införa Intraprenad som driftsform vid alla eller utvalda regiondrivna hälsocentraler i region "
            "Västerbotten.",
            note="Alla regiondrivna blir en intraprenad med Närvårdens regler.",
            assumed="Startkapitalet skalas efter Närvårdens 17 mnkr för omkring 117 500 listade; startåret 2026 "
            "är antaget.",
        ),
    },
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
    hired_share_target={"intraprenad": 0.105},
    achievement_target={"intraprenad": {"phone_access": 0.88, "assessment_3d": 0.78}},
    basis={
        "population": assumed(
            "282 000 invånare: så många att Närvårdens omkring 117 500 listade är knappt 42 % av dem; "
            "folkmängden står inte i källan."
        ),
        "listed": cited(
            U_EVAL,
            "avsnitt 4.2, Marknadsandelar och patientvolym",
            "har marknadsandelen legat relativt konstant runt 41–42 %",
            note="Alla invånare listade: Närvårdens 117 500 är 41,7 % av 282 000.",
            assumed="Att alla invånare är listade är antaget.",
        ),
        "centres": assumed("27 vårdcentraler; utvärderingen anger inte antalet vårdcentraler."),
        "centres.intraprenad": assumed(
            "12 vårdcentraler i Närvården; utvärderingen anger inte antalet, bara att alla regiondrivna ingår.",
            U_EVAL,
            "avsnitt 2.1",
            "År 2020 fattade Regionstyrelsen beslut om att regionens offentligt drivna vårdcentraler skulle "
            "organiseras som intraprenad under namnet Närvården Västmanland.",
        ),
        "centres.private": assumed("15 privata vårdcentraler; utvärderingen anger inte antalet."),
        "units": cited(
            U_EVAL,
            "avsnitt 4.3",
            "Om Närvården som helhet redovisar ett positivt resultat vi årets slut öronmärks överskottet som "
            "Närvårdens egna kapital",
            note="Närvården är en resultatenhet: dess vårdcentraler delar resultat och eget kapital.",
        ),
        "unit_listed.Närvården": cited(
            U_EVAL,
            "avsnitt 4.2, Marknadsandelar och patientvolym",
            "Antalet listade patienter har ökat från cirka 109 000 år 2016 till över 117 000 år 2023",
            assumed="117 500 listade används för basåret 2024.",
        ),
        "compensation.budget_per_listed": assumed("4 250 kr per listad; utvärderingen anger inte vårdpengen."),
        "compensation.fixed_share": assumed(
            "85 % fast ersättning: inom landets spann, men Västmanlands andel står inte i källorna.",
            VB_SVAR,
            "punkt 7",
            "Variationen i landet är mellan 74 – 100 procent fast ersättning.",
        ),
        "compensation.sparsity_per_listed": assumed("150 kr per listad i glesbygd."),
        "compensation.small_unit_threshold": assumed("Småenhetstillägg under 3 000 listade."),
        "compensation.small_unit_amount": assumed("Högst 1,0 mnkr per vårdcentral."),
        "compensation.goal_share": assumed("25 % av den rörliga potten är målrelaterad."),
        "compensation.goals": assumed(
            "Samma två mål som i Västerbotten; utvärderingen följer dem som nyckeltal, inte som ersättning.",
            U_EVAL,
            "avsnitt 4.2, Patientperspektiv",
            "Andelen patienter som får medicinsk bedömning inom tre dagar har samtidigt varit stabil på 78 %",
        ),
        "compensation.outside_visit_fee": assumed("600 kr per besök hos annan vårdgivare."),
        "ledger.egen_regi.surplus_retention": cited(
            U_EVAL,
            "avsnitt 2.1",
            "År 2020 fattade Regionstyrelsen beslut om att regionens offentligt drivna vårdcentraler skulle "
            "organiseras som intraprenad under namnet Närvården Västmanland.",
            note="Ingen vårdcentral drivs i egen regi; regeln används bara om någon skulle göra det.",
            assumed="Regeln (regionen tar överskott och täcker underskott) är antagen.",
        ),
        "ledger.egen_regi.deficit": assumed("Ingen vårdcentral drivs i egen regi; regionen skulle täcka underskott."),
        "ledger.intraprenad.surplus_retention": cited(
            U_EVAL,
            "avsnitt 4.3",
            "Om Närvården som helhet redovisar ett positivt resultat vi årets slut öronmärks överskottet som "
            "Närvårdens egna kapital",
        ),
        "ledger.intraprenad.deficit": cited(
            U_EVAL,
            "avsnitt 4.3",
            "Ett negativt resultat belastar det egna kapitalet och regionens totala resultat.",
            note="Ett underskott dras från det egna kapitalet (förs över).",
        ),
        "ledger.intraprenad.restoration_years": assumed(
            "Tre år att återställa ett underskott innan regionen skriver av det; utvärderingen nämner bara en "
            "åtgärdsplan.",
            U_EVAL,
            "avsnitt 5.2",
            "Ekonomisk disciplin genom krav på eget kapital, åtgärdsplan vid underskott och regelbunden rapportering.",
        ),
        "ledger.intraprenad.return_requirement": cited(
            U_EVAL,
            "avsnitt 4.3",
            "har regionen i Närvårdens ägardirektiv satt ett årligt avkastningskrav på 1,7 miljoner kronor som har "
            "varit detsamma sedan 2020.",
        ),
        "margins.intraprenad": cited(
            U_EVAL,
            "avsnitt 4.2, Ekonomiskt perspektiv",
            "Det ekonomiska resultatet för 2024 uppgår till +5,8 mnkr",
            note="Marginalerna dras mellan −2 och +3 % och justeras så att Närvårdens resultat blir +5,8 mnkr.",
        ),
        "target_result.intraprenad": cited(
            U_EVAL,
            "avsnitt 4.2, Ekonomiskt perspektiv",
            "Det ekonomiska resultatet för 2024 uppgår till +5,8 mnkr",
            assumed="Resultatet antas vara efter avkastningskravet: vårdcentralerna tjänar 7,5 mnkr, enheten "
            "lämnar 1,7 mnkr och behåller 5,8 mnkr.",
        ),
        "opening_balance.Närvården": cited(
            U_EVAL,
            "avsnitt 4.3",
            "Närvårdens egna kapital, efter beslut om resultatreglering för 2024, uppgick till 86,1 miljoner "
            "kronor, exklusive det egna kapital om 17 miljoner kronor som tilldelades Närvården vid uppstarten 2020.",
            note="Vid basårets början: 86,1 − 5,8 (årets resultat) + 17 (startkapitalet) = 97,3 mnkr.",
            assumed="Att de 3,6 mnkr som tagits i anspråk redan är dragna från 86,1 mnkr är antaget.",
        ),
        "margins.private": assumed("Privata kring noll: −2 till +4 % av intäkten."),
        "hired_share.intraprenad": cited(
            U_EVAL,
            "avsnitt 4.2, Ekonomiskt perspektiv",
            "Även andelen kostnad för inhyrd personal har minskat successivt, från ca 18 % år 2016-2019 till 10,5 % "
            "år 2024",
            note="Närvårdens hyrkostnad är exakt 10,5 % av dess personalkostnad (hyrd plus egen) basåret.",
        ),
        "hired_share.private": assumed("Hyrpersonal 4–10 % av personalkostnaden hos de privata."),
        "phone_access": cited(
            U_EVAL,
            "avsnitt 4.2, Patientperspektiv",
            "Telefontillgängligheten har ökat från 80 % år 2021 till 88 % under 2023 och 2024",
            note="Närvårdens genomsnitt (viktat med listade) är 88 %.",
            assumed="Privata vårdcentraler: samma spann (84–92 %), antaget.",
        ),
        "assessment_3d": cited(
            U_EVAL,
            "avsnitt 4.2, Patientperspektiv",
            "Andelen patienter som får medicinsk bedömning inom tre dagar har samtidigt varit stabil på 78 %",
            note="Närvårdens genomsnitt (viktat med listade) är 78 %.",
            assumed="Privata vårdcentraler: samma spann (74–82 %), antaget.",
        ),
    },
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
        # LS/42/2010, per närvårdsområde: results are carried; a deficit must be restored, and a surplus
        # used, within three years (spec 1.2's surplus_expiry_years). The 2017 review proposed ending
        # it from 1 March 2018; the sources do not say it was.
        "egen_regi": {
            "surplus_retention": 1.0,
            "deficit": "carried",
            "restoration_years": 3,
            "surplus_expiry_years": 3,
        },
        "intraprenad": {"surplus_retention": 1.0, "deficit": "carried", "restoration_years": 3},
        "private": {"surplus_retention": 1.0, "deficit": "borne"},
    },
    margins={"egen_regi": (-0.06, 0.02), "private": (-0.01, 0.03)},
    hired_share={"egen_regi": (0.12, 0.18), "private": (0.04, 0.10)},
    # About six mnkr in the first four months of 2017: eighteen a year (the review, 4.3).
    overhead_total={"egen_regi": 18_000_000},
    basis={
        "population": assumed("Omkring 132 000 invånare; folkmängden står inte i källorna."),
        "centres": assumed("28 vårdcentraler; källorna anger inte antalet."),
        "centres.egen_regi": assumed(
            "23 vårdcentraler i egen regi, fördelade på åtta närvårdsområden; källorna anger inte antalet "
            "vårdcentraler.",
            Z_OVERSYN,
            "avsnitt 4.2, fråga 3",
            "Fem av åtta svarar ja",
        ),
        "centres.private": assumed("5 privata vårdcentraler (Offerdal, Hammerdal, Hoting, Strömsund, Hede): påhittat."),
        "units": cited(
            Z_OVERSYN,
            "avsnitt 4.1",
            "I beslutet framkommer att egenregin ska organiseras i kommunvisa närvårdsområden som leds av en "
            "verksamhetschef.",
            note="Ett närvårdsområde per kommun är en resultatenhet: modellen för över- och underskott tillämpas på "
            "närvårdsområdesnivå (samma avsnitt).",
        ),
        "compensation.budget_per_listed": assumed("4 450 kr per listad; källorna anger inte vårdpengen."),
        "compensation.fixed_share": assumed(
            "88 % fast ersättning: inom landets spann, men Jämtlands andel står inte i källorna.",
            VB_SVAR,
            "punkt 7",
            "Variationen i landet är mellan 74 – 100 procent fast ersättning.",
        ),
        "compensation.sparsity_per_listed": assumed("400 kr per listad i glesbygd."),
        "compensation.small_unit_threshold": assumed("Småenhetstillägg under 5 000 listade."),
        "compensation.small_unit_amount": assumed("Högst 2,0 mnkr per vårdcentral."),
        "compensation.goal_share": assumed("30 % av den rörliga potten är målrelaterad."),
        "compensation.goals": assumed("Samma två mål som i Västerbotten."),
        "compensation.outside_visit_fee": assumed("650 kr per besök hos annan vårdgivare."),
        "ledger.egen_regi.deficit": cited(
            Z_OVERSYN,
            "avsnitt 4.1",
            "Jämtlands läns landsting införde en modell från 2010 som innebär att verksamhetsområdena fiktivt bär "
            "med sig över- och underskott mellan åren.",
            note="Underskotten förs över (LS/42/2010). Översynen 2017 föreslog att modellen skulle upphöra 1 mars "
            "2018; källorna säger inte att förslaget antogs. Förslaget finns som förval.",
        ),
        "ledger.egen_regi.restoration_years": cited(
            Z_OVERSYN, "avsnitt 4.1", "Tidsfristen för att återställa ett negativt resultat är tre år."
        ),
        "ledger.egen_regi.surplus_expiry_years": cited(
            Z_OVERSYN,
            "avsnitt 1",
            "Ekonomiska avvikelser som innebär underskott eller överskott skall återställas de tre kommande åren.",
            note="Ett överskott som inte använts inom tre år går tillbaka till regionen.",
        ),
        "ledger.egen_regi.surplus_retention": cited(
            Z_OVERSYN,
            "avsnitt 4.1",
            "Om ett område har redovisar överskott får området ha det tillgodo för att möta eventuella underskott "
            "kommande år.",
        ),
        "ledger.intraprenad.surplus_retention": cited(
            Z_OVERSYN,
            "avsnitt 6",
            "Intraprenaderna har en treårsöverenskommelse med särskild över- och underskottshantering",
            note="Som Åre och Krokom 2006–2008: över- och underskott förs över.",
        ),
        "ledger.intraprenad.deficit": cited(
            Z_OVERSYN,
            "avsnitt 6",
            "Intraprenaderna har en treårsöverenskommelse med särskild över- och underskottshantering",
        ),
        "ledger.intraprenad.restoration_years": cited(
            Z_OVERSYN,
            "avsnitt 6",
            "Intraprenaderna har en treårsöverenskommelse med särskild över- och underskottshantering",
        ),
        "overhead.egen_regi": cited(
            Z_OVERSYN,
            "avsnitt 4.3",
            "Under första tertialet 2017 hade egenregin i primärvården en ”overheadkostnad” på ca sex miljoner "
            "kronor som finansieras med ersättningen från hälsovalet.",
            note="Central overhead för egen regi: 3 × 6 = 18 mnkr om året.",
            assumed="Att tertialet motsvarar en tredjedel av året och att nivån gäller basåret 2024 är antaget.",
        ),
        "margins.egen_regi": cited(
            Z_OVERSYN,
            "avsnitt 4.3",
            "Dessa minskade kostnader har haft stora konsekvenser för primärvården, inte minst i egen regi, som "
            "efter införandet av hälsoval årligen haft ett minusresultat på totalen.",
            assumed="Marginalerna dras mellan −6 och +2 %: egen regi går med underskott totalt också basåret "
            "2024, vilket är antaget.",
        ),
        "margins.private": assumed("Privata kring noll: −1 till +3 % av intäkten."),
        "hired_share.egen_regi": assumed("Hyrpersonal 12–18 % av personalkostnaden; källorna anger inte andelen."),
        "hired_share.private": assumed("Hyrpersonal 4–10 % av personalkostnaden."),
        "phone_access": assumed("Telefontillgänglighet 62–90 %; källorna anger ingen siffra."),
        "assessment_3d": assumed("Medicinsk bedömning inom tre dagar 58–86 %; källorna anger ingen siffra."),
        "presets.jamtland-2018": cited(
            Z_ARENDE,
            "regiondirektörens förslag, 4 b",
            "Nuvarande modell för över- och underskottshantering (LS/42/2010) upphör att gälla från och med 1 "
            "mars 2018.",
            note="Regionen täcker de regiondrivna enheternas underskott och tar deras överskott.",
        ),
    },
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
    basis={
        "population": assumed("Omkring 310 000 invånare; folkmängden står inte i källorna."),
        "centres": assumed("30 vårdcentraler; inget källdokument beskriver Örebros vårdcentraler."),
        "centres.egen_regi": assumed(
            "26 vårdcentraler i egen regi och ingen intraprenad: Örebros intraprenad i primärvården har avslutats.",
            Z_OVERSYN,
            "avsnitt 3.1",
            "att Örebro haft intraprenad inom primärvården men att den avlutats i samband med att chefen slutade.",
        ),
        "centres.private": assumed("4 privata vårdcentraler: påhittat."),
        "units": assumed("Varje vårdcentral är sin egen resultatenhet."),
        "compensation.budget_per_listed": assumed("4 300 kr per listad."),
        "compensation.fixed_share": assumed(
            "80 % fast ersättning: inom landets spann, men Örebros andel står inte i källorna.",
            VB_SVAR,
            "punkt 7",
            "Variationen i landet är mellan 74 – 100 procent fast ersättning.",
        ),
        "compensation.sparsity_per_listed": assumed("200 kr per listad i glesbygd."),
        "compensation.small_unit_threshold": assumed("Småenhetstillägg under 3 500 listade."),
        "compensation.small_unit_amount": assumed("Högst 1,2 mnkr per vårdcentral."),
        "compensation.goal_share": assumed("30 % av den rörliga potten är målrelaterad."),
        "compensation.goals": assumed("Samma två mål som i Västerbotten."),
        "compensation.outside_visit_fee": assumed("650 kr per besök hos annan vårdgivare."),
        "ledger.egen_regi.surplus_retention": assumed("Regionen tar överskotten i egen regi."),
        "ledger.egen_regi.deficit": assumed("Regionen täcker underskotten i egen regi."),
        "ledger.intraprenad.surplus_retention": assumed("Om en intraprenad bildas behåller den sitt överskott."),
        "ledger.intraprenad.deficit": assumed("Om en intraprenad bildas förs dess underskott över."),
        "ledger.intraprenad.restoration_years": assumed("Tre år att återställa ett underskott."),
        "margins.egen_regi": assumed(
            "Marginaler mellan −5 och +3 % av intäkten; Västmanlands jämförelse ger inga siffror för Örebro.",
            U_EVAL,
            "avsnitt 4.4",
            "Under senare år har Region Örebro arbetat aktivt med ekonomiska handlingsplaner, vilket enligt uppgift "
            "har börjat ge effekt under 2025.",
        ),
        "margins.private": assumed("Privata kring noll: −1 till +4 % av intäkten."),
        "hired_share.egen_regi": assumed("Hyrpersonal 10–15 % av personalkostnaden."),
        "hired_share.private": assumed("Hyrpersonal 4–10 % av personalkostnaden."),
        "phone_access": assumed("Telefontillgänglighet 62–90 %; källorna anger ingen siffra."),
        "assessment_3d": assumed("Medicinsk bedömning inom tre dagar 58–86 %; källorna anger ingen siffra."),
    },
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
