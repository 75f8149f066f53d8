"""Schemathesis against our own OpenAPI schema: no 5xx, and every response matches the schema."""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import content_type_conformance, response_schema_conformance

from tests.api.conftest import client_for

schema = schemathesis.openapi.from_wsgi("/api/v1/schema/", get_wsgi_application())


@pytest.fixture(autouse=True)
def _keep_the_test_connection():
    """Calls through WSGI fire request_finished, which would close the test's database connection
    (and its transaction); Django's own test client suppresses that the same way."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def admin_token(regions):
    client = client_for("fuzz", "admin")
    return client._credentials["HTTP_AUTHORIZATION"]


@schema.parametrize()
# A quick pass on every database the suite runs on (PostgreSQL included); the full run with every
# check is .ci/api-fuzz, against gunicorn.
@settings(max_examples=6, deadline=None, phases=[Phase.generate], suppress_health_check=list(HealthCheck))
def test_api_never_fails_and_matches_its_schema(case, admin_token):
    case.call_and_validate(
        # The WSGI transport asks for gzip but does not unpack it (an HTTP client would, as
        # .ci/api-fuzz's does): the schema describes the content, so ask for it plain.
        headers={"Authorization": admin_token, "Accept-Encoding": "identity"},
        checks=[not_a_server_error, response_schema_conformance, content_type_conformance],
    )
