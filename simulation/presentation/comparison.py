"""What the comparison shows — on its page, in its print view and in its exports: 2–4 scenarios
against a reference, their money component by component, the answer in words, who gains and loses
(by operating form, rural or urban, municipality and size), and what differs in their parameters.

It reads the summaries stored beside cached projections (``simulation.core.projection_summary``:
region and form totals per year, each centre's summed result, the units' sums by form, the document
with its centres reduced to what is shown) through ``summary``; it computes no money and never
parses a whole projection, so a national comparison (1 200 centres) reads a few hundred kilobytes.
Each row function takes the ``Comparison`` and returns rows with one value per compared scenario:
a column added to every scenario (another region's model, say) is one more ``Compared``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from simulation.core import summary
from simulation.core.engine import ENGINE_VERSION, FORMS
from simulation.core.outputs import REGION
from simulation.models import Scenario
from simulation.presentation import compare_charts, describe, narrative, output_labels
from simulation.presentation.charts import form_label
from simulation.services.projections import scenario_dataset, scenario_summary

MIN_COMPARED, MAX_COMPARED = 2, 4
#: The rows of the components table: (field of ``summary.Components``, is a part of the row above).
#: Their labels are the figures' own (``outputs``); a part reads "of which: …".
COMPONENT_ROWS = (
    ("budget", False),
    ("compensation_paid", False),
    ("goal_unpaid", True),
    ("neutrality_paid", True),
    ("overhead_funded", False),
    ("loss_coverage", False),
    ("written_off", True),
    ("drawdown", False),
    ("region_run_drawdown", True),
    ("recovery", False),
    ("expired", True),
    ("net_cost", False),
    ("region_run_balance_change", False),
    ("start_capital", True),
    ("consolidated_cost", False),
    ("region_run_balance_end", False),
)
#: Centres by size: the upper bound of each band of listed patients.
SIZE_BANDS = ((5_000, gettext_lazy("under 5 000 listed")), (10_000, gettext_lazy("5 000–10 000 listed")))
LARGE = gettext_lazy("over 10 000 listed")


@dataclass(frozen=True)
class Compared:
    """One scenario of the comparison: its run and its runnable document as the stored summary has
    them (``projection_summary``: the run's region rows whole, its centres and units summed; the
    document's centres reduced to what the comparison shows)."""

    label: str
    scenario: Scenario
    run: dict[str, Any]
    document: dict[str, Any]
    hash: str


@dataclass(frozen=True)
class Comparison:
    scenarios: list[Compared]  # the reference first
    years: list[int]

    @property
    def reference(self) -> Compared:
        return self.scenarios[0]

    @property
    def others(self) -> list[Compared]:
        return self.scenarios[1:]

    @property
    def engine_version(self) -> str:
        return ENGINE_VERSION


def comparison_build(chosen: list[Scenario], reference: Scenario | None = None) -> Comparison:
    """Each chosen scenario's stored summary (the reference first), run and stored on a miss (each
    document validated once then, never on a hit); ScenarioInvalid when one cannot be run."""
    ordered = sorted(chosen, key=lambda s: s is not reference) if reference in chosen else list(chosen)
    compared = []
    for scenario in ordered:
        summarised = scenario_summary(scenario)
        run = summarised["runs"][0]
        # The run's own hash (§7): the one Varför?, the analyses and the exports show for it.
        compared.append(Compared(scenario.name, scenario, run, summarised["document"], run["scenario_hash"]))
    return Comparison(compared, [r["year"] for r in compared[0].run["region"]])


def figures(comparison: Comparison) -> dict[str, dict[str, Any]]:
    runs = [(c.label, c.run) for c in comparison.scenarios]
    charts = {
        "compare-cost": compare_charts.compare_cost_chart(runs),
        "compare-difference": compare_charts.compare_difference_chart(runs),
        "compare-region-run-balance": compare_charts.compare_region_run_balance_chart(runs),
    }
    return charts | compare_charts.compare_form_charts(runs)


def component_rows(comparison: Comparison) -> list[dict[str, Any]]:
    """The components table: each row's value per scenario and, after the reference, the difference."""
    values = [summary.components(c.run) for c in comparison.scenarios]
    rows = []
    for field, part in COMPONENT_ROWS:
        row = [getattr(v, field) for v in values]
        label = output_labels.part_label(REGION, field) if part else output_labels.figure_label(REGION, field)
        rows.append(
            {
                "field": field,
                "label": str(label),
                "part": part,
                "values": row,
                "differences": [None] + [value - row[0] for value in row[1:]],
            }
        )
    return rows


def answers(comparison: Comparison) -> list[dict[str, Any]]:
    """Per scenario against the reference: the headline sentence, where the net cost difference
    comes from (parts adding up to it), and who gains and loses by operating form."""
    reference = comparison.reference
    found = []
    for other in comparison.others:
        difference = summary.scenario_difference(reference.run, other.run)
        found.append(
            {
                "label": other.label,
                "headline": narrative.comparison_headline(reference.label, reference.run, other.label, other.run),
                "sources": narrative.cost_sources(reference.run, other.run),
                "net_cost_difference": difference.net_cost,
                "forms": narrative.form_sentence(reference.run, other.run, other.document, _today(comparison)),
                "assumptions": narrative.answer_assumptions(
                    reference.run, other.run, other.document, other.scenario, scenario_dataset(other.scenario)
                ),
            }
        )
    return found


def _today(comparison: Comparison) -> dict[str, str]:
    """Each centre's operating form in the base year (the reference's data)."""
    return {c["id"]: c["operating_form"] for c in comparison.reference.document["centres"]}


def form_rows(comparison: Comparison) -> list[dict[str, Any]]:
    """The centres' summed results per scenario by the operating form they have today (a
    conversion moves centres between forms, not money), and the change against the reference."""
    today = _today(comparison)
    results = [summary.results_by(c.run, today) for c in comparison.scenarios]
    rows = []
    for form in FORMS:
        if form not in today.values():
            continue
        values = [r.get(form, 0.0) for r in results]
        rows.append(
            {"group": form_label(form), "values": values, "differences": [None] + [v - values[0] for v in values[1:]]}
        )
    return rows


def group_tables(comparison: Comparison) -> list[dict[str, Any]]:
    """Winners and losers by rural or urban, municipality and size: each group's summed result in
    the reference and its change in each other scenario."""
    centres = comparison.reference.document["centres"]
    groupings = [
        (_("Rural or urban"), {c["id"]: str(_("rural") if c["rural"] else _("urban")) for c in centres}),
        (_("Municipality"), {c["id"]: c["municipality"] or str(_("(none given)")) for c in centres}),
        (_("Size"), {c["id"]: str(_size(c["listed"])) for c in centres}),
    ]
    tables = []
    for title, group_of in groupings:
        counts: dict[str, int] = {}
        for group in group_of.values():
            counts[group] = counts.get(group, 0) + 1
        base = summary.results_by(comparison.reference.run, group_of)
        changes = [summary.group_differences(comparison.reference.run, c.run, group_of) for c in comparison.others]
        rows = [
            {
                "group": group,
                "centres": counts[group],
                "reference": base.get(group, 0.0),
                "changes": [c.get(group, 0.0) for c in changes],
            }
            for group in sorted(counts)
        ]
        if len(rows) > 1:
            tables.append({"title": title, "rows": rows})
    return tables


def _size(listed: float) -> Any:
    return next((label for bound, label in SIZE_BANDS if listed < bound), LARGE)


def ranked(comparison: Comparison, ends: int | None = None) -> list[dict[str, Any]]:
    """Every centre, per scenario, by how much its summed result changes against the reference;
    with ``ends``, only the ``ends`` largest gains and losses (``shown`` of ``total``: a page at
    national scale would otherwise list 1 200 centres per scenario; the downloads list them all)."""
    centres = {c["id"]: c for c in comparison.reference.document["centres"]}
    found = []
    for other in comparison.others:
        differences = summary.centre_result_differences(comparison.reference.run, other.run)
        total = len(differences)
        if ends is not None and total > 2 * ends:
            differences = differences[:ends] + differences[-ends:]
        found.append(
            {
                "label": other.label,
                "total": total,
                "shown": len(differences),
                "ends": ends,
                "rows": [
                    {
                        "name": centres[c]["name"] if c in centres else c,
                        "form": form_label(centres[c]["operating_form"]) if c in centres else "",
                        "municipality": centres[c]["municipality"] if c in centres else "",
                        "difference": d,
                    }
                    for d, c in differences
                ],
            }
        )
    return found


def parameter_differences(comparison: Comparison) -> list[dict[str, Any]]:
    documents = [c.document for c in comparison.scenarios]
    return describe.parameter_differences(documents, comparison.reference.scenario.region)
