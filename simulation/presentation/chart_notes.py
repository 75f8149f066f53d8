"""What a chart says besides its plot: notes on series hidden under others, and legend keys that
explain a line style. Both read the figure's own traces; nothing here computes money.

A figure dict may carry ``notes`` (sentences shown under the plot, static/js/charts.js) beside its
``data`` and ``layout``; a trace whose ``meta`` says ``key`` is a legend entry only (no points), and a
trace's ``meta.column`` names it where its legend name is shared (the table of the chart's data).
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

#: Legend swatches of a line style are grey: the colour belongs to the scenario, the style to the figure.
KEY_COLOUR = "#59636e"
#: Two lines closer than this share of the plot's height in every year are drawn on top of each other
#: (a line is 2–4 px wide on a plot of about 250 px).
COINCIDE_SHARE = 0.006
#: Values that round to the same tenth of a mnkr are "the same", as the tables show them.
SAME_MNKR = 0.05


def style_key(name: str, dash: str = "solid", bar: bool = False) -> dict[str, Any]:
    """A legend entry that explains a line style (or that bars mean something): it draws nothing."""
    trace: dict[str, Any] = {
        "type": "bar" if bar else "scatter",
        "x": [None],
        "y": [None],
        "name": name,
        "hoverinfo": "skip",
        "meta": {"key": True},
    }
    if bar:
        trace["marker"] = {"color": KEY_COLOUR}
    else:
        trace |= {"mode": "lines", "line": {"color": KEY_COLOUR, "dash": dash, "width": 2}}
    return trace


def _label(trace: dict[str, Any]) -> str:
    return str((trace.get("meta") or {}).get("column") or trace.get("name") or "")


def _line(trace: dict[str, Any]) -> bool:
    return (
        trace.get("type") == "scatter"
        and "lines" in trace.get("mode", "lines")
        and not trace.get("fill")
        and (trace.get("line") or {}).get("width", 2) > 0
        and not (trace.get("meta") or {}).get("key")
        and not (trace.get("meta") or {}).get("noted")
        and bool(_label(trace))
        and trace.get("visible", True) is True
    )


def _points(trace: dict[str, Any]) -> dict[Any, float]:
    return {x: y for x, y in zip(trace.get("x") or [], trace.get("y") or [], strict=False) if y is not None}


def coincide(a: dict[str, Any], b: dict[str, Any], tolerance: float = SAME_MNKR) -> bool:
    """Two series with the same points, each value within ``tolerance`` of the other's."""
    mine, theirs = _points(a), _points(b)
    return bool(mine) and mine.keys() == theirs.keys() and all(abs(theirs[x] - y) <= tolerance for x, y in mine.items())


def hidden_series_notes(traces: list[dict[str, Any]]) -> list[str]:
    """Lines drawn on top of each other (the same values in every year) hide all but the last: say
    which, one sentence per bundle, and widen each hidden line under a solid one so that it shows
    as an outline around it."""
    lines = [t for t in traces if _line(t)]
    values = [y for t in lines for y in _points(t).values()]
    if not values:
        return []
    tolerance = max(COINCIDE_SHARE * (max(values) - min(values)), SAME_MNKR)
    bundles: list[list[dict[str, Any]]] = []
    for line in lines:
        bundle = next((b for b in bundles if coincide(b[0], line, tolerance)), None)
        if bundle is None:
            bundles.append([line])
        else:
            bundle.append(line)
    notes = []
    for bundle in (b for b in bundles if len(b) > 1):
        exact = all(coincide(bundle[0], other) for other in bundle[1:])
        figures = {"hidden": _join([_label(t) for t in bundle[:-1]]), "over": _label(bundle[-1])}
        if exact:
            notes.append(_("%(hidden)s: under %(over)s, with the same values.") % figures)
        else:
            notes.append(_("%(hidden)s: under %(over)s, with almost the same values.") % figures)
        width = (bundle[-1].get("line") or {}).get("width", 2)
        for under in reversed(bundle[:-1]):
            if (bundle[-1].get("line") or {}).get("dash", "solid") == "solid":
                width += 3
                under.setdefault("line", {})["width"] = width
    return notes


def _join(labels: list[str]) -> str:
    if len(labels) == 1:
        return labels[0]
    return _("%(first)s and %(last)s") % {"first": "; ".join(labels[:-1]), "last": labels[-1]}


def with_notes(figure: dict[str, Any], notes: list[str] | None = None) -> dict[str, Any]:
    """The figure with ``notes`` and those on its hidden series (none: no ``notes`` key)."""
    notes = [*(notes or []), *hidden_series_notes(figure["data"])]
    if notes:
        figure["notes"] = notes
    return figure
