"""The history page and the overview's answer to the evaluation's question, on the demo data."""

import io
import json
import re
from html import unescape

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    call_command("load_demo", stdout=io.StringIO())


def text(html: str, element_id: str) -> str:
    found = re.search(rf'id="{element_id}"[^>]*>(.*?)</(?:section|div)>', html, re.S)
    assert found, element_id
    return unescape(" ".join(re.sub(r"<[^>]+>", " ", found.group(1)).split()))


def figures(html: str) -> dict:
    return json.loads(re.search(r'<script id="figures" type="application/json">(.*?)</script>', html, re.S).group(1))


def test_the_history_page_draws_the_books_beside_the_model_and_says_where_they_differ(client, demo):
    html = client.get("/regions/U/history/").content.decode()

    charts = figures(html)
    assert {"history-result", "history-balance", "history-listed", "history-shares"} <= set(charts)
    result = charts["history-result"]
    assert "mnkr" in result["layout"]["title"]["text"]
    assert result["layout"]["separators"] == ", "  # Swedish: decimal comma, space between thousands
    names = [trace["name"] for trace in result["data"]]
    assert any("egen regi" in n for n in names) and any("intraprenad" in n for n in names)
    gaps = text(html, "gap-words")
    assert "2021" in gaps and "30,4 mnkr" in gaps and "mer i böckerna" in gaps


def test_the_history_page_back_tests_from_the_year_before_the_change_of_form_by_default(client, demo):
    html = client.get("/regions/U/history/").content.decode()

    assert "<option selected>2019</option>" in html
    words = text(html, "backtest-words")
    assert "2019" in words and "av 10 fall" in words
    assert "backtest-result-region-run" in figures(html)
    assert 'id="backtest-table"' in html


def test_the_overview_answers_whether_intraprenad_improved_the_result_with_its_caveat(client, demo):
    vastmanland = client.get("/regions/U/").content.decode()
    vasterbotten = client.get("/regions/AC/").content.decode()

    answer = text(vastmanland, "history-answer")
    assert "Har intraprenaden förbättrat resultatet?" in answer
    assert "−20,9 mnkr" in answer and "+5,8 mnkr" in answer
    assert "inget bevis" in answer  # a before-and-after comparison proves no cause
    assert 'href="/regions/U/history/"' in vastmanland
    assert 'id="history-answer"' not in vasterbotten  # no change of form in its history


def test_a_history_figure_is_cited_or_marked_antagande_on_the_method_page(client, demo):
    html = client.get("/method/").content.decode()

    assert "Historik: bokfört resultat, regiondrivna enheter" in html
    assert "exempelvis –20,9 mnkr år 2019" in html


def test_an_analyst_uploads_outturn_on_its_page_and_a_refusal_lists_every_cell(client, demo, django_user_model):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from healthcentres.models import Outturn
    from regions.models import Region, Role

    user = django_user_model.objects.create_user("ada")
    Role.objects.create(user=user, kind=Role.Kind.ANALYST).regions.set([Region.objects.get(code="U")])
    client.force_login(user)
    before = Outturn.objects.count()

    def send(lines):
        file = SimpleUploadedFile("utfall.csv", "\n".join(lines).encode(), content_type="text/csv")
        return client.post("/regions/U/outturn/", {"file": file})

    refused = send(["year;unit;result;balance_close", "2024;Närvården;fem;103 100 000", "2015;Närvården;1;0"])
    accepted = send(["year;unit;result;balance_close", "2024;Närvården;6 000 000;103 300 000"])

    table = text(refused.content.decode(), "upload-errors")
    assert "C2" in table and "'fem'" in table and "A3" in table and "2015" in table
    assert accepted.status_code == 302 and accepted["Location"] == "/regions/U/outturn/"
    assert Outturn.objects.count() == before + 1
    page = client.get("/regions/U/outturn/").content.decode()
    assert "Låt gälla igen" in page  # the replaced demo version can be made current again
