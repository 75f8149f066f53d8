"""Region Jämtland Härjedalen (Z): region-run centres in eight närvårdsområden that carry their
results for three years (LS/42/2010), and the 2017 review's proposal to end that."""

from __future__ import annotations

from regions.demo.profile import GOALS, Profile, sites
from regions.demo.sources import VB_SVAR, Z_ARENDE, Z_OVERSYN, assumed, cited


def _nvo(municipality: str) -> str:
    return f"NVO {municipality}"


JAMTLAND = Profile(
    code="Z",
    name="Region Jämtland Härjedalen",
    population=132_000,
    seed=2403,
    sites=(
        *sites(
            "Östersund",
            "Odensala, Lugnvik, Z-gränd, Torvalla, Frösön, Brunflo, Lit",
            "city",
            unit=_nvo("Östersund"),
        ),
        *sites("Krokom", "Krokom, Föllinge, Ås", "rural", unit=_nvo("Krokom")),
        *sites("Åre", "Järpen, Åre, Duved", "rural", unit=_nvo("Åre")),
        *sites("Berg", "Svenstavik, Hackås, Myrviken", "rural", unit=_nvo("Berg")),
        *sites("Bräcke", "Bräcke, Gällö", "rural", unit=_nvo("Bräcke")),
        *sites("Ragunda", "Hammarstrand, Stugun", "rural", unit=_nvo("Ragunda")),
        *sites("Strömsund", "Backe", "rural", unit=_nvo("Strömsund")),
        *sites("Härjedalen", "Sveg, Funäsdalen", "rural", unit=_nvo("Härjedalen")),
        *sites("Krokom", "Offerdal", "rural", "private"),
        *sites("Strömsund", "Hammerdal, Hoting", "rural", "private"),
        *sites("Strömsund", "Strömsund", "town", "private"),
        *sites("Härjedalen", "Hede", "rural", "private"),
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
        "compensation.small_unit_threshold": assumed("Litenhetstillägg under 5 000 listade."),
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
            note="Central overheadkostnad för egen regi: 3 × 6 = 18 mnkr om året.",
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
