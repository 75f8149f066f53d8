"""The scenario builder's form: the main levers, turned into a scenario's overrides and levers.

The form only collects choices; the scenario document validator still has the last word (a form
that passes here can still be refused with paths, and the page shows those).
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from healthcentres.models import OperatingForm

from .engine import dated
from .scenario.fields import LEDGER_DEFAULTS

FORMS = OperatingForm.choices
DEFICITS = (
    ("covered", _("covered by the region")),
    ("carried", _("carried, restore within years")),
    ("borne", _("borne by the unit")),
)


def _share(label, **kwargs) -> forms.FloatField:
    return forms.FloatField(
        label=label, min_value=0, max_value=1, widget=forms.NumberInput(attrs={"step": "0.01"}), **kwargs
    )


def _year(label, required=False) -> forms.IntegerField:
    return forms.IntegerField(label=label, min_value=1990, max_value=2100, required=required)


class BuilderForm(forms.Form):
    name = forms.CharField(label=_("Scenario name"), max_length=200, required=False)
    fixed_share = _share(_("Fixed share of the budget in the base year"))
    fixed_share_later = _share(_("Fixed share from a later year"), required=False)
    fixed_share_year = _year(_("…from the year"))
    goal_share = _share(_("Goal pay's share of the variable pot"))
    sparsity_per_listed = forms.FloatField(label=_("Sparsity supplement, SEK per listed in rural centres"), min_value=0)
    neutrality_compensation = forms.BooleanField(label=_("Neutrality compensation to private centres"), required=False)
    convert_centres = forms.MultipleChoiceField(
        label=_("Egen regi centres that become intraprenad"), required=False, widget=forms.CheckboxSelectMultiple
    )
    convert_year = _year(_("Conversion from the year"))
    convert_unit = forms.CharField(label=_("Name of the pooled intraprenad unit"), max_length=40, required=False)
    convert_start_capital = forms.FloatField(label=_("Start capital, SEK"), min_value=0, required=False)
    hired_target = _share(_("Target hired-staff cost share"), required=False)
    hired_year = _year(_("…reached in the year"))
    efficiency_annual = forms.FloatField(
        label=_("Efficiency gain per year (share of work)"),
        min_value=0,
        max_value=0.2,
        required=False,
        widget=forms.NumberInput(attrs={"step": "0.005"}),
    )
    efficiency_from = _year(_("…from the year"))
    listed_per_gp = forms.FloatField(label=_("List-size target, listed per GP"), min_value=100, required=False)
    gp_from = _year(_("…phased in from the year"))
    gp_phase_years = forms.IntegerField(label=_("…over years"), min_value=1, max_value=10, required=False)

    def __init__(self, *args, egen_regi_centres: list[tuple[str, str]] = (), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["convert_centres"].choices = list(egen_regi_centres)
        for form, label in FORMS:
            self.fields[f"{form}_deficit"] = forms.ChoiceField(
                label=_("Deficits of %(form)s") % {"form": label}, choices=DEFICITS
            )
            self.fields[f"{form}_restoration_years"] = forms.IntegerField(
                label=_("Restoration years, %(form)s") % {"form": label}, min_value=0, max_value=10
            )
            self.fields[f"{form}_surplus_retention"] = _share(_("Share of a surplus kept, %(form)s") % {"form": label})

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        pairs = (
            ("fixed_share_later", "fixed_share_year"),
            ("hired_target", "hired_year"),
            ("efficiency_annual", "efficiency_from"),
            ("listed_per_gp", "gp_from"),
        )
        for value, year in pairs:
            if data.get(value) is not None and data.get(year) is None:
                self.add_error(year, _("Say from which year."))
        if data.get("convert_centres") and data.get("convert_year") is None:
            self.add_error("convert_year", _("Say from which year."))
        return data


def initial_from_rules(rules: dict[str, Any], base_year: int, code: str) -> dict[str, Any]:
    """The form's starting values: the region's rulebook as it stands in the base year."""
    years = [base_year]

    def now(value, default=0.0):
        return float(dated.resolve(_keyed(value if value is not None else default), years)[0])

    comp, ledger = rules["compensation"], rules.get("ledger", {})
    initial = {
        "fixed_share": now(comp["fixed_share"]),
        "goal_share": now(comp.get("goal_share")),
        "sparsity_per_listed": now(comp.get("sparsity_per_listed")),
        "neutrality_compensation": bool(rules.get("neutrality_compensation", False)),
        "convert_unit": f"{code} Intraprenad",
    }
    for form, default in LEDGER_DEFAULTS.items():
        policy = ledger.get(form) or {}
        initial[f"{form}_deficit"] = policy.get("deficit", default["deficit"])
        initial[f"{form}_restoration_years"] = int(now(policy.get("restoration_years"), 3))
        initial[f"{form}_surplus_retention"] = now(policy.get("surplus_retention"), default["surplus_retention"])
    return initial


def _keyed(value):
    return {int(k): v for k, v in value.items()} if isinstance(value, dict) else value


def to_scenario(data: dict[str, Any], base_year: int) -> dict[str, Any]:
    """Cleaned form data → the scenario's overrides and levers (scenario document §2, §4)."""
    fixed_share: Any = data["fixed_share"]
    if data.get("fixed_share_later") is not None:
        fixed_share = {str(base_year): data["fixed_share"], str(data["fixed_share_year"]): data["fixed_share_later"]}
    overrides: dict[str, Any] = {
        "compensation": {
            "fixed_share": fixed_share,
            "goal_share": data["goal_share"],
            "sparsity_per_listed": data["sparsity_per_listed"],
        },
        "ledger": {
            form: {
                "deficit": data[f"{form}_deficit"],
                "restoration_years": data[f"{form}_restoration_years"],
                "surplus_retention": data[f"{form}_surplus_retention"],
            }
            for form, _label in FORMS
        },
        "neutrality_compensation": bool(data.get("neutrality_compensation")),
    }
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
    if data.get("listed_per_gp"):
        levers.append(
            {
                "type": "gp_list_target",
                "from_year": data["gp_from"],
                "listed_per_gp": data["listed_per_gp"],
                "phase_years": data.get("gp_phase_years") or 1,
            }
        )
    return {"overrides": overrides, "levers": levers}
