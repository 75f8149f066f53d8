"""What the dashboards show, read from projections: headline figures, comparisons, differences.

Nothing here computes money; it picks figures out of projections and lines them up.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from .charts import FORMS, form_label


def headline(run: dict[str, Any]) -> list[dict[str, Any]]:
    """The figures a politician reads first, each in the base year and the last year."""
    first, last = run["region"][0], run["region"][-1]
    items = [
        {"label": _("Net cost to the region"), "first": first["net_cost"], "last": last["net_cost"], "unit": "mnkr"},
        {"label": _("Loss coverage"), "first": first["loss_coverage"], "last": last["loss_coverage"], "unit": "mnkr"},
    ]
    for form in FORMS:
        if first["by_form"][form]["listed"] or last["by_form"][form]["listed"]:
            items.append(
                {
                    "label": _("Result, %(form)s") % {"form": form_label(form)},
                    "first": first["by_form"][form]["result"],
                    "last": last["by_form"][form]["result"],
                    "unit": "mnkr",
                }
            )
            items.append(
                {
                    "label": _("Market share, %(form)s") % {"form": form_label(form)},
                    "first": first["by_form"][form]["market_share"],
                    "last": last["by_form"][form]["market_share"],
                    "unit": "share",
                }
            )
    for item in items:
        item["change"] = item["last"] - item["first"]
    return items


def centre_rows(run: dict[str, Any], year: int, names: dict[str, str]) -> list[dict[str, Any]]:
    rows = [r | {"name": names.get(r["centre_id"], r["centre_id"])} for r in run["centres"] if r["year"] == year]
    for row in rows:
        row["result_per_listed"] = row["result"] / row["listed"] if row["listed"] else 0.0
    return rows


def unit_rows(run: dict[str, Any], year: int) -> list[dict[str, Any]]:
    risk = (run.get("bands") or {}).get("unit_risk", {})
    return [r | {"risk": risk.get(r["unit"], {}).get("horizon")} for r in run["units"] if r["year"] == year]


def gains_and_losses(runs: list[tuple[str, dict[str, Any]]], names: dict[str, str], count: int = 5):
    """Per scenario after the first: the centres whose summed result over the horizon gains and
    loses most against the first scenario."""

    def totals(run):
        summed: dict[str, float] = {}
        for row in run["centres"]:
            summed[row["centre_id"]] = summed.get(row["centre_id"], 0.0) + row["result"]
        return summed

    base = totals(runs[0][1])
    found = []
    for label, run in runs[1:]:
        differences = sorted(((totals(run)[c] - base[c], c) for c in base), reverse=True)
        found.append(
            {
                "label": label,
                "gains": [{"name": names.get(c, c), "difference": d} for d, c in differences[:count] if d > 0],
                "losses": [
                    {"name": names.get(c, c), "difference": d} for d, c in reversed(differences[-count:]) if d < 0
                ],
            }
        )
    return found


def flatten(value: Any, path: str = "") -> dict[str, Any]:
    """{"compensation.fixed_share.2026": 0.7, ...}: every leaf of a document by its path."""
    if isinstance(value, dict):
        leaves: dict[str, Any] = {}
        for key, item in value.items():
            leaves |= flatten(item, f"{path}.{key}" if path else str(key))
        return leaves or {path: {}}
    if isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
        leaves = {}
        for i, item in enumerate(value):
            leaves |= flatten(item, f"{path}[{i}]")
        return leaves
    return {path: value}


def parameter_differences(documents: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The parameters (every document key except the data) whose values differ between documents."""
    ignored = ("name", "description", "centres", "region", "schema")
    flat = [flatten({k: v for k, v in d.items() if k not in ignored}) for d in documents]
    keys = sorted(set().union(*flat))
    return [
        {"parameter": key, "values": [f.get(key, "–") for f in flat]}
        for key in keys
        if len({repr(f.get(key)) for f in flat}) > 1
    ]
