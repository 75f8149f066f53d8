"""Scenario documents in words: each parameter with its name, its unit and its dated steps ("87 %,
från 2026: 70 %"), each lever as a sentence — and what differs between documents, one row per
parameter. What the comparison's "parameters that differ" and a scenario's history show.

Reads normalised documents (``prepare``: defaults filled in), so that a default and the same value
written out never count as a difference.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from common.locale import page_language
from simulation.core import numbers
from simulation.core.engine.inputs import FORMS
from simulation.core.scenario import levers, parameters
from simulation.core.scenario.fields import centre_field_label
from simulation.presentation.charts import form_label

Say = Callable[[Any], str]


def _share(value: float) -> str:
    return numbers.percent(value, 0 if round(value * 100, 1) == round(value * 100) else 1)


def _kr(value: float) -> str:
    return numbers.mnkr(value) if abs(value) >= 1e6 else numbers.kr(value, 0 if float(value).is_integer() else 2)


def _kr_per_listed(value: float) -> str:
    return _("%(amount)s per listed") % {"amount": _kr(value)}


def _plain(value: float) -> str:
    return numbers.number(value, 0 if float(value).is_integer() else 2)


def _times(value: float) -> str:
    return _("%(factor)s times") % {"factor": numbers.number(value, 2)}


def _listed(value: float) -> str:
    return _("%(count)s listed") % {"count": numbers.number(value)}


def _years(value: float) -> str:
    return _("%(count)s years") % {"count": numbers.number(value)}


def _yes_no(value: bool) -> str:
    return _("yes") if value else _("no")


def _cap(value: Any) -> str:
    return _("no cap") if value is None else _kr(value)


def _expiry(value: Any) -> str:
    return _("never") if value is None else _years(value)


DEFICITS = {
    "covered": gettext_lazy("covered by the region"),
    "carried": gettext_lazy("carried, to be restored"),
    "borne": gettext_lazy("borne by the unit"),
}

#: How each rule parameter of §2 a scenario can change reads its value. Its name is the
#: rule-parameter table's (``core.scenario.parameters``: one label per parameter, the one the rules
#: page and the models' differences show); only the horizon, which is no rule, has its own here.
RULE_PARAMETERS: dict[str, Say] = {
    "horizon": _years,
    "compensation.budget_per_listed": _kr_per_listed,
    "compensation.fixed_share": _share,
    "compensation.sparsity_per_listed": _kr_per_listed,
    "compensation.small_unit_threshold": _listed,
    "compensation.small_unit_amount": _kr,
    "compensation.goal_share": _share,
    "compensation.doctor_visit_weight": _plain,
    "compensation.patient_fee_per_visit": _kr,
    "compensation.outside_visit_fee": _kr,
    "compensation.vat_compensation_rate": _share,
    "assumptions.listed_growth": _share,
    "assumptions.wage_growth": _share,
    "assumptions.price_growth": _share,
    "assumptions.compensation_growth": _share,
    "costs.hired_premium": _times,
    "costs.gp_cost_per_fte": _kr,
    "neutrality_compensation": _yes_no,
}
LEDGER_PARAMETERS: dict[str, Say] = {
    "deficit": lambda v: str(DEFICITS.get(v, v)),
    "restoration_years": _plain,
    "surplus_retention": _share,
    "return_requirement": _kr,
    "surplus_cap": _cap,
    "surplus_expiry_years": _expiry,
}
HORIZON = gettext_lazy("Years projected")


def parameter_label(path: str) -> str:
    """A rule parameter's one name in the page's language, from the rule-parameter table."""
    if path == "horizon":
        return str(HORIZON)
    return parameters.parameter(path).label(page_language())


def value_text(value: Any, say: Say) -> str:
    """A value in words; a dated value as its steps: "87 %, från 2026: 70 %"."""
    if isinstance(value, dict) and value and all(str(k).isdigit() for k in value):
        steps = sorted(value.items(), key=lambda item: int(item[0]))
        first, *later = steps
        parts = [say(first[1])] + [_("from %(year)s: %(value)s") % {"year": y, "value": say(v)} for y, v in later]
        return ", ".join(parts)
    return say(value)


def _goals(goals: list[dict[str, Any]]) -> str:
    if not goals:
        return _("none")
    return "; ".join(
        _("%(key)s: weight %(weight)s, floor %(floor)s, target %(target)s")
        % {
            "key": _goal_name(g["key"]),
            "weight": value_text(g["weight"], _share),
            "floor": value_text(g["floor"], _share),
            "target": value_text(g["target"], _share),
        }
        for g in goals
    )


def _goal_name(key: str) -> str:
    return centre_field_label(key, page_language())


def _forms(forms: list[str] | str | None) -> str:
    forms = [forms] if isinstance(forms, str) else forms  # a saved lever may name one form as text
    return _("every form") if not forms else " / ".join(str(form_label(f)) for f in forms)


def _which(lever: dict[str, Any], forms_key: str = "forms") -> str:
    centres = lever.get("centres")
    if centres not in (None, "all"):
        return _("%(count)s named centres") % {"count": len(centres)}
    return _forms(lever.get(forms_key))


#: How each kind of value of a lever reads (``levers``' WHICH, FORM…): the lever and its key → words.
SAY: dict[str, Callable[[dict[str, Any], str], str]] = {
    levers.WHICH: _which,
    levers.FORM: lambda lever, key: str(form_label(lever[key])),
    levers.SHARE_OF: lambda lever, key: _share(lever[key]),
    levers.KR: lambda lever, key: _kr(lever[key]),
    levers.AS_IS: lambda lever, key: str(lever[key]),
    levers.POINTS: lambda lever, key: numbers.points(lever[key]),
    levers.GOAL: lambda lever, key: _goal_name(lever[key]),
    levers.LISTED: lambda lever, key: _listed(lever[key]),
    levers.YEARS: lambda lever, key: _years(lever[key]),
}


def lever_text(lever: dict[str, Any], units: dict[str, str] | None = None) -> str:
    """A lever (§4) as a sentence: its type's sentence in the registry, with the lever's values; a
    result unit by its name in ``units`` (``unit_names``) rather than its id."""
    kind = levers.LEVER_TYPES.get(lever["type"])
    if kind is None:
        return lever["type"]
    lever = kind.defaults | lever
    if units and lever.get("unit") in units:
        lever = lever | {"unit": units[lever["unit"]]}
    sentence = kind.sentence
    text = _(sentence.text) % _values(lever, sentence.say)
    for clause in sentence.clauses:
        if lever.get(clause.key) if clause.value is None else lever.get(clause.key) == clause.value:
            text += ", " + _(clause.text) % _values(lever, clause.say)
    return text


def _values(lever: dict[str, Any], say: levers.Say) -> dict[str, str]:
    return {name: SAY[how](lever, key) for name, (key, how) in say.items()}


def unit_names(documents: list[dict[str, Any]], region: Any) -> dict[str, str]:
    """The result units the documents' levers name, by a name a reader knows: a unit of one centre
    by the centre's name, and a unit named by the region's code and its form ("AC Intraprenad", as
    the demo's presets name a new intraprenad) by the region's name ("Region Västerbottens
    intraprenad"); any other unit by the name people gave it."""
    names = {c["id"]: c["name"] for d in documents for c in d.get("centres") or [] if c.get("name")}
    found = {}
    for document in documents:
        for lever in document.get("levers") or []:
            unit = lever.get("unit")
            if not isinstance(unit, str) or unit in found:
                continue
            code, _space, rest = unit.partition(" ")
            if unit in names:
                found[unit] = names[unit]
            elif region is not None and code == region.code and rest:
                found[unit] = _("%(region)s's %(unit)s") % {"region": region.name, "unit": rest.lower()}
    return found


def _uncertainty(value: dict[str, Any] | None) -> str:
    if not value:
        return _("none (one projection)")
    return _("%(draws)s draws, seed %(seed)s") % {"draws": numbers.number(value["draws"]), "seed": value["seed"]}


def document_parameters(document: dict[str, Any], units: dict[str, str] | None = None) -> dict[str, tuple[str, str]]:
    """Every parameter of a normalised document: key → (name, value in words), in reading order;
    ``units``: the names of the result units its levers name (``unit_names``)."""
    rows: dict[str, tuple[str, str]] = {}
    for path, say in RULE_PARAMETERS.items():
        section, _dot, key = path.rpartition(".")
        value = document.get(key) if not section else (document.get(section) or {}).get(key)
        if value is not None:
            rows[path] = (parameter_label(path), value_text(value, say))
    rows["compensation.goals"] = (str(_("Goals of goal pay")), _goals(document["compensation"].get("goals") or []))
    for form in FORMS:
        policy = (document.get("ledger") or {}).get(form) or {}
        for key, say in LEDGER_PARAMETERS.items():
            if key in policy:
                label = parameter_label(f"ledger.{form}.{key}")
                name = f"{str(form_label(form)).capitalize()}: {label[:1].lower()}{label[1:]}"
                rows[f"ledger.{form}.{key}"] = (name, value_text(policy[key], say))
    levers = [lever_text(lever, units) for lever in document.get("levers") or []]
    rows["levers"] = (str(_("Changes over time (levers)")), "; ".join(levers) if levers else _("none"))
    rows["uncertainty"] = (str(_("Uncertainty")), _uncertainty(document.get("uncertainty")))
    variants = [v["name"] for v in document.get("variants") or []]
    rows["variants"] = (str(_("Variants")), ", ".join(variants) if variants else _("none"))
    return rows


def parameter_differences(documents: list[dict[str, Any]], region: Any = None) -> list[dict[str, Any]]:
    """The parameters whose values differ between documents, one row each: its name and each
    document's value in words (a result unit by its name, ``unit_names``)."""
    units = unit_names(documents, region)
    described = [document_parameters(d, units) for d in documents]
    keys = list(dict.fromkeys(key for d in described for key in d))
    rows = []
    for key in keys:
        values = [d.get(key, ("", "–"))[1] for d in described]
        if len(set(values)) > 1:
            name = next(d[key][0] for d in described if key in d)
            rows.append({"key": key, "parameter": name, "values": values})
    return rows


def versions_difference(chosen: list, documents: list[dict], problems: list[str]) -> dict[str, Any]:
    """What differs between two versions of a scenario (``chosen``, their validated ``documents``):
    name, data, and every parameter in words; versions that no longer validate are in ``problems``."""
    rows = []
    if chosen[0].name != chosen[1].name:
        rows.append({"parameter": _("Name"), "values": [v.name for v in chosen]})
    if chosen[0].dataset_id != chosen[1].dataset_id:
        rows.append({"parameter": _("Data"), "values": [v.dataset.name for v in chosen]})
    if len(documents) == 2:
        rows += parameter_differences(documents, chosen[0].scenario.region)
    return {"rows": rows, "problems": problems}
