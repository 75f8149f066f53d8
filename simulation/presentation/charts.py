"""Projection → Plotly figure dicts. Pure functions: they read projections and never compute money.

Money is shown in millions of kronor (mnkr) with Swedish separators (decimal comma, space between
thousands), years run along x, and every chart names what it shows and its unit. Colours are the
Okabe–Ito palette, which stays distinct for colour-blind readers.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from healthcentres.models import OperatingForm
from simulation.core import numbers, outputs
from simulation.core.engine import FORMS
from simulation.presentation.chart_notes import with_notes

PALETTE = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000"]
FORM_COLOURS = {"egen_regi": "#0072B2", "intraprenad": "#009E73", "private": "#E69F00"}
#: Line styles that tell scenarios apart; "dot" is not one of them: dotted means the net cost (compare_charts).
DASHES = ["solid", "dash", "dashdot", "longdash"]
SYMBOLS = ["circle", "square", "diamond", "triangle-up"]
#: The consolidated view (R26) and the region-run balance keep one colour on every chart.
CONSOLIDATED_COLOUR = "#E69F00"
REGION_RUN_COLOUR = "#000000"
MNKR = 1e6


def form_label(form: str) -> str:
    return str(OperatingForm(form).label)


def to_mnkr(values) -> list[float]:
    return [v / MNKR for v in values]


def chart_layout(title: str, y_title: str, x_title: str | None = None, **extra: Any) -> dict[str, Any]:
    return {
        "title": {"text": title, "x": 0, "xanchor": "left"},
        "separators": numbers.chart_separators(),
        "colorway": PALETTE,
        "font": {"family": "system-ui, sans-serif", "size": 13},
        "margin": {"l": 70, "r": 20, "t": 60, "b": 90},
        # Below the x-axis title, anchored by its top so that long legends grow downwards.
        "legend": {"orientation": "h", "y": -0.3, "yanchor": "top"},
        "hovermode": "x unified",
        "xaxis": {"title": {"text": x_title or _("Year")}, "dtick": 1, "tickformat": "d"},
        "yaxis": {"title": {"text": y_title}, "tickformat": ",.1f", "zeroline": True},
        "hoverlabel": {"namelength": -1},
    } | extra


def hover_units(traces: list[dict[str, Any]], axis: str = "y", decimals: int = 1) -> list[dict[str, Any]]:
    """Every trace says its unit when hovered (mnkr / SEK m), unless it words its own hover text."""
    suffix = numbers.unit("mnkr")
    for trace in traces:
        if "hovertemplate" not in trace and trace.get("hoverinfo") != "skip":
            trace["hovertemplate"] = f"%{{{axis}:,.{decimals}f}} {suffix}"
    return traces


def _moves(values) -> bool:
    """A series worth a legend entry: not zero in every year (half a krona is zero)."""
    return any(abs(v) > 0.5 for v in values)


def _fan(years: list[int], band: dict[str, list[float]], name: str, colour: str) -> list[dict[str, Any]]:
    """p5–p95 and p25–p75 as shaded areas and the median as a dotted line (R25)."""
    traces = []
    for low, high, opacity, label in (("p5", "p95", 0.15, "5–95 %"), ("p25", "p75", 0.3, "25–75 %")):
        traces.append(
            {
                "type": "scatter",
                "x": years,
                "y": to_mnkr(band[low]),
                "mode": "lines",
                "line": {"width": 0, "color": colour},
                "showlegend": False,
                "hoverinfo": "skip",
            }
        )
        traces.append(
            {
                "type": "scatter",
                "x": years,
                "y": to_mnkr(band[high]),
                "mode": "lines",
                "fill": "tonexty",
                "line": {"width": 0, "color": colour},
                "opacity": opacity,
                "fillcolor": _rgba(colour, opacity),
                "name": f"{name}: {label}",
            }
        )
    median = _("median")
    traces.append(
        {
            "type": "scatter",
            "x": years,
            "y": to_mnkr(band["p50"]),
            "mode": "lines",
            "line": {"color": colour, "dash": "dot"},
            "name": f"{name}: {median}",
        }
    )
    return traces


def _rgba(colour: str, alpha: float) -> str:
    red, green, blue = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return f"rgba({red},{green},{blue},{alpha})"


#: The colour of each term of net cost (``outputs.NET_COST_TERMS``, a test holds them together) in
#: its chart, in the order the bars stack: the palette's index.
TERM_COLOURS = {"compensation_paid": 0, "loss_coverage": 3, "drawdown": 4, "recovery": 2, "overhead_funded": 5}


def net_cost_chart(run: dict[str, Any]) -> dict[str, Any]:
    """The region's net cost per year by its terms (R21): compensation, loss coverage, drawdowns and
    overhead paid centrally up, recovery down."""
    region = run["region"]
    years = [r["year"] for r in region]
    # The terms of net cost (R21), each with its sign: recovery goes down.
    traces = [
        {
            "type": "bar",
            "name": _(outputs.label(outputs.REGION, term)),
            "x": years,
            "y": to_mnkr(sign * r[term] for r in region),
            "marker": {"color": PALETTE[TERM_COLOURS[term]]},
        }
        for term, sign in ((term, outputs.NET_COST_TERMS[term]) for term in TERM_COLOURS)
    ]
    traces += [
        {
            "type": "scatter",
            "mode": "lines+markers",
            "name": _(outputs.label(outputs.REGION, "net_cost")),
            "x": years,
            "y": to_mnkr(r["net_cost"] for r in region),
            "line": {"color": "#000000", "width": 3},
        },
    ]
    traces.append(
        {
            "type": "scatter",
            "mode": "lines+markers",
            "name": _(outputs.label(outputs.REGION, "consolidated_cost")),
            "x": years,
            "y": to_mnkr(r["consolidated_cost"] for r in region),
            "line": {"color": CONSOLIDATED_COLOUR, "width": 3, "dash": "dash"},
            "marker": {"symbol": "diamond"},
        }
    )
    # A component that is zero every year (no drawdowns, say) has no place in the legend.
    traces = [t for t in traces if t["type"] != "bar" or _moves(t["y"][i] * MNKR for i in range(len(years)))]
    if run.get("bands"):
        traces += _fan(years, run["bands"]["net_cost"], _("Net cost"), "#000000")
        traces += _fan(years, run["bands"]["consolidated_cost"], _("Consolidated"), CONSOLIDATED_COLOUR)
    title = _("Net cost by component, and the cost in the consolidated view")
    return with_notes(
        {"data": hover_units(traces), "layout": chart_layout(title, _("SEK m per year"), barmode="relative")}
    )


def result_by_form_chart(run: dict[str, Any]) -> dict[str, Any]:
    """Σ result of the centres of each operating form per year, with fan bands when uncertain."""
    region = run["region"]
    years = [r["year"] for r in region]
    traces = []
    for form in FORMS:
        if not any(r["by_form"][form]["listed"] for r in region):
            continue
        colour = FORM_COLOURS[form]
        traces.append(
            {
                "type": "scatter",
                "mode": "lines+markers",
                "name": form_label(form),
                "x": years,
                "y": to_mnkr(r["by_form"][form]["result"] for r in region),
                "line": {"color": colour},
            }
        )
        if run.get("bands"):
            traces += _fan(years, run["bands"]["result_by_form"][form], form_label(form), colour)
    layout = chart_layout(_("Result of the centres by operating form"), _("SEK m per year"))
    return with_notes({"data": hover_units(traces), "layout": layout})


def unit_balance_chart(run: dict[str, Any], limit: int = 8, names: dict[str, str] | None = None) -> dict[str, Any]:
    """Closing balances of the result units that carry one (equity above zero, carried deficits
    below), the largest first, with write-offs and expired surplus (R19 step 4b) marked. A unit
    that is one centre is shown by the centre's name (``names``: centre id → name)."""
    by_unit: dict[str, list[dict[str, Any]]] = {}
    for row in run["units"]:
        by_unit.setdefault(row["unit"], []).append(row)
    moving = [u for u, rows in by_unit.items() if any(abs(r["balance_close"]) > 0.5 or r["written_off"] for r in rows)]
    moving.sort(key=lambda u: -max(abs(r["balance_close"]) + r["written_off"] for r in by_unit[u]))
    traces = []
    for i, unit in enumerate(moving[:limit]):
        rows = by_unit[unit]
        label = (names or {}).get(unit, unit)
        colour = PALETTE[i % len(PALETTE)]
        traces.append(
            {
                "type": "scatter",
                "mode": "lines+markers",
                "name": label,
                "x": [r["year"] for r in rows],
                "y": to_mnkr(r["balance_close"] for r in rows),
                "line": {"color": colour},
            }
        )
        traces += _unit_marks(label, colour, rows)
    region = run["region"]
    if _moves(r["region_run_balance"] for r in region):
        traces.insert(
            0,
            {
                "type": "scatter",
                "mode": "lines+markers",
                "name": _("All region-run units"),
                "x": [r["year"] for r in region],
                "y": to_mnkr(r["region_run_balance"] for r in region),
                "line": {"color": REGION_RUN_COLOUR, "width": 4},
            },
        )
    title = _("Balances of the result units: equity +, carried deficits − (× = write-off)")
    layout = chart_layout(title, _("SEK m at year end"))
    if not traces:
        layout["annotations"] = [
            {
                "text": _("No result unit carries a balance in this scenario."),
                "showarrow": False,
                "xref": "paper",
                "yref": "paper",
                "x": 0.5,
                "y": 0.5,
            }
        ]
    return with_notes({"data": hover_units(traces), "layout": layout})


def _unit_marks(label: str, colour: str, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """A unit's years with a write-off (R19 step 4) or expired surplus (step 4b), marked on its line."""
    traces = []
    written = [r for r in rows if r["written_off"] > 0]
    written_off = _("written off")
    if written:
        traces.append(
            {
                "type": "scatter",
                "mode": "markers",
                "name": f"{label}: {written_off}",
                "x": [r["year"] for r in written],
                "y": to_mnkr(r["balance_close"] for r in written),
                "marker": {"symbol": "x", "size": 12, "color": colour, "line": {"width": 2}},
                "text": [f"{written_off} {numbers.mnkr(r['written_off'])}" for r in written],
                "hovertemplate": "%{text}<extra></extra>",
            }
        )
    lapsed = [r for r in rows if r.get("expired", 0) > 0]
    expired = _("surplus expired")
    if lapsed:
        traces.append(
            {
                "type": "scatter",
                "mode": "markers",
                "name": f"{label}: {expired}",
                "x": [r["year"] for r in lapsed],
                "y": to_mnkr(r["balance_close"] for r in lapsed),
                "marker": {"symbol": "triangle-down", "size": 11, "color": colour},
                "text": [f"{expired} {numbers.mnkr(r['expired'])}" for r in lapsed],
                "hovertemplate": "%{text}<extra></extra>",
            }
        )
    return traces


def centre_result_chart(rows: list[dict[str, Any]], year: int) -> dict[str, Any]:
    """Each centre's result in one year, sorted, coloured by operating form (winners and losers)."""
    ordered = sorted(rows, key=lambda r: r["result"])
    traces = []
    for form in FORMS:
        mine = [r for r in ordered if r["operating_form"] == form]
        if mine:
            traces.append(
                {
                    "type": "bar",
                    "orientation": "h",
                    "name": form_label(form),
                    "y": [r.get("name", r["centre_id"]) for r in mine],
                    "x": to_mnkr(r["result"] for r in mine),
                    "marker": {"color": FORM_COLOURS[form]},
                }
            )
    layout = chart_layout(
        _("Result per centre in %(year)s") % {"year": year},
        "",
        x_title=_("SEK m"),
        height=max(320, 22 * len(rows) + 120),
        hovermode="closest",
    )
    layout["xaxis"] = {"title": {"text": _("SEK m")}, "tickformat": ",.1f"}
    layout["yaxis"] = {
        "automargin": True,
        "categoryorder": "array",
        "categoryarray": [r.get("name", r["centre_id"]) for r in ordered],
    }
    return {"data": hover_units(traces, axis="x", decimals=2), "layout": layout}


#: A centre's revenue and its costs by their parts (the table of output figures): (field, msgid, sign).
REVENUE_PARTS = tuple(
    (name, outputs.label(outputs.CENTRE, name), sign)
    for name, sign in outputs.terms(outputs.CENTRE, "revenue_total").items()
)
COST_PARTS = tuple((name, outputs.label(outputs.CENTRE, name)) for name in outputs.terms(outputs.CENTRE, "cost_total"))


def waterfall_chart(row: dict[str, Any], name: str) -> dict[str, Any]:
    """A centre's revenue built up from its components, then its costs, down to its result. Each
    bar carries the row field it shows (customdata), so that a click can explain it."""
    labels, values, measures, fields = [], [], [], []

    def bar(field: str, label: str, value: float, measure: str) -> None:
        labels.append(label)
        values.append(value / MNKR)
        measures.append(measure)
        fields.append(field)

    for key, label, sign in REVENUE_PARTS:
        if row[key]:
            bar(key, _(label), sign * row[key], "relative")
    bar("revenue_total", _(outputs.label(outputs.CENTRE, "revenue_total")), row["revenue_total"], "total")
    for key, label in COST_PARTS:
        if row[key]:
            bar(key, _(label), -row[key], "relative")
    bar("result", _(outputs.label(outputs.CENTRE, "result")), row["result"], "total")
    trace = {
        "type": "waterfall",
        "x": labels,
        "y": values,
        "measure": measures,
        "customdata": fields,
        "increasing": {"marker": {"color": PALETTE[2]}},
        "decreasing": {"marker": {"color": PALETTE[3]}},
        "totals": {"marker": {"color": PALETTE[0]}},
        "connector": {"line": {"color": "#999"}},
        "hovertemplate": "%{x}: %{y:,.2f} " + numbers.unit("mnkr") + "<br>" + _("Click to see why") + "<extra></extra>",
    }
    title = _("Revenue and costs of %(name)s in %(year)s") % {"name": name, "year": row["year"]}
    layout = chart_layout(title, _("SEK m"), x_title=" ", hovermode="closest", showlegend=False)
    layout["xaxis"] = {"automargin": True}
    return {"data": [trace], "layout": layout}
