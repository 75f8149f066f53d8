"""The OpenAPI schema says what the server enforces, and the server enforces what the schema says.

The full check is schemathesis in CI (`.ci/api-fuzz`); these tests pin the promises one by one.
"""

import pytest
import yaml
from django.core.management import call_command

from healthcentres.models import Dataset
from simulation.models import Scenario
from tests.api.test_scenarios import create
from tests.api.upload_files import GOOD_ROWS, HEADER, csv_file, post


@pytest.fixture(scope="module")
def schema(django_db_blocker):
    import io

    out = io.StringIO()
    with django_db_blocker.unblock():
        call_command("spectacular", stdout=out)
    return yaml.safe_load(out.getvalue())


@pytest.mark.parametrize(
    ("path", "method"),
    [
        ("/api/v1/scenarios/{id}/", "put"),
        ("/api/v1/scenarios/{id}/", "patch"),
        ("/api/v1/scenarios/{id}/rebase", "post"),
    ],
)
def test_writes_to_a_scenario_document_if_match_or_the_body_version_and_428_without_either(schema, path, method):
    # Required would be untrue: the body's version stands in for it (schemathesis found a write
    # without If-Match accepted, as the server meant to, against a schema that said required).
    operation = schema["paths"][path][method]
    if_match = next(p for p in operation["parameters"] if p["name"] == "If-Match")

    assert if_match.get("required", False) is False
    assert "`version` in the body" in if_match["description"] and "428" in if_match["description"]
    assert "428" in operation["responses"] and "412" in operation["responses"]


def test_request_objects_are_closed_and_their_document_parts_typed(schema):
    components = schema["components"]["schemas"]
    request = components["ScenarioInputRequest"]

    assert request["additionalProperties"] is False
    assert components["PatchedScenarioInputRequest"]["additionalProperties"] is False
    assert components["DatasetUploadRequest"]["additionalProperties"] is False
    assert request["properties"]["overrides"] == {"$ref": "#/components/schemas/RuleOverrides"}
    assert request["properties"]["levers"]["items"] == {"$ref": "#/components/schemas/Lever"}
    assert components["ScenarioDocument"]["additionalProperties"] is False


def test_simulate_takes_the_scenario_document_and_uploads_name_their_media_types(schema):
    simulate = schema["paths"]["/api/v1/simulate"]["post"]["requestBody"]["content"]
    upload = schema["paths"]["/api/v1/regions/{code}/datasets/"]["post"]["requestBody"]["content"]

    assert simulate["application/json"]["schema"] == {"$ref": "#/components/schemas/ScenarioDocument"}
    assert list(upload) == ["multipart/form-data"]
    assert "text/csv" in upload["multipart/form-data"]["encoding"]["file"]["contentType"]


def test_public_reads_document_anonymous_access_only_when_public_read_is_on(schema):
    get_scenario = schema["paths"]["/api/v1/scenarios/{id}/"]["get"]
    simulate = schema["paths"]["/api/v1/simulate"]["post"]

    assert {} in get_scenario["security"]  # the test settings run with public read on
    assert {} not in simulate["security"]


def test_an_unknown_key_in_a_scenario_is_refused_and_stores_nothing(clients):
    before = Scenario.objects.count()

    response = create(clients["analyst"], colour="blue")

    assert response.status_code == 400
    assert response.json()["errors"] == [{"path": "colour", "message": "unknown key"}]
    assert Scenario.objects.count() == before


@pytest.mark.parametrize("field", ["overrides", "levers", "variants"])
def test_null_document_parts_are_refused_as_the_schema_says(clients, field):
    response = create(clients["analyst"], **{field: None})

    assert response.status_code == 400
    assert response.json()["errors"][0]["path"] == field


@pytest.mark.parametrize("header", ['"]"', "3", 'W/"x"', '"1", junk'])
def test_a_malformed_if_match_is_a_bad_request_not_a_stale_write(clients, header):
    client = clients["analyst"]
    scenario = create(client).json()

    response = client.patch(
        f"/api/v1/scenarios/{scenario['id']}/", {"description": "x"}, format="json", HTTP_IF_MATCH=header
    )

    assert response.status_code == 400
    assert response.json()["errors"][0]["path"] == "If-Match"
    assert Scenario.objects.get(pk=scenario["id"]).version == 1


def test_an_upload_with_an_unknown_form_field_is_refused_and_stores_nothing(clients):
    before = Dataset.objects.count()

    response = post(clients["analyst"], csv_file([HEADER, *GOOD_ROWS]), colour="blue")

    assert response.status_code == 400
    assert "colour" in response.json()["errors"][0]["message"]
    assert Dataset.objects.count() == before
