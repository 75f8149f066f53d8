"""The scenario presets of a demo region, from the source documents: a region's templates, which
always run on its current data. No Django."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from regions.demo.generate import BASE_YEAR, DEMO_NOTE, intraprenad_start_capital
from regions.demo.profile import Profile


def _motion_text(profile: Profile) -> str:
    """The 70/30 motion in the region's own figures: its variable share today, and whose motion it is."""
    fixed = profile.compensation["fixed_share"]
    variable = round((1 - (fixed[min(fixed)] if isinstance(fixed, dict) else fixed)) * 100)
    source = (
        "motion 10-2023, punkt 7"
        if profile.code == "AC"
        else "som motion 10-2023 i Region Västerbotten föreslår för Västerbotten"
    )
    return (
        f"Rörlig ersättning höjs från {variable} till 30 procent från 2026 ({source}). Motionen vill höja gles- "
        "och litenhetsersättningen men anger inget belopp: här höjs de med hälften (antagande)."
    )


def _has_egen_regi(profile: Profile) -> bool:
    return any(site.form == "egen_regi" for site in profile.sites)


def preset_keys(profile: Profile) -> list[str]:
    """The presets the region gets (``presets``), without building them."""
    keys = ["baseline", "motion-70-30"]
    if _has_egen_regi(profile):
        keys.append("intraprenad-all")
        # Jämtland's own rules are LS/42/2010: there the 2010 model changes nothing, and the
        # review's proposal to end it is the question.
        keys.append("jamtland-2018" if profile.code == "Z" else "jamtland-2010")
        keys.append("neutrality")
    return [*keys, "uncertainty", "list-size-1100"]


def presets(profile: Profile, records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Scenario presets from the source documents; those that change nothing in a region are left
    out (Västmanland has no egen regi centres left to convert or to carry results)."""
    return [{"preset": key} | PRESETS[key](profile, records) for key in preset_keys(profile)]


def _baseline(profile: Profile, records: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "name": "Dagens regler och data",
        "description": f"Dagens regler och data för {profile.name}. {DEMO_NOTE}",
    }


def _motion(profile: Profile, records: list[dict[str, Any]]) -> dict[str, Any]:
    comp = profile.compensation
    return {
        "name": "Motion: 70/30",
        "description": _motion_text(profile),
        "overrides": {
            "compensation": {
                "fixed_share": {str(BASE_YEAR): comp["fixed_share"], "2026": 0.70},
                "sparsity_per_listed": {
                    str(BASE_YEAR): comp["sparsity_per_listed"],
                    "2026": comp["sparsity_per_listed"] * 1.5,
                },
                "small_unit_amount": {
                    str(BASE_YEAR): comp["small_unit_amount"],
                    "2026": comp["small_unit_amount"] * 1.5,
                },
            }
        },
    }


def _intraprenad_all(profile: Profile, records: list[dict[str, Any]]) -> dict[str, Any]:
    region_run_listed = sum(r["listed"] for r in records if r["operating_form"] == "egen_regi")
    return {
        "name": "Intraprenad för alla regiondrivna",
        "description": "Alla vårdcentraler i egen regi blir från 2026 en gemensam intraprenad med eget "
        "kapital och Närvårdens regler i Västmanland (avkastningskrav 1,7 mnkr om året). Startkapitalet "
        "står i samma proportion till de listade som Närvårdens 17 mnkr för omkring 117 500 listade "
        "(antagande).",
        "levers": [
            {
                "type": "convert_form",
                "year": 2026,
                "from": "egen_regi",
                "to": "intraprenad",
                "unit": f"{profile.code} Intraprenad",
                "start_capital": intraprenad_start_capital(region_run_listed),
            }
        ],
    }


def _jamtland_2010(profile: Profile, records: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "name": "Jämtlandsmodellen 2010: överföring med 3 års återställande",
        "description": "Regiondrivna enheter tar med sig över- och underskott; underskott ska "
        "återställas inom tre år, annars skrivs de av, och överskott användas inom tre år, annars går de "
        "tillbaka till regionen (LS/42/2010, Jämtland Härjedalen).",
        "overrides": {
            "ledger": {
                "egen_regi": {
                    "deficit": "carried",
                    "restoration_years": 3,
                    "surplus_retention": 1.0,
                    "surplus_expiry_years": 3,
                }
            }
        },
    }


def _jamtland_2018(profile: Profile, records: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "name": "Översynens förslag: regionen täcker underskotten",
        "description": "Regiondirektörens förslag efter översynen 2017: modellen för över- och "
        "underskottshantering (LS/42/2010) upphör från 1 mars 2018, så regionen täcker närvårdsområdenas "
        "underskott och tar deras överskott. Källorna visar inte om fullmäktige antog förslaget.",
        "overrides": {"ledger": {"egen_regi": {"deficit": "covered", "surplus_retention": 0.0}}},
    }


def _neutrality(profile: Profile, records: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "name": "Förlusttäckning med neutralitetsersättning",
        "description": "Regionen täcker regiondrivna underskott och betalar privata vårdcentraler lika "
        "mycket per listad (konkurrensneutralitet; tre av 21 regioner gör så enligt motionssvar 10-2023, "
        "punkt 9).",
        "overrides": {"neutrality_compensation": True},
    }


#: The spread of the "uncertainty" preset (an assumption, COMMON_BASIS["presets.uncertainty"]).
UNCERTAINTY = {
    "draws": 1000,
    "seed": 2024,
    "listed_growth_sd": 0.005,
    "wage_growth_sd": 0.01,
    "price_growth_sd": 0.01,
    "visit_rate_sd": 0.1,
    "cost_sd": 0.03,
}


def _uncertainty(profile: Profile, records: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "name": "Dagens regler med osäkerhet",
        "description": "Dagens regler, med osäkerhet i listning, löner, priser, besök och kostnader "
        "(1 000 dragningar; spridningen är antagen): banden visar 5–95 och 25–75 procent av utfallen.",
        "overrides": {"uncertainty": dict(UNCERTAINTY)},
    }


def _list_size(profile: Profile, records: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "name": "Listtak 1 100 per läkare",
        "description": "Fler läkare tills varje läkarheltid har högst 1 100 listade (Socialstyrelsens "
        "riktvärde, motionssvar 10-2023 punkt 1), infasat 2026–2029 (antagande). Demodatan räknar i dag "
        "med 1 485 listade per heltid, den riktlinje Skellefteå/Norsjö i Västerbotten planerar efter, "
        "bemannad till 70–100 % (antagande för alla andra).",
        "levers": [{"type": "gp_list_target", "from_year": 2026, "listed_per_gp": 1100, "phase_years": 4}],
    }


PRESETS: dict[str, Callable[[Profile, list[dict[str, Any]]], dict[str, Any]]] = {
    "baseline": _baseline,
    "motion-70-30": _motion,
    "intraprenad-all": _intraprenad_all,
    "jamtland-2010": _jamtland_2010,
    "jamtland-2018": _jamtland_2018,
    "neutrality": _neutrality,
    "uncertainty": _uncertainty,
    "list-size-1100": _list_size,
}
