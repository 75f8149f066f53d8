"""OpenAPI components of the projection document (spec §7), for REST clients.

Used only to describe responses; the fields and what they mean come from the table of output
figures (``simulation.core.outputs``) that the projection is written from, so the schema cannot
drift from what the server sends.
"""

from __future__ import annotations

from rest_framework import serializers

from simulation.core import outputs
from simulation.core.engine.inputs import FORMS


def _numbers(level: str) -> dict[str, serializers.Field]:
    """A level's figures, each with what the table of output figures says a client cannot guess."""
    return {
        name: serializers.FloatField(help_text=outputs.output(level, name).help or "SEK (persons for listed)")
        for name in outputs.names(level)
    }


def _component(name: str, fields: dict[str, serializers.Field], doc: str) -> type[serializers.Serializer]:
    return type(name, (serializers.Serializer,), {"__doc__": doc, **fields})


FormFigures = _component(
    "FormFigures",
    {
        name: serializers.FloatField(help_text=outputs.output(outputs.FORM, name).help or None)
        for name in outputs.names(outputs.FORM)
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
    | _numbers(outputs.CENTRE),
    "One centre in one year (R1–R18).",
)
UnitYear = _component(
    "UnitYear",
    {
        "unit": serializers.CharField(),
        "year": serializers.IntegerField(),
        "operating_form": serializers.ChoiceField(list(FORMS)),
    }
    | _numbers(outputs.UNIT),
    "One result unit in one year (R19, R20).",
)
RegionYear = _component(
    "RegionYear",
    {"year": serializers.IntegerField()}
    | _numbers(outputs.REGION)
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
