"""Charts of the comparison page: scenarios side by side (Plotly figure dicts, pure)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from simulation.core import numbers, summary
from simulation.core.engine import FORMS
from simulation.presentation.chart_notes import coincide, style_key, with_notes
from simulation.presentation.charts import DASHES, PALETTE, SYMBOLS, chart_layout, form_label, hover_units, to_mnkr


def compare_cost_chart(runs: list[tuple[str, dict[str, Any]]]) -> dict[str, Any]:
    """Each scenario's cost per year in the consolidated view (solid) and as net cost (dotted); the
    legend names the scenarios by colour and the two views by line style."""
    traces = []
    for i, (label, run) in enumerate(runs):
        years = [r["year"] for r in run["region"]]
        colour = PALETTE[i % 8]
        # One legend entry per scenario (the title says which line is which); a click hides both.
        for field, name, dash in (
            ("consolidated_cost", _("consolidated view"), "solid"),
            ("net_cost", _("net cost"), "dot"),
        ):
            traces.append(
                {
                    "type": "scatter",
                    "mode": "lines+markers",
                    "name": label,
                    "legendgroup": label,
                    "showlegend": dash == "solid",
                    "hovertemplate": f"{label}, {name}: %{{y:,.1f}} {numbers.unit('mnkr')}<extra></extra>",
                    "meta": {"column": f"{label}, {name}"},
                    "x": years,
                    "y": to_mnkr(r[field] for r in run["region"]),
                    "line": {"color": colour, "dash": dash},
                }
            )
    # Where a scenario's net cost is its consolidated cost, its dotted line lies on its solid one:
    # one sentence for all such scenarios, instead of one per pair.
    same = []
    for consolidated, net in zip(traces[::2], traces[1::2], strict=True):
        if coincide(consolidated, net):
            same.append(consolidated["name"])
            net["meta"]["noted"] = True
    notes = []
    if same:
        sentence = _(
            "%(scenarios)s: the net cost is the cost in the consolidated view, the dotted line lies on the solid one."
        )
        notes.append(sentence % {"scenarios": "; ".join(same)})
    traces += [style_key(_("consolidated view (solid)")), style_key(_("net cost (dotted)"), dash="dot")]
    title = _("Cost: consolidated view (solid), net cost (dotted)")
    return with_notes({"data": traces, "layout": chart_layout(title, _("SEK m per year"))}, notes)


def compare_difference_chart(runs: list[tuple[str, dict[str, Any]]]) -> dict[str, Any]:
    """Each scenario minus the first, year by year: the consolidated cost as bars, the net cost as a
    dotted line, so that a saving that is only carried in the region's own units shows as a gap."""
    traces = []
    for i, (label, run) in enumerate(runs[1:], start=1):
        colour = PALETTE[i % 8]
        for field, name in (("consolidated_cost", _("consolidated view")), ("net_cost", _("net cost"))):
            years, differences = summary.yearly_differences(runs[0][1], run, field)
            trace = {
                "name": label,
                "legendgroup": label,
                "showlegend": field == "consolidated_cost",
                "hovertemplate": f"{label}, {name}: %{{y:+,.1f}} {numbers.unit('mnkr')}<extra></extra>",
                "meta": {"column": f"{label}, {name}"},
                "x": years,
                "y": to_mnkr(differences),
            }
            if field == "consolidated_cost":
                trace |= {"type": "bar", "marker": {"color": colour}}
            else:
                trace |= {"type": "scatter", "mode": "lines+markers", "line": {"color": colour, "dash": "dot"}}
            traces.append(trace)
    traces += [style_key(_("consolidated view (bars)"), bar=True), style_key(_("net cost (dotted)"), dash="dot")]
    title = _("Against %(first)s: consolidated (bars), net cost (dotted)") % {"first": runs[0][0]}
    return with_notes({"data": traces, "layout": chart_layout(title, _("SEK m per year"), barmode="group")})


def compare_region_run_balance_chart(runs: list[tuple[str, dict[str, Any]]]) -> dict[str, Any]:
    """The summed balance of the region-run units per scenario (below zero: deficits the region's
    own units carry and that are not yet written off)."""
    traces = [
        {
            "type": "scatter",
            "mode": "lines+markers",
            "name": label,
            "x": [r["year"] for r in run["region"]],
            "y": to_mnkr(r["region_run_balance"] for r in run["region"]),
            "line": {"color": PALETTE[i % 8]},
        }
        for i, (label, run) in enumerate(runs)
    ]
    title = _("Balance of the region-run units (below zero: deficits not yet written off)")
    return with_notes({"data": hover_units(traces), "layout": chart_layout(title, _("SEK m at year end"))})


def compare_form_charts(runs: list[tuple[str, dict[str, Any]]]) -> dict[str, dict[str, Any]]:
    """Small multiples: one chart per operating form, each scenario a line in its own colour, all
    on the same scale so that the panels can be compared at a glance."""
    forms = [f for f in FORMS if any(r["by_form"][f]["listed"] for _label, run in runs for r in run["region"])]
    values = [r["by_form"][f]["result"] / 1e6 for _label, run in runs for r in run["region"] for f in forms]
    low, high = min([*values, 0.0]), max([*values, 0.0])
    pad = (high - low) * 0.08 or 1.0
    charts = {}
    for form in forms:
        traces = [
            {
                "type": "scatter",
                "mode": "lines+markers",
                "name": label,
                "x": [r["year"] for r in run["region"]],
                "y": to_mnkr(r["by_form"][form]["result"] for r in run["region"]),
                "line": {"color": PALETTE[i % 8], "dash": DASHES[i % 4]},
                "marker": {"symbol": SYMBOLS[i % 4], "size": 7},
            }
            for i, (label, run) in enumerate(runs)
        ]
        title = _("Result, %(form)s") % {"form": form_label(form)}
        first = not charts  # one legend for all panels: the scenarios keep their colours throughout
        layout = chart_layout(title, _("SEK m per year"), height=400, showlegend=first)
        layout["yaxis"]["range"] = [low - pad, high + pad]
        layout["xaxis"]["title"] = {"text": ""}
        layout["margin"] = {"l": 70, "r": 20, "t": 50, "b": 40}
        layout["legend"] = {"orientation": "h", "y": -0.12, "yanchor": "top"}
        charts[f"compare-form-{form}"] = with_notes({"data": hover_units(traces), "layout": layout})
    return charts
