"""Region Västerbotten (AC): 38 hälsocentraler, 5 of them private (the 2024 motion), all region-run
ones in deficit; its 87/13 compensation model (the majority's answer to motion 10-2023)."""

from __future__ import annotations

from regions.demo.profile import GOALS, Profile, sites
from regions.demo.sources import U_EVAL, VB_MOTION, VB_SVAR, assumed, cited

VASTERBOTTEN = Profile(
    code="AC",
    name="Region Västerbotten",
    population=278_000,
    seed=2401,
    sites=(
        *sites("Umeå", "Ålidhem, Mariehem, Tegs, Sandbacka, Backen, Carlslid, Väst, Tomtebo", "city"),
        *sites("Umeå", "Ersboda, Haga, Västerslätt", "city", "private"),
        *sites("Umeå", "Holmsund, Sävar, Hörnefors"),
        *sites("Skellefteå", "Centrum, Norrböle, Anderstorp, Ursviken", "city"),
        *sites("Skellefteå", "Morö Backe, Kåge", "town", "private"),
        *sites("Skellefteå", "Bureå, Boliden, Burträsk, Jörn", "rural"),
        *sites("Lycksele", "Lycksele"),
        *sites("Vännäs", "Vännäs"),
        *sites("Robertsfors", "Robertsfors", "rural"),
        *sites("Nordmaling", "Nordmaling", "rural"),
        *sites("Vindeln", "Vindeln", "rural"),
        *sites("Bjurholm", "Bjurholm", "rural"),
        *sites("Vilhelmina", "Vilhelmina", "rural"),
        *sites("Storuman", "Storuman, Tärnaby", "rural"),
        *sites("Sorsele", "Sorsele", "rural"),
        *sites("Malå", "Malå", "rural"),
        *sites("Norsjö", "Norsjö", "rural"),
        *sites("Åsele", "Åsele", "rural"),
        *sites("Dorotea", "Dorotea", "rural"),
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
        "compensation.small_unit_threshold": assumed("Litenhetstillägg under 4 000 listade; beloppen är inte kända."),
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
