"""When the database does not answer (issue 21, item 6): pages answer 503 with a message in the
visitor's language, the API a 503 in its JSON error shape, /healthz 503 — never a 500."""

import json
import os
import subprocess
import sys

import pytest
from django.db import OperationalError

from config.views import server_error
from tests.conftest import PROJECT

pytestmark = pytest.mark.slow  # starts other processes: not in `make test-fast`

#: Run in a process of its own whose database is a port nothing listens on: every query fails as
#: it would with the database down (the test database of this process stays untouched).
CHILD = """
import json
import django
from django.test.utils import setup_test_environment
django.setup()
setup_test_environment()
from django.test import Client
answers = {}
for name, cookies, path in [("page", {}, "/"), ("region", {}, "/regions/AC/"), ("signed in", {"sessionid": "x"}, "/"),
                            ("english", {"django_language": "en"}, "/"), ("api", {}, "/api/v1/regions/"),
                            ("healthz", {}, "/healthz")]:
    client = Client()
    client.cookies.load(cookies)
    response = client.get(path)
    answers[name] = {"status": response.status_code, "type": response["Content-Type"],
                     "retry": response.get("Retry-After"), "body": response.content.decode()}
print(json.dumps(answers))
"""


def answers_with_the_database_down() -> dict:
    env = os.environ | {
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": "postgres://nobody@127.0.0.1:1/none",
        "VARDPENG_PUBLIC_READ": "true",
    }
    child = subprocess.run(
        [sys.executable, "-c", CHILD], cwd=PROJECT, env=env, capture_output=True, text=True, timeout=60, check=False
    )
    assert child.returncode == 0, child.stderr[-2000:]
    return json.loads(child.stdout)


def test_with_the_database_down_pages_api_and_healthz_answer_503():
    answers = answers_with_the_database_down()

    assert {name: a["status"] for name, a in answers.items()} == dict.fromkeys(answers, 503)
    for name in ("page", "region", "signed in"):
        assert "Tillfälligt otillgänglig" in answers[name]["body"], name
        assert "Försök igen om en minut" in answers[name]["body"]
        assert answers[name]["retry"] == "30"
    assert "Temporarily unavailable" in answers["english"]["body"]
    # The API speaks Swedish unless the caller asks for English (Accept-Language), like the pages.
    assert json.loads(answers["api"]["body"])["errors"][0]["message"].startswith("Databasen svarar inte")
    assert json.loads(answers["healthz"]["body"])["status"] == "unavailable"


def test_a_middleware_meeting_a_database_that_does_not_answer_gives_503_not_500(rf):
    try:
        raise OperationalError("could not connect to server")
    except OperationalError:
        page = server_error(rf.get("/regions/AC/"))
        api = server_error(rf.get("/api/v1/regions/"))

    assert (page.status_code, api.status_code) == (503, 503)
    assert "Tillfälligt otillgänglig" in page.content.decode()
    assert json.loads(api.content)["errors"][0]["path"] == ""


def test_other_server_errors_stay_500(rf):
    try:
        raise ValueError("a bug")
    except ValueError:
        response = server_error(rf.get("/regions/AC/"))

    assert response.status_code == 500
