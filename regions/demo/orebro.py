"""Region Örebro län (T): egen regi and a few private centres; its intraprenad has ended."""

from __future__ import annotations

from regions.demo.profile import GOALS, Profile, sites
from regions.demo.sources import U_EVAL, VB_SVAR, Z_OVERSYN, assumed

OREBRO = Profile(
    code="T",
    name="Region Örebro län",
    population=310_000,
    seed=2404,
    sites=(
        *sites(
            "Örebro",
            "Brickebacken, Tybble, Varberga, Vivalla, Baronbackarna, Wadköping, Mikaelsgården, Hovsta, Lillån, "
            "Adolfsberg, Sörbyängen",
            "city",
        ),
        *sites("Örebro", "Skebäck, Nikolai", "city", "private"),
        *sites("Karlskoga", "Bregården, Karlskoga Centrum", "city"),
        *sites("Karlskoga", "Nobel", "city", "private"),
        *sites("Kumla", "Kumla", "city"),
        *sites("Hallsberg", "Hallsberg, Pålsboda", "town"),
        *sites("Lindesberg", "Lindesberg, Frövi, Fellingsbro", "town"),
        *sites("Askersund", "Askersund", "town"),
        *sites("Degerfors", "Degerfors", "town"),
        *sites("Nora", "Nora", "town"),
        *sites("Nora", "Nora Centrum", "town", "private"),
        *sites("Hällefors", "Hällefors", "rural"),
        *sites("Ljusnarsberg", "Kopparberg", "rural"),
        *sites("Laxå", "Laxå", "rural"),
        *sites("Lekeberg", "Fjugesta", "rural"),
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
        "compensation.small_unit_threshold": assumed("Litenhetstillägg under 3 500 listade."),
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
