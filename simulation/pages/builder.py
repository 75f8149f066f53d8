"""The scenario builder's form: the levers a politician asks about, written the Swedish way (shares
in percent, decimal comma), turned into a scenario's overrides and levers — and back, so that a
saved scenario opens in the builder with its values and dated steps.

The form only collects choices; the scenario document validator still has the last word (a form
that passes here can still be refused with paths, and the page shows those). What a saved scenario
holds that the form cannot show (other overrides, levers with selectors) is kept as it is.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from common.locale import page_language
from healthcentres.models import DATA_YEARS
from regions.demo import NARVARDEN_LISTED, NARVARDEN_START_CAPITAL, intraprenad_start_capital
from simulation.core import numbers
from simulation.core.engine import dated
from simulation.core.scenario import deep_merge
from simulation.core.scenario.fields import LEDGER_DEFAULTS, centre_field_label
from simulation.pages.builder_fields import (
    DATED,
    DEFICITS,
    FORM_KEYS,
    FORMS,
    FUNDED_BY,
    LEDGER_KEYS,
    OVERHEAD,
    TREND_BOUND,
    NumberField,
    YearField,
    check_pair,
    compensation_bounds,
    keyed,
    percent_field,
    show,
    year_field,
)
from simulation.pages.builder_levers import Kept, form_levers, kept_parts, lever_initial, levers_in_order, split_levers

__all__ = ["BuilderForm", "Kept", "address_values", "builder_form", "builder_initial", "kept_parts", "to_scenario"]


class BuilderForm(forms.Form):
    name = forms.CharField(label=_("Scenario name"), max_length=200, required=False)
    budget_per_listed = NumberField(
        label=_("Budget per listed (vårdpeng), kr a year"),
        help_text=_(
            "What the region budgets for primary care per listed patient in the base year's prices; it grows "
            "with the compensation index. The fixed and variable pay share it."
        ),
        required=True,
        **compensation_bounds("budget_per_listed"),
    )
    fixed_share = percent_field(
        _("Fixed share of the budget, %"),
        _("Capitation and supplements; the rest is variable pay (visits and goals). Västerbotten: 87 %."),
        required=True,
    )
    goal_share = percent_field(
        _("Goal pay's share of the variable pay, %"),
        _("Paid for telephone accessibility and assessment within 3 days; what is not earned stays with the region."),
        required=True,
    )
    trend_goal = forms.ChoiceField(label=_("Goal"), required=False)
    trend_annual = NumberField(
        label=_("Change in achievement, percentage points a year"),
        help_text=_(
            "An assumption: achievement changes by this many percentage points a year (such as 2 or −1.5). "
            "Without it, today's level is assumed to hold."
        ),
        low=TREND_BOUND.low * 100,
        high=TREND_BOUND.high * 100,
        percent=True,
    )
    trend_from = year_field(_("…from the year"))
    trend_forms = forms.MultipleChoiceField(
        label=_("For centres run as"),
        choices=FORMS,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    sparsity_per_listed = NumberField(
        label=_("Sparsity supplement, kr per listed"),
        help_text=_("Paid to rural centres (glesbygd) out of the fixed pay."),
        required=True,
        **compensation_bounds("sparsity_per_listed"),
    )
    small_unit_threshold = NumberField(
        label=_("Small-unit supplement for centres under, listed"),
        help_text=_("A centre with fewer listed gets the supplement in proportion to how far below it is; 0: none."),
        **compensation_bounds("small_unit_threshold"),
    )
    small_unit_amount = NumberField(
        label=_("Small-unit supplement at most, kr per centre"), **compensation_bounds("small_unit_amount")
    )
    neutrality_compensation = forms.BooleanField(
        label=_("Neutrality compensation to private centres"),
        help_text=_("Private centres get, per listed, what the region pays to cover region-run losses."),
        required=False,
    )
    convert_centres = forms.MultipleChoiceField(
        label=_("Egen regi centres that become intraprenad"),
        help_text=_("They become one result unit with its own equity, like Närvården in Västmanland."),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    convert_year = year_field(_("Conversion from the year"))
    convert_unit = forms.CharField(label=_("Name of the pooled intraprenad unit"), max_length=40, required=False)
    convert_start_capital = NumberField(label=_("Start capital, kr"), low=0, high=1e12)
    overhead_share = percent_field(
        _("Central overhead no longer charged, percent of the charge"),
        _("Region-run centres stop paying this share of their charge for central services (administration, IT, HR)."),
    )
    overhead_from = year_field(_("…from the year"))
    overhead_funded_by = forms.ChoiceField(
        label=_("Who pays what is no longer charged?"),
        help_text=_(
            "The region pays centrally: the services remain and the region pays for them itself; the centres' "
            "results improve, but the cost in the consolidated view stays the same. The services are cut: "
            "administration, IT and HR really shrink; the cost in the consolidated view falls by what is no "
            "longer charged."
        ),
        choices=FUNDED_BY,
        initial=OVERHEAD.defaults["funded_by"],
        required=False,
        widget=forms.RadioSelect,
    )
    hired_target = percent_field(
        _("Target hired-staff share of personnel cost, %"),
        _("Moves in even steps from today's share to the target year."),
    )
    hired_year = year_field(_("…reached in the year"))
    efficiency_annual = percent_field(
        _("Efficiency gain per year, percent of the work"),
        _("The same care with this much less work each year, compounding."),
        high=20,
    )
    efficiency_from = year_field(_("…from the year"))
    listed_per_gp = NumberField(
        label=_("List-size target, listed per GP"),
        help_text=_("GPs are added (at the cost per GP of the rules) until each has at most this many listed."),
        low=100,
        high=1e5,
    )
    gp_from = year_field(_("…phased in from the year"))
    gp_phase_years = forms.IntegerField(label=_("…over years"), min_value=1, max_value=10, required=False)

    def __init__(
        self,
        *args,
        egen_regi_centres: Iterable[tuple[str, str]] = (),
        years: tuple[int, int] = DATA_YEARS,
        goals: Iterable[tuple[str, str]] = (),
        listed: dict[str, float] | None = None,
        **kwargs,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.years = years
        self.listed = listed or {}
        self.fields["convert_centres"].choices = list(egen_regi_centres)
        self.fields["trend_goal"].choices = list(goals)
        everyone = intraprenad_start_capital(sum(self.listed.get(c, 0.0) for c, _name in egen_regi_centres))
        self.fields["convert_start_capital"].help_text = _(
            "Empty: the rule of the preset “Intraprenad för alla”, Närvården's %(capital)s for %(listed)s "
            "listed, in proportion to the chosen centres' listed (all egen regi centres: %(everyone)s)."
        ) % {
            "capital": numbers.mnkr(NARVARDEN_START_CAPITAL, 0),
            "listed": numbers.number(NARVARDEN_LISTED),
            "everyone": numbers.mnkr(everyone),
        }
        for dated_field in DATED:
            self.fields |= dated_field.fields()
        for form, label in FORMS:
            self.fields[f"{form}_deficit"] = forms.ChoiceField(
                label=_("Deficits of %(form)s") % {"form": label},
                help_text=_(
                    "Covered: the region pays them at once. Carried: restore within the years below, or the "
                    "region writes them off. Borne: the unit's own."
                ),
                choices=DEFICITS,
            )
            self.fields[f"{form}_restoration_years"] = forms.IntegerField(
                label=_("Years to restore a deficit, %(form)s") % {"form": label}, min_value=0, max_value=10
            )
            self.fields[f"{form}_surplus_retention"] = percent_field(
                _("Share of a surplus kept, %(form)s, %%") % {"form": label},
                _("The rest goes back to the region."),
                required=True,
            )
        # Assistive technology reads a field's help and, once the page shows one, its error.
        for name, form_field in self.fields.items():
            helped = [f"{self[name].auto_id}_helptext"] if form_field.help_text else []
            form_field.widget.attrs["aria-describedby"] = " ".join([*helped, f"error-{name}"])

    @property
    def list_names(self) -> list[str]:
        """Fields holding several values (checkbox groups)."""
        return [name for name, f in self.fields.items() if isinstance(f, forms.MultipleChoiceField)]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        first, last = self.years
        for name, form_field in self.fields.items():
            value = data.get(name)
            if value is None or not isinstance(form_field, YearField):
                continue
            # A hired-share path may aim beyond the projection (§4): it is followed inside it.
            latest = 2100 if name == "hired_year" else last
            if not first <= value <= latest:
                message = _("Choose a year within the projection, %(first)s–%(last)s.") % {"first": first, "last": last}
                self.add_error(name, message)
        for pair in (
            ("hired_target", "hired_year"),
            ("efficiency_annual", "efficiency_from"),
            ("listed_per_gp", "gp_from"),
            ("overhead_share", "overhead_from"),
            ("trend_annual", "trend_from"),
        ):
            check_pair(self, data, *pair)
        for dated_field in DATED:
            dated_field.check(self, data)
        if data.get("convert_centres") and data.get("convert_year") is None and "convert_year" not in self.errors:
            self.add_error("convert_year", _("Say from which year."))
        if data.get("trend_annual"):
            if not self.fields["trend_goal"].choices:
                self.add_error("trend_annual", _("The rules have no goals for goal pay."))
            elif not data.get("trend_goal") and "trend_goal" not in self.errors:
                self.add_error("trend_goal", _("Choose a goal."))
            if not data.get("trend_forms") and "trend_forms" not in self.errors:
                self.add_error("trend_forms", _("Choose at least one operating form."))
        if data.get("convert_centres") and data.get("convert_start_capital") is None:
            listed = sum(self.listed.get(centre, 0.0) for centre in data["convert_centres"])
            data["convert_start_capital"] = intraprenad_start_capital(listed)
        return data


def builder_form(document: dict[str, Any], data: dict[str, Any] | None = None, **kwargs: Any) -> BuilderForm:
    """The builder's form for a normalised document: its egen regi centres to convert (with their
    listed, for the start capital's rule), its goals, and its projection's years."""
    centres = document["centres"]
    first = document["base_year"]
    return BuilderForm(
        data,
        egen_regi_centres=[(c["id"], c["name"]) for c in centres if c["operating_form"] == "egen_regi"],
        years=(first, first + document["horizon"] - 1),
        goals=_goal_choices(document),
        listed={c["id"]: c["listed"] for c in centres},
        **kwargs,
    )


def _goal_choices(document: dict[str, Any]) -> list[tuple[str, str]]:
    goals = document["compensation"].get("goals") or []
    return [(goal["key"], centre_field_label(goal["key"], page_language())) for goal in goals]


def builder_initial(document: dict[str, Any], code: str) -> dict[str, Any]:
    """The form's values for a normalised document (the region's rules, or a saved scenario's
    whole document): shares in percent, dated values as their first value and change years."""
    base_year = document["base_year"]
    comp, ledger = document["compensation"], document["ledger"]

    def now(value: Any) -> float:
        return float(dated.resolve(keyed(value), [base_year])[0]) if value is not None else 0.0

    initial: dict[str, Any] = {
        "name": document.get("name", ""),
        "goal_share": show(now(comp.get("goal_share")) * 100),
        "small_unit_threshold": show(now(comp.get("small_unit_threshold"))),
        "neutrality_compensation": bool(document.get("neutrality_compensation")),
        "convert_unit": f"{code} Intraprenad",
        "trend_goal": next(iter(_goal_choices(document)), ("", ""))[0],
        "trend_forms": list(FORM_KEYS),
        "overhead_funded_by": OVERHEAD.defaults["funded_by"],
    }
    for dated_field in DATED:
        initial |= dated_field.initial(comp.get(dated_field.key), base_year)
    for form, default in LEDGER_DEFAULTS.items():
        policy = ledger.get(form) or {}
        initial[f"{form}_deficit"] = policy.get("deficit", default["deficit"])
        initial[f"{form}_restoration_years"] = int(now(policy.get("restoration_years", 3)))
        initial[f"{form}_surplus_retention"] = show(now(policy.get("surplus_retention", 0)) * 100)
    shown, _kept = split_levers(document.get("levers") or [])
    initial |= lever_initial(shown, document["centres"])
    return initial


def to_scenario(data: dict[str, Any], base_year: int, kept: Kept | None = None) -> dict[str, Any]:
    """Cleaned form data → the scenario's overrides and levers (scenario document §2, §4), on top
    of what a saved scenario keeps."""
    kept = kept or Kept()
    compensation: dict[str, Any] = {
        "goal_share": data["goal_share"],
        "small_unit_threshold": data.get("small_unit_threshold") or 0.0,
    }
    compensation |= {dated_field.key: dated_field.value(data, base_year) for dated_field in DATED}
    overrides: dict[str, Any] = {
        # The rule keys the form writes, in its order; a saved scenario's other overrides are kept.
        "compensation": {key: compensation[key] for key in BuilderForm.base_fields if key in compensation},
        "ledger": {form: {key: data[f"{form}_{key}"] for key in LEDGER_KEYS} for form in FORM_KEYS},
        "neutrality_compensation": bool(data.get("neutrality_compensation")),
    }
    return {"overrides": deep_merge(kept.overrides, overrides), "levers": levers_in_order(form_levers(data), kept)}


def address_values(query, initial: dict[str, Any], egen_regi: Iterable[str]) -> dict[str, Any]:
    """The form values a builder address carries (only the form's own names). The page writes the
    choices that differ from where it started (a list repeated, yes/no as 1/0); the form sent
    without JavaScript carries them all, and its "select all / none" buttons choose the centres to
    convert."""
    form = BuilderForm(years=(0, 0))
    names = set(form.fields) | set(initial)
    # Sent without JavaScript, the whole form is in the address: a box left unticked is absent.
    whole = "apply" in query or "convert_select" in query
    values: dict[str, Any] = {}
    for name in names:
        kind = form.fields.get(name)
        if isinstance(kind, forms.MultipleChoiceField):
            if name in query or whole:
                values[name] = [value for value in query.getlist(name) if value]
        elif isinstance(kind, forms.BooleanField):
            if name in query or whole:
                values[name] = query.get(name) in ("1", "true", "on")
        elif name in query:
            values[name] = query.get(name)
    selection = query.get("convert_select")
    if selection in ("all", "none"):
        values["convert_centres"] = list(egen_regi) if selection == "all" else []
    return values
