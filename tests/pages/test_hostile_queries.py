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


LAUGHS = "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 10)}]\n" for i in range(8)
)


@pytest.mark.parametrize(
    ("content", "words"),
    [
        # Aliases within aliases: 10⁹ values from 0,5 kB once anything walks them.
        (LAUGHS.encode(), "Filen är inte giltig JSON eller YAML: rad 2"),
        (b"[" * 50_000, "nästlad för djupt"),
    ],
)
def test_a_rules_file_built_to_cost_time_or_memory_is_refused_at_once(client, db, demo, analyst, content, words):
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = client.post("/regions/AC/rules/", {"action": "upload", "file": SimpleUploadedFile("r.yaml", content)})

    assert response.status_code == 400
    assert words in response.content.decode()


def test_a_saved_form_whose_rules_lost_a_section_is_refused_and_changes_nothing(client, db, demo, analyst):
    import json

    from regions.models import Rulebook, RulebookVersion

    rulebook = Rulebook.objects.filter(region__code="AC").order_by("-effective_from").first()
    rules = {k: v for k, v in rulebook.rules.items() if k != "ledger"}
    before = RulebookVersion.objects.count()

    response = client.post(
        "/regions/AC/rules/", {"action": "save", "rules": json.dumps(rules), "version": rulebook.version}
    )
    nested = client.post("/regions/AC/rules/", {"action": "save", "rules": "[" * 100_000, "version": "1"})

    assert response.status_code == 302 and nested.status_code == 302
    assert RulebookVersion.objects.count() == before
    assert Rulebook.objects.get(pk=rulebook.pk).rules == rulebook.rules


def test_a_json_body_nested_past_the_recursion_limit_is_a_400_not_a_500(client, db, demo):
    response = client.post(
        "/api/v1/regions/AC/builder/preview",
        '{"form": ' + "[" * 50_000 + "]" * 50_000 + "}",
        content_type="application/json",
    )

    assert response.status_code == 400
