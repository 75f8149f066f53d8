"""The summary stored beside a cached projection: what the comparison shows, without the projection.

A national projection is 11 MB of JSON (1 200 centres × 10 years of centre and unit rows); the
comparison shows region and form totals per year, the components, and who gains and loses. The
summary keeps exactly what those read, in the projection's own shapes, so that the same
``simulation.core.summary`` functions and charts read it as they read a whole run:

- ``region``: the run's region rows (every year, with ``by_form``), as they are;
- ``centres``: one row per centre, its result summed over the horizon (``results_by`` and
  ``centre_result_differences`` sum the rows they are given, so their sums are the same);
- ``units``: one row per operating form, the units' figures that ``components`` sums, summed;
- ``base_year_centres``: the base year's centre rows, a column per field (``BASE_YEAR_KEPT``): what
  the home page lists of a region's centres (67 KB of JSON for 1 200 centres);
- the document as run, with each centre reduced to what the comparison shows of it.

Nothing here computes money: it only adds up rows the engine wrote, as the readers would.
"""

from __future__ import annotations

from typing import Any

#: A centre's fields the comparison shows or groups by (name, form today, municipality, rural, size).
CENTRE_KEPT = ("id", "name", "operating_form", "municipality", "rural", "listed")
#: The unit figures ``simulation.core.summary.components`` sums.
UNIT_SUMMED = ("written_off", "expired", "drawdown", "balance_close", "balance_open", "start_capital")
#: A centre's base-year figures the home page shows (its name and municipality are the document's).
BASE_YEAR_KEPT = ("centre_id", "operating_form", "unit", "listed", "result")


def summarise(projection: dict[str, Any], document: dict[str, Any]) -> dict[str, Any]:
    """The comparison's and the home page's view of a projection and its runnable document (see the
    module's doc)."""
    return {
        "years": projection["years"],
        "runs": [_light_run(run, projection["base_year"]) for run in projection["runs"]],
        "document": {k: v for k, v in document.items() if k != "centres"}
        | {"centres": [{k: c.get(k) for k in CENTRE_KEPT} for c in document["centres"]]},
    }


def base_year_centres(run: dict[str, Any]) -> list[dict[str, Any]]:
    """A summarised run's base-year centre rows, each a dict of ``BASE_YEAR_KEPT`` as in the projection."""
    columns = [run["base_year_centres"][field] for field in BASE_YEAR_KEPT]
    return [dict(zip(BASE_YEAR_KEPT, values, strict=True)) for values in zip(*columns, strict=True)]


def _light_run(run: dict[str, Any], base_year: int) -> dict[str, Any]:
    centres: dict[str, float] = {}
    for row in run["centres"]:
        centres[row["centre_id"]] = centres.get(row["centre_id"], 0.0) + row["result"]
    units: dict[str, dict[str, Any]] = {}
    for row in run["units"]:
        summed = units.setdefault(row["operating_form"], {"operating_form": row["operating_form"]})
        for field in UNIT_SUMMED:
            summed[field] = summed.get(field, 0.0) + row.get(field, 0.0)
    return {k: v for k, v in run.items() if k not in ("centres", "units")} | {
        "centres": [{"centre_id": c, "result": r} for c, r in centres.items()],
        "units": list(units.values()),
        "base_year_centres": _columns([row for row in run["centres"] if row["year"] == base_year], BASE_YEAR_KEPT),
    }


def _columns(rows: list[dict[str, Any]], fields: tuple[str, ...]) -> dict[str, list[Any]]:
    # A column per field: the field names are written once, not once a centre.
    return {field: [row[field] for row in rows] for field in fields}
