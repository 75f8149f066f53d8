"""The overview's centre and unit tables: their sortable columns and the page of rows shown. At
national scale they are paged and sorted on the server (``paging.sorted_page``), so that a header
sorts every centre, not just the fifty shown."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from simulation.core import outputs
from simulation.pages.paging import Column, Page, sorted_page


def centre_table(rows: list[dict[str, Any]], query) -> tuple[Page, list[Column]]:
    """The centres, by result from the lowest unless the address asks otherwise (``sort``, ``order``)."""
    columns = [
        ("name", _("Centre"), False),
        ("operating_form", _("Form"), False),
        ("result", _("Result"), True),
        ("revenue_total", _("Revenue"), True),
        ("cost_total", _("Costs"), True),
        ("listed", _("Listed"), True),
        ("result_per_listed", _("SEK per listed"), True),
        ("unit", _("Result unit"), False),
    ]
    return sorted_page(rows, query, columns, ("sort", "order", "centres_page"), "winners", ("result", "asc"))


def unit_table(rows: list[dict[str, Any]], query, has_bands: bool) -> tuple[Page, list[Column]]:
    """The result units in the ledger's order unless the address asks for a sort (``units_sort``)."""
    columns = [
        ("name", _("Unit"), False),
        ("operating_form", _("Form"), False),
        *((name, _(outputs.label(outputs.UNIT, name)), True) for name in ("result", "balance_close")),
        *((name, _(outputs.label(outputs.UNIT, name)), True) for name in ("loss_coverage", "written_off")),
    ]
    if has_bands:
        columns.append(("risk", _("Risk of a write-off or negative balance"), True))
    return sorted_page(rows, query, columns, ("units_sort", "units_order", "units_page"), "units", ("", "asc"))
