"""A draft's review warns before publishing what would mislead: figures of the region's pages that
move by more than 10 % (with the columns behind them), and opening balances repeated on each centre
of a pooled unit. Publishing such a draft through the API needs {"confirm": true}."""

import io

import pytest
import yaml
from django.core.management import call_command

from healthcentres.models import Dataset
from healthcentres.review import MOVE_WARNING, Move
from healthcentres.uploads.template import template_csv
from tests.api.test_lifecycle import current, everything
from tests.conftest import minimal_document


def plain(text: str) -> str:
    return text.replace("\u00a0", " ")


def upload(client, centres: list[dict], name: str = "Ny data") -> dict:
    file = io.BytesIO(template_csv(centres).encode())
    file.name = "centres.csv"
    response = client.post(
        "/api/v1/regions/AA/datasets/", {"file": file, "name": name, "base_year": 2024}, format="multipart"
    )
    assert response.status_code == 201, response.json()
    return response.json()


def without_staff_costs() -> list[dict]:
    """The region's centres with the staff cost column left empty (the issue's upload)."""
    return [{k: v for k, v in c.items() if k != "staff_cost"} for c in minimal_document()["centres"]]


def test_a_draft_that_zeroes_a_cost_column_names_the_moved_figures_and_the_column_in_mnkr(clients):
    draft = upload(clients["analyst"], without_staff_costs())

    review = clients["analyst"].get(draft["url"]).json()

    kinds = {(w["kind"], w["field"]): w for w in review["warnings"]}
    staff = kinds[("column", "staff_cost")]
    net_cost = kinds[("figure", "net_cost_first")]
    assert review["needs_confirmation"] is True
    assert (staff["before"], staff["after"], staff["change"]) == (57_000_000, 0, -1)
    assert (
        plain(staff["message"])
        == "Summan av staff_cost (Personalkostnad) faller från 57,0 mnkr till 0,0 mnkr (−100,0 %)."
    )
    assert net_cost["message"].startswith("Nettokostnad 2024 skulle gå från ")
    assert net_cost["message"].count("mnkr") == 2
    assert abs(net_cost["change"]) > MOVE_WARNING
    baseline_mine, baseline_theirs = review["baseline"]
    assert net_cost["before"] == baseline_theirs["net_cost_first"]
    assert net_cost["after"] == baseline_mine["net_cost_first"]


def test_publishing_a_draft_with_warnings_without_confirming_is_refused_and_changes_nothing(clients):
    draft = upload(clients["analyst"], without_staff_costs())
    before = everything()

    refused = clients["analyst"].post(f"/api/v1/datasets/{draft['id']}/publish")

    assert refused.status_code == 400
    problem = refused.json()["errors"][0]
    assert problem["path"] == "confirm"
    assert '{"confirm": true}' in problem["message"]
    assert everything() == before


def test_publishing_a_draft_with_warnings_with_confirm_makes_it_current(clients):
    draft = upload(clients["analyst"], without_staff_costs())

    published = clients["analyst"].post(f"/api/v1/datasets/{draft['id']}/publish", {"confirm": True}, format="json")

    assert published.status_code == 200
    assert current().pk == draft["id"]


def test_a_draft_without_warnings_publishes_as_before_without_a_body(clients):
    centres = minimal_document()["centres"]
    centres[0] = centres[0] | {"staff_cost": 18_500_000}  # a small, ordinary change
    draft = upload(clients["analyst"], centres)
    review = clients["analyst"].get(draft["url"]).json()

    published = clients["analyst"].post(f"/api/v1/datasets/{draft['id']}/publish")

    assert review["needs_confirmation"] is False
    assert [w for w in review["warnings"] if w["kind"] == "figure"] == []
    assert published.status_code == 200 and current().pk == draft["id"]


def test_confirm_must_be_true_or_false(clients):
    draft = upload(clients["analyst"], without_staff_costs())

    response = clients["analyst"].post(f"/api/v1/datasets/{draft['id']}/publish", {"confirm": "perhaps"}, format="json")

    assert response.status_code == 400
    assert response.json()["errors"][0]["path"] == "confirm"
    assert Dataset.objects.get(pk=draft["id"]).status == "draft"


def test_a_pooled_unit_whose_centres_all_carry_the_same_balance_is_flagged(clients):
    centres = minimal_document()["centres"]
    centres[0] |= {"operating_form": "intraprenad", "unit": "U"}
    centres[1] |= {"unit": "U"}
    for centre in centres[:2]:
        centre["opening_balance"] = 1_500_000
    draft = upload(clients["analyst"], centres)

    warnings = [w for w in clients["analyst"].get(draft["url"]).json()["warnings"] if w["kind"] == "repeated_balance"]

    assert [(w["field"], w["after"]) for w in warnings] == [("U", 1_500_000)]
    assert "2 × 1,5 mnkr" in plain(warnings[0]["message"])
    assert "skriv den på en rad" in warnings[0]["message"]


@pytest.mark.parametrize(("balances", "flagged"), [((1_500_000, 0), False), ((0, 0), False), ((-2e5, -2e5), True)])
def test_only_a_repeated_non_zero_balance_of_a_pooled_unit_is_flagged(clients, balances, flagged):
    centres = minimal_document()["centres"]
    centres[0] |= {"operating_form": "intraprenad", "unit": "U", "opening_balance": balances[0]}
    centres[1] |= {"unit": "U", "opening_balance": balances[1]}
    centres[2] |= {"opening_balance": 1_500_000}  # a unit of one centre: its own balance, whatever it is
    draft = upload(clients["analyst"], centres)

    warnings = clients["analyst"].get(draft["url"]).json()["warnings"]

    assert any(w["kind"] == "repeated_balance" for w in warnings) is flagged


@pytest.mark.parametrize(
    ("before", "after", "large"),
    [(100.0, 110.0, False), (100.0, 111.0, True), (100.0, 89.0, True), (0.0, 0.0, False), (0.0, 1.0, True)],
)
def test_a_move_is_large_beyond_a_tenth_either_way(before, after, large):
    assert Move("net_cost_total", before, after).large is large


def test_the_review_and_the_publish_request_are_in_the_openapi_schema(django_db_blocker):
    out = io.StringIO()
    with django_db_blocker.unblock():
        call_command("spectacular", stdout=out)
    schema = yaml.safe_load(out.getvalue())

    publish = schema["paths"]["/api/v1/datasets/{id}/publish"]["post"]
    body = publish["requestBody"]["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[1]
    review = schema["components"]["schemas"]["DatasetReview"]["properties"]
    assert schema["components"]["schemas"][body]["properties"]["confirm"]["type"] == "boolean"
    assert "400" in publish["responses"]
    assert {"warnings", "needs_confirmation"} <= set(review)
