"""The figures the engine records, by level (§7): one place for the engine's field lists.

The projection's tables, the API schema and the batch totals of analyses read these names; the
recorders (``recorders``, ``rows``) fill them from one year's figures (``year.Year``).
"""

from __future__ import annotations

#: One row per centre and year (§7 ``centres``), after the names of the row (centre, year, form, unit).
CENTRE_FIELDS: tuple[str, ...] = (
    "listed",
    "revenue_capitation",
    "revenue_sparsity",
    "revenue_small_unit",
    "revenue_goals",
    "revenue_visits",
    "revenue_patient_fees",
    "deduction_outside_visits",
    "revenue_vat",
    "revenue_neutrality",
    "revenue_total",
    "cost_staff",
    "cost_hired",
    "cost_premises",
    "cost_other",
    "cost_overhead",
    "cost_total",
    "result",
    "overhead_funded",  # R17: not a cost of the centre, paid by the region centrally
)

#: One row per result unit and year it has centres (§7 ``units``), after unit, year and form.
UNIT_FIELDS: tuple[str, ...] = (
    "result",
    "return_requirement",
    "balance_open",
    "balance_close",
    "loss_coverage",
    "recovery",
    "drawdown",
    "written_off",
    "expired",
    "start_capital",  # R20: equity a conversion opens the unit with this year (bookkeeping, no money moves)
)

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
REGION_FIELDS: tuple[str, ...] = (
    "listed",
    "budget",
    "compensation_paid",
    "goal_unpaid",
    "loss_coverage",
    "recovery",
    "drawdown",
    "neutrality_paid",
    "overhead_funded",
    "net_cost",
    "consolidated_cost",
    "region_run_balance",
)

#: Each form's figures in a region row (``by_form``, R21), flattened as ``"FORM.FIELD"`` columns.
BY_FORM_FIELDS: tuple[str, ...] = ("listed", "market_share", "result")

#: The region fields a batch run keeps per member (besides net cost, consolidated cost and the
#: region-run balance, which every run over draws or members keeps): what analysis metrics read (§11.1).
BATCH_TOTALS: tuple[str, ...] = (
    "budget",
    "compensation_paid",
    "goal_unpaid",
    "loss_coverage",
    "recovery",
    "drawdown",
    "neutrality_paid",
    "overhead_funded",
    "written_off",
    "expired",
)
