"""Who may write is decided before anything sent is looked at (issue 21, item 6): a viewer (or an
analyst of another region) gets 403 for a write, however broken its body is — never a 400 that
would tell them what a valid write looks like, nor work done on their behalf."""

import io

import pytest

from healthcentres.models import Dataset
from simulation.models import Scenario

BROKEN_JSON = {"name": 5, "overrides": "x", "variants": 7, "version": "seven", "form": "x", "id": "x"}


def baseline(code: str = "AA") -> int:
    return Scenario.objects.get(region__code=code, preset="baseline").pk


def current(code: str = "AA") -> int:
    return Dataset.objects.get(region__code=code, status=Dataset.Status.CURRENT).pk


def garbage_upload() -> dict:
    file = io.BytesIO(b"\x00\xff not a centre file")
    file.name = "x.exe"
    return {"data": {"file": file, "base_year": "year one"}, "format": "multipart"}


WRITES = {
    "scenario create": lambda: ("post", "/api/v1/regions/AA/scenarios/", {"data": BROKEN_JSON, "format": "json"}),
    "scenario put": lambda: ("put", f"/api/v1/scenarios/{baseline()}/", {"data": BROKEN_JSON, "format": "json"}),
    "scenario patch": lambda: ("patch", f"/api/v1/scenarios/{baseline()}/", {"data": BROKEN_JSON, "format": "json"}),
    "scenario clone": lambda: (
        "post",
        f"/api/v1/scenarios/{baseline()}/clone",
        {"data": BROKEN_JSON, "format": "json"},
    ),
    "scenario rebase": lambda: (
        "post",
        f"/api/v1/scenarios/{baseline()}/rebase",
        {"data": BROKEN_JSON, "format": "json", "HTTP_IF_MATCH": "nonsense"},
    ),
    "scenario delete": lambda: ("delete", f"/api/v1/scenarios/{baseline()}/", {}),
    "dataset upload": lambda: ("post", "/api/v1/regions/AA/datasets/", garbage_upload()),
    "dataset publish": lambda: ("post", f"/api/v1/datasets/{current()}/publish", {}),
    "dataset delete": lambda: ("delete", f"/api/v1/datasets/{current()}", {}),
    "builder save": lambda: ("post", "/api/v1/regions/AA/builder/save", {"data": BROKEN_JSON, "format": "json"}),
}


@pytest.mark.parametrize("caller", ["viewer", "other region"])
@pytest.mark.parametrize("write", list(WRITES))
def test_a_write_by_someone_who_may_not_is_refused_with_403_before_its_body_is_checked(clients, caller, write):
    client = clients["viewer"] if caller == "viewer" else clients["analyst"]
    method, url, options = WRITES[write]()
    if caller == "other region":
        url = url.replace("/AA/", "/BB/")
        url = url.replace(f"/{baseline()}/", f"/{baseline('BB')}/").replace(f"/{current()}", f"/{current('BB')}")

    response = getattr(client, method)(url, **options)

    assert response.status_code == 403, response.content[:300]
