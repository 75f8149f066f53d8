"""Addresses people (or scanners) type: digits that are not ASCII ("²" is a digit to str.isdigit but
not to int) and numbers too long for int() must choose the default, never raise (no 500)."""

import pytest

SUPERSCRIPT_TWO = "%C2%B2"
SUPERSCRIPT_TWO_TEXT = "²"
HUGE = "9" * 5000  # int() refuses more than 4 300 digits (CPython's limit on str → int)


@pytest.mark.parametrize(
    "address",
    [
        "/regions/AC/?scenario={v}&centres_page={v}&units_page={v}&year={v}",
        "/regions/AC/compare/?s={v}&s={v}&ref={v}",
        "/regions/AC/history/?from={v}&scenario={v}",
        "/regions/AC/builder/?scenario={v}",
        "/regions/AC/scenarios/?page={v}",
        "/regions/AC/rules/?year={v}",
    ],
)
def test_a_number_in_the_address_that_is_no_number_gets_the_default(client, db, demo, address):
    for value in [SUPERSCRIPT_TWO, HUGE, "-1", "1e3"]:
        response = client.get(address.format(v=value))

        assert response.status_code in (200, 400, 404), value[:10]


def test_a_change_year_that_is_no_number_is_answered_at_the_rules_pages_field(client, db, demo, analyst):
    for typed in [SUPERSCRIPT_TWO_TEXT, HUGE]:
        response = client.post("/regions/AC/rules/", {"action": "preview", "change_year": typed})

        assert response.status_code == 400
        assert "Året ändringen gäller från ska vara ett år" in response.content.decode()
