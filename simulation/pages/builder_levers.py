"""The builder's levers: which of a scenario's levers the form shows (the others are kept as they
are, in their places), the form's values of a lever, and the levers the form's values make (§4)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from regions.demo import intraprenad_start_capital
from simulation.pages.builder_fields import FORM_KEYS, OVERHEAD, REGION_RUN, show


@dataclass(frozen=True)
class Kept:
    """What a saved scenario holds that the form does not show: kept as it is when saved again."""

    overrides: dict[str, Any] = field(default_factory=dict)
    levers: list[dict[str, Any]] = field(default_factory=list)
    #: Where each lever the form shows stood among the scenario's levers (kind → position): the
    #: form's lever goes back there, since the later of two levers on the same centre wins (§4).
    shown_at: dict[str, int] = field(default_factory=dict)


def lever_initial(shown: dict[str, dict[str, Any]], centres: list[dict[str, Any]]) -> dict[str, Any]:
    initial: dict[str, Any] = {}
    if "convert_form" in shown:
        lever = shown["convert_form"]
        # A conversion "from egen regi" (the preset) is every centre that is egen regi in the data.
        chosen = lever.get("centres") or [c["id"] for c in centres if c["operating_form"] == "egen_regi"]
        listed = {c["id"]: c["listed"] for c in centres}
        capital = lever.get("start_capital", 0.0)
        by_rule = capital == intraprenad_start_capital(sum(listed.get(c, 0.0) for c in chosen))
        initial |= {
            "convert_centres": list(chosen),
            "convert_year": lever["year"],
            "convert_start_capital": "" if by_rule else show(capital),
        }
        if lever.get("unit"):
            initial["convert_unit"] = lever["unit"]
    if "hired_share" in shown:
        initial |= {
            "hired_target": show(shown["hired_share"]["target"] * 100),
            "hired_year": shown["hired_share"]["year"],
        }
    if "efficiency" in shown:
        lever = shown["efficiency"]
        initial |= {"efficiency_annual": show(lever["annual"] * 100), "efficiency_from": lever["from_year"]}
    if "goal_trend" in shown:
        lever = shown["goal_trend"]
        initial |= {
            "trend_goal": lever["goal"],
            "trend_annual": show(lever["annual"] * 100),
            "trend_from": lever["from_year"],
            "trend_forms": [form for form in FORM_KEYS if form in lever_forms(lever)],
        }
    if "overhead_reduction" in shown:
        lever = shown["overhead_reduction"]
        initial |= {
            "overhead_share": show(lever["share"] * 100),
            "overhead_from": lever["from_year"],
            "overhead_funded_by": lever.get("funded_by", OVERHEAD.defaults["funded_by"]),
        }
    if "gp_list_target" in shown:
        lever = shown["gp_list_target"]
        initial |= {
            "listed_per_gp": show(lever["listed_per_gp"]),
            "gp_from": lever["from_year"],
            "gp_phase_years": int(lever.get("phase_years", 1)),
        }
    return initial


def lever_forms(lever: dict[str, Any], key: str = "forms") -> frozenset[str]:
    """The forms a lever selects (every form when it names none; a saved lever may name one as text)."""
    forms_ = lever.get(key)
    if forms_ is None:
        return frozenset(FORM_KEYS)
    return frozenset([forms_] if isinstance(forms_, str) else forms_)


def split_levers(levers: list[dict[str, Any]]) -> tuple[dict[str, dict[str, Any]], list[dict[str, Any]]]:
    """The levers the form shows and the others, kept as they are. Shown: the first of each kind
    the form has that applies to every centre — an accessibility trend may name forms, and an
    overhead reduction may name both region-run forms (the only ones it touches, R17) — and a
    conversion into intraprenad of named egen regi centres, or of every egen regi centre when it is
    the scenario's only conversion (the preset "Intraprenad för alla")."""
    conversions = sum(1 for lever in levers if lever["type"] == "convert_form")
    shown: dict[str, dict[str, Any]] = {}
    kept = []
    for lever in levers:
        kind = lever["type"]
        every_centre = lever.get("centres") in (None, "all")
        plain = every_centre and not lever.get("forms")
        named = isinstance(lever.get("centres"), list) and not lever.get("from")
        all_egen_regi = (
            conversions == 1 and lever.get("centres") is None and lever_forms(lever, "from") == {"egen_regi"}
        )
        fits = {
            "convert_form": lever.get("to") == "intraprenad" and (named or (all_egen_regi and "from" in lever)),
            "hired_share": plain,
            "efficiency": plain,
            "goal_trend": every_centre and bool(lever_forms(lever)),
            "overhead_reduction": every_centre and lever_forms(lever) >= REGION_RUN,
            "gp_list_target": plain,
        }.get(kind, False)
        if fits and kind not in shown:
            shown[kind] = lever
        else:
            kept.append(lever)
    return shown, kept


def kept_parts(overrides: dict[str, Any], levers: list[dict[str, Any]]) -> Kept:
    """A saved scenario's changes the form does not write (see the module's docstring)."""
    shown, kept = split_levers(levers)
    positions = {kind: next(i for i, lever in enumerate(levers) if lever is shown[kind]) for kind in shown}
    return Kept(overrides=overrides or {}, levers=kept, shown_at=positions)


def levers_in_order(mine: list[dict[str, Any]], kept: Kept) -> list[dict[str, Any]]:
    """The form's levers and the kept ones in the scenario's order: a lever the scenario had stays
    where it was (or goes, when the form no longer sets it); a new one comes first."""
    by_kind = {lever["type"]: lever for lever in mine}
    slots = {position: kind for kind, position in kept.shown_at.items()}
    ordered = [lever for lever in mine if lever["type"] not in kept.shown_at]
    others = iter(kept.levers)
    for position in range(len(kept.levers) + len(slots)):
        if position in slots:
            ordered += [by_kind[slots[position]]] if slots[position] in by_kind else []
        else:
            ordered.append(next(others))
    return ordered


def form_levers(data: dict[str, Any]) -> list[dict[str, Any]]:
    levers: list[dict[str, Any]] = []
    if data.get("convert_centres"):
        lever = {
            "type": "convert_form",
            "year": data["convert_year"],
            "centres": list(data["convert_centres"]),
            "to": "intraprenad",
            "start_capital": data.get("convert_start_capital") or 0.0,
        }
        if data.get("convert_unit"):
            lever["unit"] = data["convert_unit"]
        levers.append(lever)
    if data.get("hired_target") is not None:
        levers.append({"type": "hired_share", "year": data["hired_year"], "target": data["hired_target"]})
    if data.get("efficiency_annual"):
        levers.append({"type": "efficiency", "from_year": data["efficiency_from"], "annual": data["efficiency_annual"]})
    if data.get("trend_annual"):
        trend = {
            "type": "goal_trend",
            "goal": data["trend_goal"],
            "from_year": data["trend_from"],
            "annual": data["trend_annual"],
        }
        if set(data["trend_forms"]) != set(FORM_KEYS):
            trend["forms"] = [form for form in FORM_KEYS if form in data["trend_forms"]]
        levers.append(trend)
    if data.get("overhead_share"):
        levers.append(
            {
                "type": "overhead_reduction",
                "from_year": data["overhead_from"],
                "share": data["overhead_share"],
                "funded_by": data.get("overhead_funded_by") or OVERHEAD.defaults["funded_by"],
            }
        )
    if data.get("listed_per_gp"):
        levers.append(
            {
                "type": "gp_list_target",
                "from_year": data["gp_from"],
                "listed_per_gp": data["listed_per_gp"],
                "phase_years": data.get("gp_phase_years") or 1,
            }
        )
    return levers
