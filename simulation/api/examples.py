"""Example bodies the OpenAPI document shows (drf-spectacular's ``OpenApiExample``)."""

#: A scenario document of two centres and a variant: what ``POST /api/v1/simulate`` shows a client.
EXAMPLE_DOCUMENT = {
    "schema": "vardpeng.scenario/1",
    "name": "Två vårdcentraler",
    "base_year": 2024,
    "horizon": 5,
    "assumptions": {"wage_growth": 0.03, "price_growth": 0.02, "compensation_growth": 0.025},
    "compensation": {
        "budget_per_listed": 4300,
        "fixed_share": {"2024": 0.87, "2026": 0.70},
        "sparsity_per_listed": 250,
    },
    "ledger": {"egen_regi": {"deficit": "covered"}, "private": {"deficit": "borne"}},
    "variants": [{"name": "Förlusttäckning med neutralitet", "overrides": {"neutrality_compensation": True}}],
    "centres": [
        {
            "id": "A",
            "name": "Ålidhem",
            "operating_form": "egen regi",
            "listed": 12000,
            "rural": False,
            "doctor_visits_per_listed": 1.1,
            "other_visits_per_listed": 2.0,
            "staff_cost": 41_000_000,
            "hired_cost": 7_000_000,
            "premises_cost": 4_000_000,
            "other_cost": 7_000_000,
            "overhead_cost": 2_500_000,
        },
        {
            "id": "B",
            "name": "Sorsele",
            "operating_form": "privat",
            "listed": 2400,
            "rural": True,
            "doctor_visits_per_listed": 1.3,
            "other_visits_per_listed": 2.4,
            "staff_cost": 7_900_000,
            "hired_cost": 600_000,
            "premises_cost": 900_000,
            "other_cost": 1_700_000,
        },
    ],
}
