"""The bases of the figures every demo region shares (the common rules and the calibration)."""

from __future__ import annotations

from regions.demo.sources import U_EVAL, VB_SVAR, Z_OVERSYN, Basis, assumed, cited

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
        "övrigt 15 % och central overheadkostnad 5 % (regiondrivna; hos privata ingår den i övrigt)."
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
