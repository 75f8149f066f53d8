"""A region's history and the back-test through the API: GET /api/v1/regions/{code}/history and
GET /api/v1/regions/{code}/backtest?from=YEAR[&scenario=ID] — the same services as the history page."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from common.api import ClosedSerializer, errors
from healthcentres.models import DATA_YEARS
from regions.selectors import region_get
from simulation.core.history import BACKTEST_FIGURES
from simulation.core.scenario import Problem
from simulation.services.history import BacktestRefused, backtest, history_document, history_years

FORM_RESULTS = serializers.DictField(
    child=serializers.FloatField(allow_null=True),
    help_text="egen_regi, intraprenad, private → SEK: the units' results summed (R19's unit result, after the "
    "return requirement); null where the year has no such unit (or, booked, none reported)",
)


class HistoryYearSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    dataset = serializers.IntegerField(help_text="The year's published dataset")
    is_demo = serializers.BooleanField()
    listed = serializers.FloatField(help_text="Listed at the region-run centres (egen regi and intraprenad)")
    listed_total = serializers.FloatField(help_text="Listed at all centres")
    market_share = serializers.FloatField(allow_null=True, help_text="The region-run centres' share of the listed")
    personnel_cost = serializers.FloatField(help_text="SEK: the region-run centres' own and hired staff")
    hired_share = serializers.FloatField(allow_null=True, help_text="Hired cost / personnel cost, region-run centres")
    phone_access = serializers.FloatField(allow_null=True, help_text="Region-run centres, weighted by listed (0–1)")
    assessment_3d = serializers.FloatField(allow_null=True, help_text="Region-run centres, weighted by listed (0–1)")
    result_actual = FORM_RESULTS
    result_model = FORM_RESULTS
    balances = serializers.DictField(
        child=serializers.FloatField(), help_text="unit → booked balance at year end, SEK (where uploaded)"
    )
    balances_model = serializers.DictField(
        child=serializers.FloatField(), help_text="unit → balance at year end by the year's rules on its data, SEK"
    )
    region_run_balance = serializers.DictField(
        child=serializers.FloatField(allow_null=True), help_text="actual (booked) and model, SEK"
    )
    outturn_units = serializers.DictField(
        child=serializers.DictField(child=serializers.IntegerField()),
        help_text="form → {reported: units with a booked result, units: units of the form in the year's data}",
    )


class HistorySerializer(serializers.Serializer):
    years = HistoryYearSerializer(many=True)


class HistoryApi(APIView):
    """The region's history: each published year's figures (the region-run centres' listed, market
    share, hired share and goal figures), its booked results and balances where an outturn is
    uploaded, and what the rules in force that year say of its data (``result_model``)."""

    public_read = True

    @extend_schema(responses={200: HistorySerializer, **errors(401, 404)}, tags=["history"])
    def get(self, request, code: str):
        return Response(history_document(history_years(region_get(code))))


class BacktestQuerySerializer(ClosedSerializer):
    # ``from`` is a Python keyword: the field is declared below under its query name.
    scenario = serializers.IntegerField(required=False, min_value=1, max_value=2**31 - 1)

    def get_fields(self):
        fields = super().get_fields()
        fields["from"] = serializers.IntegerField(required=False, min_value=DATA_YEARS[0], max_value=DATA_YEARS[1])
        return fields


class BacktestRowSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    figure = serializers.ChoiceField(BACKTEST_FIGURES)
    projected = serializers.FloatField(help_text="What the projection foresaw (SEK, persons, or a share)")
    actual = serializers.FloatField(help_text="What the year's data (listed, costs) or books (results) show")
    error = serializers.FloatField(help_text="projected − actual")
    p5 = serializers.FloatField(allow_null=True, help_text="The projection's 5 % band, where uncertain")
    p95 = serializers.FloatField(allow_null=True, help_text="The projection's 95 % band, where uncertain")
    inside = serializers.BooleanField(allow_null=True, help_text="The actual value lies within p5–p95")


class BacktestSerializer(serializers.Serializer):
    region = serializers.CharField()
    start = serializers.IntegerField(help_text="The year projected from")
    scenario = serializers.IntegerField(allow_null=True)
    rows = BacktestRowSerializer(many=True)
    inside = serializers.IntegerField(help_text="Rows with a band whose actual value lies within it")
    banded = serializers.IntegerField(help_text="Rows with a band (the region's uncertainty is set)")


class BacktestApi(APIView):
    """How well a projection made in an earlier year would have foreseen what happened: the rules in
    force in ``from`` on that year's data (or a saved ``scenario`` of the region, on its data) run
    forward, against every later year's data and books, for listed, personnel cost, hired share,
    result by form and the region-run balance. Under uncertainty (the rules' or the scenario's),
    rows carry the 5–95 % band and whether the actual value fell inside it."""

    public_read = True

    @extend_schema(
        parameters=[
            # The bounds are the query serializer's, so the schema refuses what the server refuses.
            OpenApiParameter(
                "from",
                {"type": "integer", "minimum": DATA_YEARS[0], "maximum": DATA_YEARS[1]},
                description="The year to project from (a published year)",
            ),
            OpenApiParameter(
                "scenario",
                {"type": "integer", "minimum": 1, "maximum": 2**31 - 1},
                description="A saved scenario of the region instead",
            ),
        ],
        responses={200: BacktestSerializer, **errors(400, 401, 404, 413)},
        tags=["history"],
    )
    def get(self, request, code: str):
        region = region_get(code)
        query = BacktestQuerySerializer(data=request.query_params.dict())
        query.is_valid(raise_exception=True)
        chosen = None
        if "scenario" in query.validated_data:
            chosen = region.scenarios.filter(pk=query.validated_data["scenario"]).first()
            if chosen is None:
                raise BacktestRefused([Problem("scenario", f"{region.code} has no scenario with this id.")])
        done = backtest(region, query.validated_data.get("from"), chosen)
        rows = [
            {
                "year": row.year,
                "figure": row.figure,
                "projected": row.projected,
                "actual": row.actual,
                "error": row.error,
                "p5": row.band[0] if row.band else None,
                "p95": row.band[1] if row.band else None,
                "inside": row.inside,
            }
            for row in done.rows
        ]
        body = {
            "region": region.code,
            "start": done.start,
            "scenario": chosen.pk if chosen else None,
            "rows": rows,
            "inside": done.inside,
            "banded": len(done.banded),
        }
        return Response(body)
