"""The scenario builder's form: the levers a politician asks about, written the Swedish way (shares
in percent, decimal comma), turned into a scenario's overrides and levers — and back, so that a
saved scenario opens in the builder with its values and dated steps.

The form only collects choices; the scenario document validator still has the last word (a form
that passes here can still be refused with paths, and the page shows those). What a saved scenario
holds that the form cannot show (other overrides, levers with selectors) is kept as it is.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from common.locale import page_language
from healthcentres.models import OperatingForm

from . import formatting
from .engine import dated
from .parsing import NotANumber, parse_number
from .scenario import deep_merge
from .scenario.fields import LEDGER_DEFAULTS

FORMS = OperatingForm.choices
DEFICITS = (
    ("covered", _("covered by the region")),
    ("carried", _("carried, restore within years")),
    ("borne", _("borne by the unit")),
)
#: Change years the fixed share can have in the builder (the 70/30 motion needs one).
STEPS = 3
#: The rule keys the form writes; a saved scenario's other overrides are kept as they are.
COMPENSATION_KEYS = ("fixed_share", "goal_share", "sparsity_per_listed", "small_unit_threshold", "small_unit_amount")
LEDGER_KEYS = ("deficit", "restoration_years", "surplus_retention")


class NumberField(forms.CharField):
    """A number as Swedish users write it (``1 485 000``, ``0,87``), within bounds. ``percent``:
    written in percent (``70`` is 0.70) and returned as a share."""

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
                % {"low": formatting.number(self.low), "high": formatting.number(self.high)}
            )
        return number / 100 if self.percent else number


def _percent(label, help_text, high: float = 100, **kwargs) -> NumberField:
    return NumberField(label=label, help_text=help_text, low=0, high=high, percent=True, **kwargs)


def _year(label, help_text="") -> forms.IntegerField:
    return forms.IntegerField(label=label, help_text=help_text, required=False)


class BuilderForm(forms.Form):
    name = forms.CharField(label=_("Scenario name"), max_length=200, required=False)
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
    sparsity_per_listed = NumberField(
        label=_("Sparsity supplement, kr per listed"),
        help_text=_("Paid to rural centres (glesbygd) out of the fixed pay."),
        low=0,
        high=1e6,
        required=True,
    )
    sparsity_later = NumberField(label=_("…changed to, kr per listed"), low=0, high=1e6)
    sparsity_year = _year(_("…from the year"))
    small_unit_threshold = NumberField(
        label=_("Small-unit supplement for centres under, listed"),
        help_text=_("A centre with fewer listed gets the supplement in proportion to how far below it is; 0: none."),
        low=0,
        high=1e7,
    )
    small_unit_amount = NumberField(label=_("Small-unit supplement at most, kr per centre"), low=0, high=1e12)
    small_unit_later = NumberField(label=_("…changed to, kr per centre"), low=0, high=1e12)
    small_unit_year = _year(_("…from the year"))
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
        self, *args, egen_regi_centres: list[tuple[str, str]] = (), years: tuple[int, int] = (1990, 2100), **kwargs
    ) -> None:
        super().__init__(*args, **kwargs)
        self.years = years
        self.fields["convert_centres"].choices = list(egen_regi_centres)
        for i in range(1, STEPS + 1):
            self.fields[f"fixed_share_year_{i}"] = _year(_("Change year"))
            self.fields[f"fixed_share_later_{i}"] = _percent(_("…fixed share from then, %"), "")
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

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        first, last = self.years
        for name, value in list(data.items()):
            if value is None or (not name.endswith(("_year", "_from")) and not name.startswith("fixed_share_year")):
                continue
            # A hired-share path may aim beyond the projection (§4): it is followed inside it.
            latest = 2100 if name == "hired_year" else last
            if not first <= value <= latest:
                message = _("Choose a year within the projection, %(first)s–%(last)s.") % {"first": first, "last": last}
                self.add_error(name, message)
        pairs = [
            ("sparsity_later", "sparsity_year"),
            ("small_unit_later", "small_unit_year"),
            ("hired_target", "hired_year"),
            ("efficiency_annual", "efficiency_from"),
            ("listed_per_gp", "gp_from"),
            *((f"fixed_share_later_{i}", f"fixed_share_year_{i}") for i in range(1, STEPS + 1)),
        ]
        for value, year in pairs:
            if data.get(value) is not None and data.get(year) is None and year not in self.errors:
                self.add_error(year, _("Say from which year."))
            if data.get(year) is not None and data.get(value) is None and value not in self.errors:
                self.add_error(value, _("Say what it becomes."))
        if data.get("convert_centres") and data.get("convert_year") is None and "convert_year" not in self.errors:
            self.add_error("convert_year", _("Say from which year."))
        steps = [data.get(f"fixed_share_year_{i}") for i in range(1, STEPS + 1)]
        given = [y for y in steps if y is not None]
        if len(set(given)) < len(given):
            self.add_error("fixed_share_year_1", _("Each change year once."))
        return data


@dataclass(frozen=True)
class Kept:
    """What a saved scenario holds that the form does not show: kept as it is when saved again."""

    overrides: dict[str, Any] = field(default_factory=dict)
    levers: list[dict[str, Any]] = field(default_factory=list)


def builder_initial(document: dict[str, Any], code: str) -> dict[str, Any]:
    """The form's values for a normalised document (the region's rules, or a saved scenario's
    whole document): shares in percent, dated values as their first value and change years."""
    base_year = document["base_year"]
    comp, ledger = document["compensation"], document["ledger"]

    def now(value: Any) -> float:
        return float(dated.resolve(_keyed(value), [base_year])[0]) if value is not None else 0.0

    def later(value: Any) -> list[tuple[int, float]]:
        steps = sorted(_keyed(value).items()) if isinstance(value, dict) else []
        return [(year, v) for year, v in steps if year > base_year]

    initial: dict[str, Any] = {
        "name": document.get("name", ""),
        "fixed_share": _show(now(comp["fixed_share"]) * 100),
        "goal_share": _show(now(comp.get("goal_share")) * 100),
        "sparsity_per_listed": _show(now(comp.get("sparsity_per_listed"))),
        "small_unit_threshold": _show(now(comp.get("small_unit_threshold"))),
        "small_unit_amount": _show(now(comp.get("small_unit_amount"))),
        "neutrality_compensation": bool(document.get("neutrality_compensation")),
        "convert_unit": f"{code} Intraprenad",
    }
    for i, (year, value) in enumerate(later(comp["fixed_share"])[:STEPS], start=1):
        initial |= {f"fixed_share_year_{i}": year, f"fixed_share_later_{i}": _show(value * 100)}
    for key, target in (("sparsity_per_listed", "sparsity"), ("small_unit_amount", "small_unit")):
        for year, value in later(comp.get(key))[:1]:
            initial |= {f"{target}_year": year, f"{target}_later": _show(value)}
    for form, default in LEDGER_DEFAULTS.items():
        policy = ledger.get(form) or {}
        initial[f"{form}_deficit"] = policy.get("deficit", default["deficit"])
        initial[f"{form}_restoration_years"] = int(now(policy.get("restoration_years", 3)))
        initial[f"{form}_surplus_retention"] = _show(now(policy.get("surplus_retention", 0)) * 100)
    shown, _kept = split_levers(document.get("levers") or [])
    initial |= _lever_initial(shown)
    return initial


def _lever_initial(shown: dict[str, dict[str, Any]]) -> dict[str, Any]:
    initial: dict[str, Any] = {}
    if "convert_form" in shown:
        lever = shown["convert_form"]
        initial |= {
            "convert_centres": lever.get("centres", []),
            "convert_year": lever["year"],
            "convert_start_capital": _show(lever.get("start_capital", 0)),
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
    if "gp_list_target" in shown:
        lever = shown["gp_list_target"]
        initial |= {
            "listed_per_gp": _show(lever["listed_per_gp"]),
            "gp_from": lever["from_year"],
            "gp_phase_years": int(lever.get("phase_years", 1)),
        }
    return initial


def split_levers(levers: list[dict[str, Any]]) -> tuple[dict[str, dict[str, Any]], list[dict[str, Any]]]:
    """The levers the form shows (the first of each of its kinds, applying to every centre; a
    conversion of named egen regi centres into intraprenad) and the others, kept as they are."""
    shown: dict[str, dict[str, Any]] = {}
    kept = []
    for lever in levers:
        kind = lever["type"]
        plain = not lever.get("forms") and lever.get("centres") in (None, "all")
        fits = {
            "convert_form": lever.get("to") == "intraprenad"
            and isinstance(lever.get("centres"), list)
            and not lever.get("from"),
            "hired_share": plain,
            "efficiency": plain,
            "gp_list_target": plain,
        }.get(kind, False)
        if fits and kind not in shown:
            shown[kind] = lever
        else:
            kept.append(lever)
    return shown, kept


def kept_parts(overrides: dict[str, Any], levers: list[dict[str, Any]]) -> Kept:
    """A saved scenario's changes the form does not write (see the module's docstring)."""
    _shown, kept = split_levers(levers)
    return Kept(overrides=overrides or {}, levers=kept)


def to_scenario(data: dict[str, Any], base_year: int, kept: Kept | None = None) -> dict[str, Any]:
    """Cleaned form data → the scenario's overrides and levers (scenario document §2, §4), on top
    of what a saved scenario keeps."""
    kept = kept or Kept()
    fixed_share: Any = data["fixed_share"]
    steps = sorted(
        (data[f"fixed_share_year_{i}"], data[f"fixed_share_later_{i}"])
        for i in range(1, STEPS + 1)
        if data.get(f"fixed_share_year_{i}") is not None
    )
    if steps:
        fixed_share = {str(base_year): data["fixed_share"]} | {str(year): value for year, value in steps}
    compensation: dict[str, Any] = {
        "fixed_share": fixed_share,
        "goal_share": data["goal_share"],
        "sparsity_per_listed": _stepped(data["sparsity_per_listed"], data, "sparsity", base_year),
        "small_unit_threshold": data.get("small_unit_threshold") or 0.0,
        "small_unit_amount": _stepped(data.get("small_unit_amount") or 0.0, data, "small_unit", base_year),
    }
    overrides: dict[str, Any] = {
        "compensation": compensation,
        "ledger": {form: {key: data[f"{form}_{key}"] for key in LEDGER_KEYS} for form, _label in FORMS},
        "neutrality_compensation": bool(data.get("neutrality_compensation")),
    }
    return {"overrides": deep_merge(kept.overrides, overrides), "levers": _levers(data) + kept.levers}


def _stepped(first: float, data: dict[str, Any], name: str, base_year: int) -> Any:
    if data.get(f"{name}_later") is None:
        return first
    return {str(base_year): first, str(data[f"{name}_year"]): data[f"{name}_later"]}


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


def _show(value: float) -> str:
    """A number as the form shows it: as many decimals as it has (up to six, so that a saved value
    comes back unchanged), decimal comma in Swedish, no thousands separators (the field reads
    them, but they make values hard to edit)."""
    text = f"{value:.6f}".rstrip("0").rstrip(".")
    return text.replace(".", ",") if page_language() == "sv" else text


def _keyed(value):
    return {int(k): v for k, v in value.items()} if isinstance(value, dict) else value
