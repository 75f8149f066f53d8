"""The history page's charts as Plotly figure dicts: the books beside the model, year by year, and a
back-test's projection with its band against what happened. They read the history and the back-test
(services) and never compute money; money in mnkr, shares in percent, Swedish separators."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from simulation.core import numbers
from simulation.core.history import BacktestRow, figure_value, year_figures
from simulation.presentation.charts import (
    FORM_COLOURS,
    MNKR,
    PALETTE,
    REGION_RUN_COLOUR,
    chart_layout,
    form_label,
    hover_units,
)
from simulation.services.history import Backtest, HistoryYear

MODEL_COLOUR = "#000000"
REGION_RUN = ("egen_regi", "intraprenad")


def _mnkr(value: float | None) -> float | None:
    return None if value is None else value / MNKR


def _layout(title: str, y_title: str, **extra: Any) -> dict[str, Any]:
    """The shared layout, with what the chart shows on one line and its unit (after the title's last
    comma) on the next, so that a title fits a chart half the page wide."""
    what, comma, unit = title.rpartition(", ")
    text = f"{what}<br><span style='font-size:12px'>{unit}</span>" if comma else title
    layout = chart_layout(text, y_title, **extra)
    layout["margin"] = layout["margin"] | {"t": 80}
    return layout


def result_chart(history: list[HistoryYear]) -> dict[str, Any]:
    """The region-run units' result per year: booked (bars, by operating form) and by the rules in
    force that year on its data (a line)."""
    years = [h.year for h in history]
    traces = []
    for form in REGION_RUN:
        booked = [h.booked.result(form) if h.booked else None for h in history]
        if any(v is not None for v in booked):
            traces.append(
                {
                    "type": "bar",
                    "name": _("Booked, %(form)s") % {"form": form_label(form)},
                    "x": years,
                    "y": [_mnkr(v) for v in booked],
                    "marker": {"color": FORM_COLOURS[form]},
                }
            )
    traces.append(
        {
            "type": "scatter",
            "mode": "lines+markers",
            "name": _("By the model (the year's rules on its data)"),
            "x": years,
            "y": [_mnkr(h.figures.region_run_result) for h in history],
            "line": {"color": MODEL_COLOUR, "dash": "dash", "width": 3},
            "marker": {"symbol": "diamond", "size": 9},
        }
    )
    title = _("Result of the region-run units: booked and by the model, SEK m per year")
    return {"data": hover_units(traces), "layout": _layout(title, _("SEK m per year"), barmode="relative")}


def balance_chart(history: list[HistoryYear]) -> dict[str, Any]:
    """The region-run units' balance at year end: booked per unit, and the model's sum."""
    years = [h.year for h in history]
    units = sorted({u for h in history if h.booked for u in h.booked.units if h.units.get(u) in REGION_RUN})
    traces = []
    for i, unit in enumerate(units):
        values = [h.booked.units[unit][1] if h.booked and unit in h.booked.units else None for h in history]
        if any(v for v in values):
            traces.append(
                {
                    "type": "scatter",
                    "mode": "lines+markers",
                    "name": _("Booked: %(unit)s") % {"unit": unit},
                    "x": years,
                    "y": [_mnkr(v) for v in values],
                    "line": {"color": PALETTE[(i + 2) % len(PALETTE)], "width": 3},
                }
            )
    traces.append(
        {
            "type": "scatter",
            "mode": "lines+markers",
            "name": _("By the model: all region-run units"),
            "x": years,
            "y": [_mnkr(h.figures.region_run_balance) for h in history],
            "line": {"color": REGION_RUN_COLOUR, "dash": "dash"},
            "marker": {"symbol": "diamond"},
        }
    )
    title = _("Balance of the region-run units at year end, SEK m")
    return {"data": hover_units(traces), "layout": _layout(title, _("SEK m at year end"))}


def listed_chart(history: list[HistoryYear]) -> dict[str, Any]:
    """Listed at the region-run centres (persons) and their market share (percent, right axis)."""
    years = [h.year for h in history]
    persons = _("persons")
    traces = [
        {
            "type": "bar",
            "name": _("Listed at region-run centres"),
            "x": years,
            "y": [h.figures.listed for h in history],
            "marker": {"color": PALETTE[0]},
            "hovertemplate": f"%{{y:,.0f}} {persons}",
        },
        {
            "type": "scatter",
            "mode": "lines+markers",
            "name": _("Their market share (right axis)"),
            "x": years,
            "y": [h.figures.market_share for h in history],
            "yaxis": "y2",
            "line": {"color": PALETTE[1], "width": 3},
            "hovertemplate": "%{y:.1%}",
        },
    ]
    layout = _layout(_("Listed at the region-run centres and their market share, persons and %"), _("Persons"))
    layout["yaxis"] = layout["yaxis"] | {"tickformat": ",.0f"}
    layout["yaxis2"] = {
        "title": {"text": _("Market share, %")},
        "overlaying": "y",
        "side": "right",
        "tickformat": ".0%",
        "rangemode": "tozero",
        "showgrid": False,
    }
    layout["margin"] = layout["margin"] | {"r": 70}
    return {"data": traces, "layout": layout}


def shares_chart(history: list[HistoryYear]) -> dict[str, Any]:
    """The region-run centres' hired-staff share of personnel cost and their goal figures, in percent."""
    years = [h.year for h in history]
    series = (
        (_("Hired staff's share of personnel cost"), [h.figures.hired_share for h in history], PALETTE[3]),
        (_("Telephone accessibility"), [h.phone_access for h in history], PALETTE[0]),
        (_("Medical assessment within 3 days"), [h.assessment_3d for h in history], PALETTE[2]),
    )
    traces = [
        {
            "type": "scatter",
            "mode": "lines+markers",
            "name": name,
            "x": years,
            "y": values,
            "line": {"color": colour, "width": 3},
            "hovertemplate": "%{y:.1%}",
        }
        for name, values, colour in series
    ]
    title = _("Hired staff and accessibility at region-run centres, %")
    layout = _layout(title, _("Percent"))
    layout["yaxis"] = layout["yaxis"] | {"tickformat": ".0%", "rangemode": "tozero"}
    return {"data": traces, "layout": layout}


#: The back-test figures drawn as charts (money, with the projection's band where there is one).
BACKTEST_CHARTS = {
    "result.region_run": lambda: _("Back-test: result of the region-run units, SEK m per year"),
    "region_run_balance": lambda: _("Back-test: balance of the region-run units at year end, SEK m"),
}


def backtest_chart(done: Backtest, figure: str) -> dict[str, Any]:
    """A back-test figure: the projection from its start year (a dashed line), its 5–95 % band where
    uncertain, and what the books show (markers)."""
    run = done.run
    rows = [r for r in done.rows if r.figure == figure]
    last = max((r.year for r in done.rows), default=done.start)
    years = [r["year"] for r in run["region"] if r["year"] <= last]
    projected = [figure_value(year_figures(run, y), figure) for y in years]
    traces = []
    banded = [r for r in rows if r.band is not None]
    if banded:
        traces += _band(banded)
    traces.append(
        {
            "type": "scatter",
            "mode": "lines+markers",
            "name": _("Projected from %(year)s") % {"year": done.start},
            "x": years,
            "y": [_mnkr(v) for v in projected],
            "line": {"color": MODEL_COLOUR, "dash": "dash"},
        }
    )
    traces.append(
        {
            "type": "scatter",
            "mode": "markers",
            "name": _("Booked"),
            "x": [r.year for r in rows],
            "y": [_mnkr(r.actual) for r in rows],
            "marker": {"color": PALETTE[3], "size": 11, "symbol": "circle"},
        }
    )
    return {"data": hover_units(traces), "layout": _layout(BACKTEST_CHARTS[figure](), _("SEK m"))}


def _band(rows: list[BacktestRow]) -> list[dict[str, Any]]:
    years = [r.year for r in rows]
    low = {
        "type": "scatter",
        "mode": "lines",
        "x": years,
        "y": [_mnkr(r.band[0]) for r in rows if r.band],
        "line": {"width": 0, "color": MODEL_COLOUR},
        "showlegend": False,
        "hoverinfo": "skip",
    }
    high = {
        "type": "scatter",
        "mode": "lines",
        "x": years,
        "y": [_mnkr(r.band[1]) for r in rows if r.band],
        "fill": "tonexty",
        "fillcolor": "rgba(0,0,0,0.15)",
        "line": {"width": 0, "color": MODEL_COLOUR},
        "name": _("Projection: 5–95 %% of outcomes") % {},
        "hovertemplate": f"%{{y:,.1f}} {numbers.unit('mnkr')}",
    }
    return [low, high]


def history_figures(history: list[HistoryYear], done: Backtest | None) -> dict[str, dict[str, Any]]:
    """Every chart of the history page, keyed by its element (``chart-KEY``)."""
    figures = {
        "history-result": result_chart(history),
        "history-balance": balance_chart(history),
        "history-listed": listed_chart(history),
        "history-shares": shares_chart(history),
    }
    if done is not None:
        for figure in BACKTEST_CHARTS:
            if any(r.figure == figure for r in done.rows):
                figures[backtest_key(figure)] = backtest_chart(done, figure)
    return figures


def backtest_key(figure: str) -> str:
    return "backtest-" + figure.replace(".", "-").replace("_", "-")


def backtest_charts(done: Backtest) -> list[tuple[str, str]]:
    """The back-test's charts (element key, what it shows), for the figures it has rows of."""
    return [
        (backtest_key(figure), title())
        for figure, title in BACKTEST_CHARTS.items()
        if any(r.figure == figure for r in done.rows)
    ]
