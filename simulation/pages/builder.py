"""The scenario builder's form: the levers a politician asks about, written the Swedish way (shares
in percent, decimal comma), turned into a scenario's overrides and levers — and back, so that a
saved scenario opens in the builder with its values and dated steps.

The form only collects choices; the scenario document validator still has the last word (a form
that passes here can still be refused with paths, and the page shows those). What a saved scenario
holds that the form cannot show (other overrides, levers with selectors) is kept as it is.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from common.locale import page_language
from healthcentres.models import DATA_YEARS, OperatingForm
from regions.demo import NARVARDEN_LISTED, NARVARDEN_START_CAPITAL, intraprenad_start_capital
from simulation.core import numbers
from simulation.core.engine import dated
from simulation.core.numbers import NotANumber, parse_number
from simulation.core.scenario import deep_merge
from simulation.core.scenario.fields import COMPENSATION, LEDGER_DEFAULTS, centre_field_label
from simulation.core.scenario.levers import LEVER_TYPES

FORMS = OperatingForm.choices
FORM_KEYS = tuple(form for form, _label in FORMS)
#: The overhead charge falls only on region-run centres (R17).
REGION_RUN = frozenset({"egen_regi", "intraprenad"})
DEFICITS = (
    ("covered", _("covered by the region")),
    ("carried", _("carried, restore within years")),
    ("borne", _("borne by the unit")),
)
_OVERHEAD = LEVER_TYPES["overhead_reduction"]
_FUNDED_BY_WORDS = {"region": _("the region pays centrally"), "saved": _("the services are cut")}
#: Who pays the overhead no longer charged (R17), in the order and with the default of the lever table.
FUNDED_BY = tuple((key, _FUNDED_BY_WORDS[key]) for key in _OVERHEAD.choices["funded_by"])
TREND_BOUND = LEVER_TYPES["goal_trend"].numbers["annual"]
#: Change years a dated rule parameter can have in the builder (the 70/30 motion needs one).
STEPS = 3
LEDGER_KEYS = ("deficit", "restoration_years", "surplus_retention")
#: Lever types the form shows (one of each); every other lever is kept as it is.
SHOWN_LEVERS = ("convert_form", "hired_share", "efficiency", "goal_trend", "overhead_reduction", "gp_list_target")


class NumberField(forms.CharField):
    """A number as Swedish users write it (``1 485 000``, ``0,87``, ``−1,5``), within bounds.
    ``percent``: written in percent (``70`` is 0.70) and returned as a share."""

    def __init__(self, *, low: float, high: float, percent: bool = False, **kwargs: Any) -> None:
        self.low, self.high, self.percent = low, high, percent
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)
        self.widget.attrs.update({"inputmode": "decimal", "autocomplete": "off"})

    def to_python(self, value: Any) -> float | None:
        text = super().to_python(value).replace("%", "").replace("kr", "").strip()
        if not text:
            return None
        try:
            number = parse_number(text)
        except NotANumber:
            raise forms.ValidationError(_("Write a number, such as 70 or 12,5.")) from None
        if not self.low <= number <= self.high:
            raise forms.ValidationError(
                _("Must be between %(low)s and %(high)s.")
                % {"low": numbers.number(self.low), "high": numbers.number(self.high)}
            )
        return number / 100 if self.percent else number


class YearField(forms.IntegerField):
    """A year of the projection (the form's ``clean`` knows the projection's years)."""


def _percent(label, help_text, high: float = 100, **kwargs) -> NumberField:
    return NumberField(label=label, help_text=help_text, low=0, high=high, percent=True, **kwargs)


def _year(label, help_text="") -> YearField:
    return YearField(label=label, help_text=help_text, required=False)


def _compensation_bounds(key: str) -> dict[str, float]:
    _default, low, high = COMPENSATION[key]
    return {"low": low, "high": high}


@dataclass(frozen=True)
class Dated:
    """A rule parameter the form writes as a dated value (§1): its value in the base year (the form
    field named ``key``) and changes, each a (year field, value field) pair."""

    key: str
    steps: tuple[tuple[str, str], ...]
    later: Callable[[], forms.Field]  # a change's value field
    year_label: Any
    scale: float = 1.0  # the form shows value × scale (100: a share in percent)

    def fields(self) -> dict[str, forms.Field]:
        made: dict[str, forms.Field] = {}
        for year, value in self.steps:
            made |= {year: _year(self.year_label), value: self.later()}
        return made

    def check(self, form: forms.Form, data: dict[str, Any]) -> None:
        """Each change has a year and a value, and each year comes once."""
        for year, value in self.steps:
            _check_pair(form, data, value, year)
        given = [data[year] for year, _value in self.steps if data.get(year) is not None]
        if len(set(given)) < len(given):
            form.add_error(self.steps[0][0], _("Each change year once."))

    def value(self, data: dict[str, Any], base_year: int) -> Any:
        """Cleaned data → the document's value: a number, or ``{year: value}`` from the base year."""
        first = data.get(self.key) or 0.0
        steps = sorted((data[year], data[value]) for year, value in self.steps if data.get(year) is not None)
        if not steps:
            return first
        return {str(base_year): first} | {str(year): value for year, value in steps}

    def initial(self, value: Any, base_year: int) -> dict[str, Any]:
        """A document's value → the form's: its value in the base year, and the later changes."""
        keyed = _keyed(value)
        now = float(dated.resolve(keyed, [base_year])[0]) if value is not None else 0.0
        shown = {self.key: _show(now * self.scale)}
        later = [(year, v) for year, v in sorted(keyed.items()) if year > base_year] if isinstance(keyed, dict) else []
        for (year_name, value_name), (year, v) in zip(self.steps, later, strict=False):
            shown |= {year_name: year, value_name: _show(v * self.scale)}
        return shown


def _numbered(name: str) -> tuple[tuple[str, str], ...]:
    return tuple((f"{name}_year_{i}", f"{name}_later_{i}") for i in range(1, STEPS + 1))


DATED = (
    Dated(
        "budget_per_listed",
        _numbered("budget_per_listed"),
        lambda: NumberField(label=_("…from then, kr per listed"), **_compensation_bounds("budget_per_listed")),
        _("Change year"),
    ),
    Dated(
        "fixed_share",
        _numbered("fixed_share"),
        lambda: _percent(_("…fixed share from then, %"), ""),
        _("Change year"),
        scale=100,
    ),
    Dated(
        "sparsity_per_listed",
        (("sparsity_year", "sparsity_later"),),
        lambda: NumberField(label=_("…changed to, kr per listed"), **_compensation_bounds("sparsity_per_listed")),
        _("…from the year"),
    ),
    Dated(
        "small_unit_amount",
        (("small_unit_year", "small_unit_later"),),
        lambda: NumberField(label=_("…changed to, kr per centre"), **_compensation_bounds("small_unit_amount")),
        _("…from the year"),
    ),
)


def _check_pair(form: forms.Form, data: dict[str, Any], value: str, year: str) -> None:
    if data.get(value) is not None and data.get(year) is None and year not in form.errors:
        form.add_error(year, _("Say from which year."))
    if data.get(year) is not None and data.get(value) is None and value not in form.errors:
        form.add_error(value, _("Say what it becomes."))


class BuilderForm(forms.Form):
    name = forms.CharField(label=_("Scenario name"), max_length=200, required=False)
    budget_per_listed = NumberField(
        label=_("Budget per listed (vårdpeng), kr a year"),
        help_text=_(
            "What the region budgets for primary care per listed patient in the base year's prices; it grows "
            "with the compensation index. The fixed and variable pay share it."
        ),
        required=True,
        **_compensation_bounds("budget_per_listed"),
    )
    fixed_share = _percent(
        _("Fixed share of the budget, %"),
        _("Capitation and supplements; the rest is variable pay (visits and goals). Västerbotten: 87 %."),
        required=True,
    )
    goal_share = _percent(
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
    trend_from = _year(_("…from the year"))
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
        **_compensation_bounds("sparsity_per_listed"),
    )
    small_unit_threshold = NumberField(
        label=_("Small-unit supplement for centres under, listed"),
        help_text=_("A centre with fewer listed gets the supplement in proportion to how far below it is; 0: none."),
        **_compensation_bounds("small_unit_threshold"),
    )
    small_unit_amount = NumberField(
        label=_("Small-unit supplement at most, kr per centre"), **_compensation_bounds("small_unit_amount")
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
    convert_year = _year(_("Conversion from the year"))
    convert_unit = forms.CharField(label=_("Name of the pooled intraprenad unit"), max_length=40, required=False)
    convert_start_capital = NumberField(label=_("Start capital, kr"), low=0, high=1e12)
    overhead_share = _percent(
        _("Central overhead no longer charged, percent of the charge"),
        _("Region-run centres stop paying this share of their charge for central services (administration, IT, HR)."),
    )
    overhead_from = _year(_("…from the year"))
    overhead_funded_by = forms.ChoiceField(
        label=_("Who pays what is no longer charged?"),
        help_text=_(
            "The region pays centrally: the services remain and the region pays for them itself; the centres' "
            "results improve, but the cost in the consolidated view stays the same. The services are cut: "
            "administration, IT and HR really shrink; the cost in the consolidated view falls by what is no "
            "longer charged."
        ),
        choices=FUNDED_BY,
        initial=_OVERHEAD.defaults["funded_by"],
        required=False,
        widget=forms.RadioSelect,
    )
    hired_target = _percent(
        _("Target hired-staff share of personnel cost, %"),
        _("Moves in even steps from today's share to the target year."),
    )
    hired_year = _year(_("…reached in the year"))
    efficiency_annual = _percent(
        _("Efficiency gain per year, percent of the work"),
        _("The same care with this much less work each year, compounding."),
        high=20,
    )
    efficiency_from = _year(_("…from the year"))
    listed_per_gp = NumberField(
        label=_("List-size target, listed per GP"),
        help_text=_("GPs are added (at the cost per GP of the rules) until each has at most this many listed."),
        low=100,
        high=1e5,
    )
    gp_from = _year(_("…phased in from the year"))
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
            self.fields[f"{form}_surplus_retention"] = _percent(
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
            _check_pair(self, data, *pair)
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


@dataclass(frozen=True)
class Kept:
    """What a saved scenario holds that the form does not show: kept as it is when saved again."""

    overrides: dict[str, Any] = field(default_factory=dict)
    levers: list[dict[str, Any]] = field(default_factory=list)
    #: Where each lever the form shows stood among the scenario's levers (kind → position): the
    #: form's lever goes back there, since the later of two levers on the same centre wins (§4).
    shown_at: dict[str, int] = field(default_factory=dict)


def builder_initial(document: dict[str, Any], code: str) -> dict[str, Any]:
    """The form's values for a normalised document (the region's rules, or a saved scenario's
    whole document): shares in percent, dated values as their first value and change years."""
    base_year = document["base_year"]
    comp, ledger = document["compensation"], document["ledger"]

    def now(value: Any) -> float:
        return float(dated.resolve(_keyed(value), [base_year])[0]) if value is not None else 0.0

    initial: dict[str, Any] = {
        "name": document.get("name", ""),
        "goal_share": _show(now(comp.get("goal_share")) * 100),
        "small_unit_threshold": _show(now(comp.get("small_unit_threshold"))),
        "neutrality_compensation": bool(document.get("neutrality_compensation")),
        "convert_unit": f"{code} Intraprenad",
        "trend_goal": next(iter(_goal_choices(document)), ("", ""))[0],
        "trend_forms": list(FORM_KEYS),
        "overhead_funded_by": _OVERHEAD.defaults["funded_by"],
    }
    for dated_field in DATED:
        initial |= dated_field.initial(comp.get(dated_field.key), base_year)
    for form, default in LEDGER_DEFAULTS.items():
        policy = ledger.get(form) or {}
        initial[f"{form}_deficit"] = policy.get("deficit", default["deficit"])
        initial[f"{form}_restoration_years"] = int(now(policy.get("restoration_years", 3)))
        initial[f"{form}_surplus_retention"] = _show(now(policy.get("surplus_retention", 0)) * 100)
    shown, _kept = split_levers(document.get("levers") or [])
    initial |= _lever_initial(shown, document["centres"])
    return initial


def _lever_initial(shown: dict[str, dict[str, Any]], centres: list[dict[str, Any]]) -> dict[str, Any]:
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
            "convert_start_capital": "" if by_rule else _show(capital),
        }
        if lever.get("unit"):
            initial["convert_unit"] = lever["unit"]
    if "hired_share" in shown:
        initial |= {
            "hired_target": _show(shown["hired_share"]["target"] * 100),
            "hired_year": shown["hired_share"]["year"],
        }
    if "efficiency" in shown:
        lever = shown["efficiency"]
        initial |= {"efficiency_annual": _show(lever["annual"] * 100), "efficiency_from": lever["from_year"]}
    if "goal_trend" in shown:
        lever = shown["goal_trend"]
        initial |= {
            "trend_goal": lever["goal"],
            "trend_annual": _show(lever["annual"] * 100),
            "trend_from": lever["from_year"],
            "trend_forms": [form for form in FORM_KEYS if form in _forms(lever)],
        }
    if "overhead_reduction" in shown:
        lever = shown["overhead_reduction"]
        initial |= {
            "overhead_share": _show(lever["share"] * 100),
            "overhead_from": lever["from_year"],
            "overhead_funded_by": lever.get("funded_by", _OVERHEAD.defaults["funded_by"]),
        }
    if "gp_list_target" in shown:
        lever = shown["gp_list_target"]
        initial |= {
            "listed_per_gp": _show(lever["listed_per_gp"]),
            "gp_from": lever["from_year"],
            "gp_phase_years": int(lever.get("phase_years", 1)),
        }
    return initial


def _forms(lever: dict[str, Any], key: str = "forms") -> frozenset[str]:
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
        all_egen_regi = conversions == 1 and lever.get("centres") is None and _forms(lever, "from") == {"egen_regi"}
        fits = {
            "convert_form": lever.get("to") == "intraprenad" and (named or (all_egen_regi and "from" in lever)),
            "hired_share": plain,
            "efficiency": plain,
            "goal_trend": every_centre and bool(_forms(lever)),
            "overhead_reduction": every_centre and _forms(lever) >= REGION_RUN,
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
    return {"overrides": deep_merge(kept.overrides, overrides), "levers": _in_order(_levers(data), kept)}


def _in_order(mine: list[dict[str, Any]], kept: Kept) -> list[dict[str, Any]]:
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


def _levers(data: dict[str, Any]) -> list[dict[str, Any]]:
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
                "funded_by": data.get("overhead_funded_by") or _OVERHEAD.defaults["funded_by"],
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


def _show(value: float) -> str:
    """A number as the form shows it: as many decimals as it has (up to six, so that a saved value
    comes back unchanged), decimal comma in Swedish, no thousands separators (the field reads
    them, but they make values hard to edit)."""
    text = f"{value:.6f}".rstrip("0").rstrip(".")
    text = "0" if text == "-0" else text
    return text.replace(".", ",") if page_language() == "sv" else text


def _keyed(value):
    return {int(k): v for k, v in value.items()} if isinstance(value, dict) else value
