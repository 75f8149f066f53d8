"""Så räknar vi: where every demo figure comes from, in words the reader can check."""

import re

import pytest

from regions import demo


def rows_of(page: str, code: str) -> list[str]:
    section = page.split(f'id="demodata-{code}"')[1].split("</section>")[0]
    return re.findall(r"<tr data-key=\"[^\"]+\">(.*?)</tr>", section, flags=re.S)


def test_every_demo_figure_on_the_method_page_names_its_source_or_is_marked_antagande(client):
    page = client.get("/method/").content.decode()

    rows = [row for profile in (*demo.PROFILES, demo.NATIONAL) for row in rows_of(page, profile.code)]
    rows += rows_of(page, "gemensamt")

    assert len(rows) > 150
    unmarked = [row for row in rows if "antagande" not in row and "<q>" not in row]
    assert unmarked == []
    keys = set(re.findall(r'data-key="([^"]+)"', page))
    assert keys >= {key for p in demo.PROFILES for key in demo.demo_parameters(p)}


def test_the_method_page_says_what_jamtlands_rules_are_and_makes_no_claim_no_source_makes(client):
    page = client.get("/method/").content.decode()
    jamtland = page.split('id="demodata-Z"')[1].split("</section>")[0]

    assert "närvårdsområdena tar med sig över- och underskott, ett underskott ska återställas inom tre år" in page
    assert "Tidsfristen för att återställa ett negativt resultat är tre år." in jamtland
    assert "förs över och ska återställas" in jamtland  # the rule as the rulebook holds it
    assert "1 485 listade per allmänläkare" not in page
    vastmanland = page.split('id="demodata-U"')[1].split("</section>")[0]
    counts = [row for row in rows_of(page, "U") if "Vårdcentraler" in row.split("</th>")[0]]
    assert counts and all("antagande" in row for row in counts)  # the evaluation gives no centre counts
    assert "10,5\u00a0%" in vastmanland and "10,5 % år 2024" in vastmanland


@pytest.mark.parametrize(
    ("language", "terms"),
    [
        (
            "sv",
            [
                "Startkapital",
                "Förfallet överskott",
                "Overheadkostnad som regionen betalar centralt",
                "Måluppfyllelse över tid",
            ],
        ),
        ("en", ["Start capital", "Expired surplus", "Overhead paid centrally", "Goal achievement over time"]),
    ],
)
def test_the_glossary_explains_spec_1_2s_figures_in_the_pages_language(client, language, terms):
    client.cookies["django_language"] = language  # pages are Swedish unless the visitor switches
    page = client.get("/method/").content.decode()

    for anchor in ("startkapital", "forfallet-overskott", "overhead-centralt", "maluppfyllelse-over-tid"):
        assert f'<dt id="{anchor}">' in page
    for term in terms:
        assert term in page
