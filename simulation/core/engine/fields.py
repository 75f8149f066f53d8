"""The figures the engine records, by level (§7): the engine's field lists, read from the table of
output figures (``simulation.core.outputs``).

The projection's tables, the API schema and the batch totals of analyses read these names; the
recorders (``recorders``, ``rows``) fill them from one year's figures (``year.Year``).
"""

from __future__ import annotations

from simulation.core import outputs

#: One row per centre and year (§7 ``centres``), after the names of the row (centre, year, form, unit).
CENTRE_FIELDS: tuple[str, ...] = outputs.names(outputs.CENTRE)

#: One row per result unit and year it has centres (§7 ``units``), after unit, year and form.
UNIT_FIELDS: tuple[str, ...] = outputs.names(outputs.UNIT)

#: The unit fields the ledger books (the rest come from the structure and the policy).
BOOKED_FIELDS: tuple[str, ...] = (
    "balance_open",
    "balance_close",
    "loss_coverage",
    "recovery",
    "drawdown",
    "written_off",
    "expired",
)

#: One row per year (§7 ``region``), after the year; R21 and R26.
REGION_FIELDS: tuple[str, ...] = outputs.names(outputs.REGION)

#: Each form's figures in a region row (``by_form``, R21), flattened as ``"FORM.FIELD"`` columns.
BY_FORM_FIELDS: tuple[str, ...] = outputs.names(outputs.FORM)

#: Figures every run over draws or members keeps per year (R25, R26).
KEPT_BY_EVERY_RUN: tuple[str, ...] = ("net_cost", "consolidated_cost", "region_run_balance")
#: The region's money flows a batch run keeps per member besides those: the region table's and the
#: units' sums that metrics read (§11.1).
BATCH_TOTALS: tuple[str, ...] = tuple(
    o.name
    for o in outputs.OUTPUTS
    if o.level == outputs.REGION
    and o.unit == outputs.MNKR
    and o.kind == outputs.FLOW
    and (o.in_table or o.metric)
    and o.name not in KEPT_BY_EVERY_RUN
)
