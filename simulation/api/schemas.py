"""OpenAPI components of the projection document (spec §7), for REST clients.

Used only to describe responses; the fields come from the engine's and projection's own field
lists, so the schema cannot drift from what the server sends.
"""

from __future__ import annotations

from rest_framework import serializers

from simulation.core.engine.inputs import FORMS
from simulation.core.projection import CENTRE_FIELDS, REGION_FIELDS, UNIT_FIELDS

#: The scenario document's JSON Schema component (simulation.document_schema, added by config.openapi).
Document = {"$ref": "#/components/schemas/ScenarioDocument"}
#: Fields whose meaning a client cannot guess from the name.
HELP = {
    "net_cost": (
        "SEK. The cash flow (R21): compensation paid + loss coverage + drawdown − recovery + overhead_funded."
    ),
    "overhead_funded": (
        "SEK. Overhead the region no longer charges its region-run centres but still pays centrally, unless "
        "the lever says the services are cut (funded_by: saved) (R17, R21). In a centre row, that centre's part."
    ),
    "expired": "SEK. The part of recovery that is kept surplus unused within surplus_expiry_years (R19 step 4b).",
    "start_capital": (
        "SEK. Equity a conversion opens the unit with this year (R20): in its balance, but no money moves, so "
        "neither net_cost nor consolidated_cost includes it."
    ),
    "consolidated_cost": (
        "SEK. The region's true cost (R26): net cost less what the region-run (egen regi, intraprenad) "
        "units' balances absorbed (balance_close − balance_open + drawdown). Moving a region-run deficit "
        "between covered and carried changes net_cost, not consolidated_cost."
    ),
    "region_run_balance": (
        "SEK at year end. Σ balance_close of the units run by the region (egen regi, intraprenad) that "
        "year (R26); below zero: deficits its own units carry, not yet written off."
    ),
    "written_off": "SEK. The part of loss_coverage that is a write-off (R19 step 4, R20).",
    "result": "SEK. For a unit: r_u, after the return requirement.",
}


def _numbers(names, exclude=()) -> dict[str, serializers.Field]:
    return {
        name: serializers.FloatField(help_text=HELP.get(name, "SEK (persons for listed)"))
        for name in names
        if name not in exclude
    }


def _component(name: str, fields: dict[str, serializers.Field], doc: str) -> type[serializers.Serializer]:
    return type(name, (serializers.Serializer,), {"__doc__": doc, **fields})


FormFigures = _component(
    "FormFigures",
    {
        "listed": serializers.FloatField(),
        "market_share": serializers.FloatField(help_text="Share of listed, 0–1"),
        "result": serializers.FloatField(help_text="SEK: Σ result of the form's centres"),
    },
    "One operating form's figures in one year (R21).",
)
CentreYear = _component(
    "CentreYear",
    {
        "centre_id": serializers.CharField(),
        "year": serializers.IntegerField(),
        "operating_form": serializers.ChoiceField(list(FORMS)),
        "unit": serializers.CharField(),
    }
    | _numbers(CENTRE_FIELDS),
    "One centre in one year (R1–R18).",
)
UnitYear = _component(
    "UnitYear",
    {
        "unit": serializers.CharField(),
        "year": serializers.IntegerField(),
        "operating_form": serializers.ChoiceField(list(FORMS)),
    }
    | _numbers(UNIT_FIELDS),
    "One result unit in one year (R19, R20).",
)
RegionYear = _component(
    "RegionYear",
    {"year": serializers.IntegerField()}
    | _numbers(REGION_FIELDS, exclude=("year",))
    | {
        "by_form": serializers.DictField(
            child=FormFigures(), help_text="Keys egen_regi, intraprenad, private (always all three)"
        )
    },
    "The region's totals in one year (R21, R26).",
)
PercentileBand = _component(
    "PercentileBand",
    {f"p{p}": serializers.ListField(child=serializers.FloatField()) for p in (5, 25, 50, 75, 95)},
    "One value per year for each percentile (R25).",
)
UnitRisk = _component(
    "UnitRisk",
    {
        "horizon": serializers.FloatField(help_text="Share of draws with any write-off or negative borne balance"),
        "by_year": serializers.ListField(child=serializers.FloatField()),
    },
    "A unit's risk over the draws (R25).",
)
Bands = _component(
    "Bands",
    {
        "net_cost": PercentileBand(),
        "consolidated_cost": PercentileBand(),
        "region_run_balance": PercentileBand(),
        "loss_coverage": PercentileBand(),
        "result_by_form": serializers.DictField(child=PercentileBand()),
        "unit_risk": serializers.DictField(child=UnitRisk()),
    },
    "Monte Carlo bands (R25, R26).",
)
Run = _component(
    "Run",
    {
        "variant": serializers.CharField(help_text="'baseline' or a variant's name"),
        "scenario_hash": serializers.CharField(
            help_text="SHA-256 of the run's resolved document as evaluated (§7, §11.7): the same scenario has the "
            "same hash in a projection, an analysis, an export and on every page"
        ),
        "centres": CentreYear(many=True),
        "units": UnitYear(many=True),
        "region": RegionYear(many=True),
        "bands": Bands(allow_null=True, help_text="null without uncertainty"),
    },
    "The baseline or one variant, year by year.",
)
Projection = _component(
    "Projection",
    {
        "schema": serializers.ChoiceField(["vardpeng.projection/1"]),
        "scenario": serializers.CharField(),
        "base_year": serializers.IntegerField(),
        "years": serializers.ListField(child=serializers.IntegerField()),
        "engine_version": serializers.CharField(help_text="The code that computed the figures (§7)"),
        "runs": Run(many=True),
    },
    "A projection (`vardpeng.projection/1`, spec §7).",
)
