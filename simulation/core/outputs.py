"""The output figures (§7, R21, R26, §11.1): one entry per figure the engine records or ``summary``
sums, and what it is — its level, its unit, flow or stock, its label, the total it is a term of
(net cost, a centre's revenue and costs), the metric an analysis asks for it by, and what a REST
client cannot guess from its name.

Everything that lists figures reads this table: the engine's field lists (``engine.fields``), the
projection's tables (whose field order is this table's, §7) and their OpenAPI schema, the batch
totals, the metrics of analyses (§11.1), the comparison's components, the export columns, the
charts' and tables' labels and the words. Adding a figure is one entry here plus its computation.

Labels are English msgids of the project's one catalogue (``locale/sv/LC_MESSAGES/django.po``,
see ``analysis.wording``): marked here with ``gettext_noop`` so that ``make messages`` collects
them, translated where they are shown (the pages with Django's ``gettext``, the core with
``wording``). The English label is the msgid; the Swedish one is its catalogue entry, and a test
holds every label to having one.
"""

from __future__ import annotations

from dataclasses import dataclass

#: The levels of a figure: a centre's row, a result unit's row, the region's row, one operating
#: form's figures in the region row (``by_form``, R21).
CENTRE, UNIT, REGION, FORM = "centre", "unit", "region", "form"
#: How a figure is shown. Every money figure is held in SEK; region money is read in SEK millions.
KR, MNKR, COUNT, SHARE = "kr", "mnkr", "count", "share"
#: A flow is summed over years (what happens in a year); a stock is read in a year (where it stands).
FLOW, STOCK = "flow", "stock"


def gettext_noop(message: str) -> str:
    """Marks a msgid for ``make messages`` (xgettext's ``gettext_noop`` keyword) and returns it."""
    return message


@dataclass(frozen=True)
class Output:
    name: str  # the projection's field (or ``summary.Components``' for the region's sums)
    level: str
    unit: str
    kind: str  # FLOW or STOCK
    label: str  # the English msgid
    total: str | None = None  # the figure of the same level it is a term of (net cost, revenue…)
    sign: int = 0  # +1 or −1: how it enters ``total``
    metric: str | None = None  # the §11.1 metric that reads it, if one does
    in_table: bool = True  # in its level's table of the projection (False: ``summary`` sums it)
    #: What a REST client cannot guess from the name (the projection's OpenAPI schema, in English).
    help: str = ""

    @property
    def net_cost_part(self) -> bool:
        """A term of net cost (R21)."""
        return self.level == REGION and self.total == "net_cost"


def _centre(
    name: str,
    label: str,
    unit: str = KR,
    kind: str = FLOW,
    total: str | None = None,
    sign: int = 1,
    help: str = "",
) -> Output:
    return Output(name, CENTRE, unit, kind, label, total, sign if total else 0, help=help)


def _revenue(name: str, label: str, sign: int = 1) -> Output:
    return _centre(name, label, total="revenue_total", sign=sign)


def _cost(name: str, label: str) -> Output:
    return _centre(name, label, total="cost_total")


def _unit(name: str, label: str, kind: str = FLOW, help: str = "") -> Output:
    return Output(name, UNIT, KR, kind, label, help=help)


def _region(
    name: str,
    label: str,
    *,
    sign: int = 0,
    metric: bool = False,
    unit: str = MNKR,
    kind: str = FLOW,
    in_table: bool = True,
    help: str = "",
) -> Output:
    total = "net_cost" if sign else None
    return Output(name, REGION, unit, kind, label, total, sign, name if metric else None, in_table, help)


_OVERHEAD_FUNDED = (
    "SEK. Overhead the region no longer charges its region-run centres but still pays centrally, unless "
    "the lever says the services are cut (funded_by: saved) (R17, R21). In a centre row, that centre's part."
)

OUTPUTS: tuple[Output, ...] = (
    # One row per centre and year (§7 ``centres``), after centre, year, form and unit.
    _centre("listed", gettext_noop("Listed"), COUNT, STOCK),
    _revenue("revenue_capitation", gettext_noop("Capitation")),
    _revenue("revenue_sparsity", gettext_noop("Sparsity supplement")),
    _revenue("revenue_small_unit", gettext_noop("Small-unit supplement")),
    _revenue("revenue_goals", gettext_noop("Goal pay")),
    _revenue("revenue_visits", gettext_noop("Visit pay")),
    _revenue("revenue_patient_fees", gettext_noop("Patient fees")),
    _revenue("deduction_outside_visits", gettext_noop("Outside-visit deduction"), -1),
    _revenue("revenue_vat", gettext_noop("VAT compensation")),
    _revenue("revenue_neutrality", gettext_noop("Neutrality compensation")),
    _centre("revenue_total", gettext_noop("Revenue")),
    _cost("cost_staff", gettext_noop("Staff")),
    _cost("cost_hired", gettext_noop("Hired staff")),
    _cost("cost_premises", gettext_noop("Premises")),
    _cost("cost_other", gettext_noop("Other costs")),
    _cost("cost_overhead", gettext_noop("Central overhead")),
    _centre("cost_total", gettext_noop("Costs")),
    _centre("result", gettext_noop("Result"), help="SEK. RES (R15, R18): revenue_total − cost_total."),
    # R17: not a cost of the centre, paid by the region centrally (the centre's part).
    _centre("overhead_funded", gettext_noop("Overhead the region pays centrally"), help=_OVERHEAD_FUNDED),
    # One row per result unit and year it has centres (§7 ``units``), after unit, year and form.
    _unit(
        "result",
        gettext_noop("Result after the return requirement"),
        help="SEK. For a unit: r_u, after the return requirement.",
    ),
    _unit("return_requirement", gettext_noop("Return requirement")),
    _unit("balance_open", gettext_noop("Balance at the start of the year"), STOCK),
    _unit("balance_close", gettext_noop("Balance at the end of the year"), STOCK),
    _unit("loss_coverage", gettext_noop("Loss coverage")),
    _unit("recovery", gettext_noop("Recovery returned to the region")),
    _unit("drawdown", gettext_noop("Drawdown from equity")),
    _unit(
        "written_off",
        gettext_noop("Written off"),
        help="SEK. The part of loss_coverage that is a write-off (R19 step 4, R20).",
    ),
    _unit(
        "expired",
        gettext_noop("Expired surplus"),
        help="SEK. The part of recovery that is kept surplus unused within surplus_expiry_years (R19 step 4b).",
    ),
    # R20: equity a conversion opens the unit with this year (bookkeeping, no money moves).
    _unit(
        "start_capital",
        gettext_noop("Start capital"),
        help="SEK. Equity a conversion opens the unit with this year (R20): in its balance, but no money moves, so "
        "neither net_cost nor consolidated_cost includes it.",
    ),
    # One row per year (§7 ``region``), after the year (R21, R26); net cost is the sum of its terms.
    _region("listed", gettext_noop("Listed"), unit=COUNT, kind=STOCK),
    _region("budget", gettext_noop("Budget")),
    _region("compensation_paid", gettext_noop("Compensation paid to the centres"), sign=1, metric=True),
    _region("goal_unpaid", gettext_noop("Goal pay not earned"), metric=True),
    _region("loss_coverage", gettext_noop("Loss coverage"), sign=1, metric=True),
    _region("recovery", gettext_noop("Recovery returned to the region"), sign=-1, metric=True),
    _region("drawdown", gettext_noop("Drawdowns from equity"), sign=1),
    _region("neutrality_paid", gettext_noop("Neutrality compensation"), metric=True),
    _region(
        "overhead_funded",
        gettext_noop("Overhead the region pays centrally"),
        sign=1,
        metric=True,
        help=_OVERHEAD_FUNDED,
    ),
    _region(
        "net_cost",
        gettext_noop("Net cost"),
        metric=True,
        help="SEK. The cash flow (R21): compensation paid + loss coverage + drawdown − recovery + overhead_funded.",
    ),
    _region(
        "consolidated_cost",
        gettext_noop("Cost in the consolidated view"),
        metric=True,
        help="SEK. The region's true cost (R26): net cost less what the region-run (egen regi, intraprenad) "
        "units' balances absorbed (balance_close − balance_open + drawdown). Moving a region-run deficit "
        "between covered and carried changes net_cost, not consolidated_cost.",
    ),
    _region(
        "region_run_balance",
        gettext_noop("Balance of the region-run units"),
        kind=STOCK,
        help="SEK at year end. Σ balance_close of the units run by the region (egen regi, intraprenad) that "
        "year (R26); below zero: deficits its own units carry, not yet written off.",
    ),
    # The region's sums of the units' rows (R19 step 4 and 4b, R20, R26): batch totals and metrics
    # read the first two; ``summary.components`` sums them all.
    _region("written_off", gettext_noop("Write-offs"), metric=True, in_table=False),
    _region("expired", gettext_noop("Expired surplus"), metric=True, in_table=False),
    _region("region_run_drawdown", gettext_noop("Drawdowns from region-run units"), in_table=False),
    _region("region_run_balance_change", gettext_noop("Change in the region-run units' balances"), in_table=False),
    _region("start_capital", gettext_noop("Start capital (bookkeeping, no money moves)"), in_table=False),
    _region("region_run_balance_end", gettext_noop("Region-run units' balance at the end"), kind=STOCK, in_table=False),
    # Each operating form's figures in a region row (``by_form``, R21).
    Output("listed", FORM, COUNT, STOCK, gettext_noop("Listed")),
    Output("market_share", FORM, SHARE, STOCK, gettext_noop("Market share"), help="Share of listed, 0–1"),
    Output("result", FORM, MNKR, FLOW, gettext_noop("Result"), help="SEK: Σ result of the form's centres"),
)

_BY_KEY = {(o.level, o.name): o for o in OUTPUTS}


def output(level: str, name: str) -> Output:
    """The figure ``name`` at ``level``; KeyError for a figure the table does not hold."""
    return _BY_KEY[(level, name)]


def names(level: str, *, in_table: bool | None = True) -> tuple[str, ...]:
    """The figures of ``level`` in the table's order: those of the projection's table (default),
    those ``summary`` sums (``in_table=False``) or all (``None``)."""
    return tuple(o.name for o in OUTPUTS if o.level == level and in_table in (None, o.in_table))


def label(level: str, name: str) -> str:
    """The English msgid of a figure's label (translate it where it is shown)."""
    return output(level, name).label


def terms(level: str, total: str) -> dict[str, int]:
    """The figures of ``level`` that ``total`` is the sum of, with their signs, in the table's order."""
    return {o.name: o.sign for o in OUTPUTS if o.level == level and o.total == total}


#: The terms of net cost and their signs (R21): net_cost = Σ sign × term, year by year.
NET_COST_TERMS: dict[str, int] = terms(REGION, "net_cost")
#: The metrics (§11.1) that read one region figure, flows summed over years; stocks and per-form or
#: per-unit metrics (``result.FORM``, ``balance.UNIT``, ``region_run_balance``) are the analysis's own.
REGION_METRICS: tuple[str, ...] = tuple(o.metric for o in OUTPUTS if o.metric and o.in_table)
#: The metrics read from the units' rows, summed per year (R19 step 4, R20, step 4b).
UNIT_METRICS: tuple[str, ...] = tuple(o.metric for o in OUTPUTS if o.metric and not o.in_table)
