"""Every endpoint × role × own/other region × anonymous with public read on and off."""

import io

import pytest

from healthcentres.uploads.template import template_csv
from simulation.models import Scenario
from tests.conftest import minimal_document

CALLERS = ["anonymous-public", "anonymous-private", "viewer", "analyst-own", "analyst-other", "admin"]


def scenario_id(code):
    return Scenario.objects.get(region__code=code, preset="baseline").pk


def upload(code):
    file = io.BytesIO(template_csv().encode())
    file.name = "centres.csv"
    return "post", f"/api/v1/regions/{code}/datasets/", {"data": {"file": file}, "format": "multipart"}


ENDPOINTS = {
    "regions list": lambda code: ("get", "/api/v1/regions/", {}),
    "region detail": lambda code: ("get", f"/api/v1/regions/{code}/", {}),
    "scenario list": lambda code: ("get", f"/api/v1/regions/{code}/scenarios/", {}),
    "scenario detail": lambda code: ("get", f"/api/v1/scenarios/{scenario_id(code)}/", {}),
    "scenario document": lambda code: ("get", f"/api/v1/scenarios/{scenario_id(code)}/document", {}),
    "scenario projection": lambda code: ("get", f"/api/v1/scenarios/{scenario_id(code)}/projection", {}),
    "dataset list": lambda code: ("get", f"/api/v1/regions/{code}/datasets/", {}),
    "dataset upload": upload,
    "scenario create": lambda code: (
        "post",
        f"/api/v1/regions/{code}/scenarios/",
        {"data": {"name": "Ny"}, "format": "json"},
    ),
    "scenario patch": lambda code: (
        "patch",
        f"/api/v1/scenarios/{scenario_id(code)}/",
        {"data": {"description": "x", "version": 1}, "format": "json"},
    ),
    "scenario delete": lambda code: ("delete", f"/api/v1/scenarios/{scenario_id(code)}/", {}),
    "simulate": lambda code: ("post", "/api/v1/simulate", {"data": minimal_document(), "format": "json"}),
    "template csv": lambda code: ("get", "/api/v1/datasets/template.csv", {}),
    "template xlsx": lambda code: ("get", "/api/v1/datasets/template.xlsx", {}),
}

PUBLIC_READ = dict(zip(CALLERS, [200, 401, 200, 200, 200, 200], strict=True))
SIGNED_READ = dict(zip(CALLERS, [401, 401, 200, 200, 200, 200], strict=True))


def region_write(ok):
    return dict(zip(CALLERS, [401, 401, 403, ok, 403, ok], strict=True))


EXPECTED = {
    "regions list": PUBLIC_READ,
    "region detail": PUBLIC_READ,
    "scenario list": PUBLIC_READ,
    "scenario detail": PUBLIC_READ,
    "scenario document": PUBLIC_READ,
    "scenario projection": PUBLIC_READ,
    "dataset list": SIGNED_READ,
    "dataset upload": region_write(201),
    "scenario create": region_write(201),
    "scenario patch": region_write(200),
    "scenario delete": region_write(204),
    "simulate": dict(zip(CALLERS, [401, 401, 200, 200, 200, 200], strict=True)),
    "template csv": dict.fromkeys(CALLERS, 200),
    "template xlsx": dict.fromkeys(CALLERS, 200),
}


@pytest.mark.parametrize("caller", CALLERS)
@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_permission_matrix(endpoint, caller, clients, settings):
    settings.VARDPENG_PUBLIC_READ = caller == "anonymous-public"
    client = clients[caller.split("-")[0]]
    code = "BB" if caller == "analyst-other" else "AA"
    method, url, kwargs = ENDPOINTS[endpoint](code)

    response = getattr(client, method)(url, **kwargs)

    assert response.status_code == EXPECTED[endpoint][caller], response.content[:300]
    if response.status_code >= 400:
        assert response.json()["errors"][0]["message"]
    if response.status_code == 401:
        assert response["WWW-Authenticate"] == "Token"
