"""Region Västmanland (U): the region-run centres are one intraprenad, Närvården, since 2020 (the
evaluation of 2025)."""

from __future__ import annotations

from regions.demo.profile import GOALS, Profile, sites
from regions.demo.sources import U_EVAL, VB_SVAR, assumed, cited

NARVARDEN = "Närvården"
VASTMANLAND = Profile(
    code="U",
    name="Region Västmanland",
    population=282_000,
    seed=2402,
    sites=(
        *sites("Västerås", "Skultuna, Bäckby, Viksäng, Herrgärdet", "city", "intraprenad", NARVARDEN),
        *sites("Köping", "Köping", "city", "intraprenad", NARVARDEN),
        *sites("Arboga", "Arboga", "town", "intraprenad", NARVARDEN),
        *sites("Sala", "Sala", "city", "intraprenad", NARVARDEN),
        *sites("Fagersta", "Fagersta", "town", "intraprenad", NARVARDEN),
        *sites("Hallstahammar", "Hallstahammar", "town", "intraprenad", NARVARDEN),
        *sites("Surahammar", "Surahammar", "town", "intraprenad", NARVARDEN),
        *sites("Norberg", "Norberg", "rural", "intraprenad", NARVARDEN),
        *sites("Kungsör", "Kungsör", "town", "intraprenad", NARVARDEN),
        *sites(
            "Västerås",
            "Centrum, City, Kungsgatan, Önsta, Pettersberg, Hammarby, Vallby, Råby, Oxbacken, Skiljebo, Hälla",
            "city",
            "private",
        ),
        *sites("Köping", "Köping Väster", "town", "private"),
        *sites("Sala", "Sala Norra", "town", "private"),
        *sites("Fagersta", "Fagersta Centrum", "town", "private"),
        *sites("Skinnskatteberg", "Skinnskatteberg", "rural", "private"),
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
        "compensation.small_unit_threshold": assumed("Litenhetstillägg under 3 000 listade."),
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
