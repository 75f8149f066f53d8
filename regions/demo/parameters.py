"""Every figure of a demo region that needs a basis, and the bases: what "Så räknar vi" shows."""

from __future__ import annotations

from collections import Counter
from typing import Any

from regions.demo.common import COMMON_BASIS
from regions.demo.generate import COST_SPLIT, LISTED_PER_GP, rules
from regions.demo.history import history_bases, history_parameters
from regions.demo.presets import preset_keys
from regions.demo.profile import Profile
from regions.demo.sources import Basis


def demo_parameters(profile: Profile) -> dict[str, Any]:
    """Every figure of a demo region that needs a basis (``parameter_bases``): each rule parameter
    of its rulebook, each aggregate the data is drawn from or calibrated to, and each preset. Plain
    values (numbers, ranges, counts), for "Så räknar vi" to put in words."""
    found: dict[str, Any] = {}
    _leaves(rules(profile), "", found)
    forms = Counter(site.form for site in profile.sites)
    units = {site.unit or site.name for site in profile.sites}
    found |= {
        "population": profile.population,
        "listed": profile.listed_total,
        "centres": len(profile.sites),
        **{f"centres.{form}": count for form, count in forms.items()},
        "sites": None,
        "units": len(units),
        "centre_mix": None,
        "cost_split": COST_SPLIT,
        "gp_fte": LISTED_PER_GP,
        **{f"margins.{form}": span for form, span in profile.margins.items()},
        **{
            f"hired_share.{form}": profile.hired_share_target.get(form, span)
            for form, span in profile.hired_share.items()
        },
        **{f"unit_listed.{unit}": listed for unit, listed in profile.unit_listed.items()},
        **{f"target_result.{form}": total for form, total in profile.target_result.items()},
        **{f"opening_balance.{unit}": balance for unit, balance in profile.opening_balance.items()},
        **{f"overhead.{form}": total for form, total in profile.overhead_total.items()},
    }
    for goal in ("phone_access", "assessment_3d"):
        targets = {form: wanted[goal] for form, wanted in profile.achievement_target.items() if goal in wanted}
        found[goal] = targets or getattr(profile, goal)
    found |= {f"presets.{key}": None for key in preset_keys(profile) if key != "baseline"}
    return found | history_parameters(profile)


def parameter_bases(profile: Profile) -> dict[str, Basis]:
    """Where each figure of ``demo_parameters`` comes from (the region's own basis first)."""
    return COMMON_BASIS | profile.basis | history_bases(profile)


def _leaves(node: dict[str, Any], prefix: str, found: dict[str, Any]) -> None:
    """The rule parameters of a rulebook by their path (goals as one: a list of goals)."""
    for key, value in node.items():
        path = f"{prefix}{key}"
        if isinstance(value, dict):
            _leaves(value, f"{path}.", found)
        else:
            found[path] = value
