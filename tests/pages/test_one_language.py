"""One language per page (issue 26): a Swedish page holds no English and an English page no Swedish,
apart from the names people typed (regions, centres, datasets, scenarios) and the sources' own
Swedish words, marked lang="sv"; the API speaks the caller's language, the upload template's column
sheet too, and the administration speaks Swedish."""

import io
import re
from html.parser import HTMLParser

import openpyxl
import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.utils import translation
from rest_framework import exceptions

from healthcentres.models import Dataset, HealthCentre
from healthcentres.uploads.template import template_xlsx
from regions.models import Region, Role
from simulation.core.scenario.fields import CENTRE_RECORD
from simulation.models import Scenario

pytestmark = pytest.mark.django_db

PAGES = (
    "/",
    "/regions/AC/",
    "/regions/AC/compare/",
    "/regions/AC/compare/print/",
    "/regions/AC/builder/",
    "/regions/AC/scenarios/",
    "/regions/AC/datasets/",
    "/regions/AC/drivers/",
    "/regions/AC/why/?centre=AC03&year=2026",
    "/method/",
    "/accounts/login/",
    "/regions/U/",
    "/regions/Z/compare/",
    "/regions/AC/rules/",
    "/regions/AC/compare/?models=U,Z",
    "/national/",
)
#: Words of one language that the other never uses.
ENGLISH = re.compile(r"\b(the|and|of|with|is|are|this|from|Download|Show|Scroll|Series|Year|Loading|Close)\b")
SWEDISH = re.compile(r"\b(och|för|är|av|med|mnkr|vårdcentral\w*|regionen|kostnad\w*|inte|eller|Visa|Ladda)\b")
ATTRIBUTES = ("aria-label", "title", "placeholder", "alt", "data-confirm", "data-loading", "data-label")
ATTRIBUTES += ("data-scroll-hint", "data-reference-label", "data-category")


class Words(HTMLParser):
    """The text a reader meets (and the labels a screen reader reads), without scripts, styles,
    the parts marked as another language and technical names shown as code (``<code>``)."""

    VOID = {"br", "img", "input", "meta", "link", "hr", "source", "wbr", "col", "area"}

    def __init__(self, language: str):
        super().__init__()
        self.language, self.words, self.skipping = language, [], []

    def handle_starttag(self, tag, attrs):
        found = dict(attrs)
        if tag not in self.VOID:
            foreign = "lang" in found and found["lang"] != self.language
            self.skipping.append(tag in ("script", "style", "code") or foreign)
        if not any(self.skipping):
            self.words += [found[name] for name in ATTRIBUTES if found.get(name)]

    def handle_endtag(self, tag):
        if tag not in self.VOID and self.skipping:
            self.skipping.pop()

    def handle_data(self, data):
        if not any(self.skipping):
            self.words.append(data)


@pytest.fixture
def demo(client):
    call_command("load_demo", stdout=io.StringIO())
    user = get_user_model().objects.create_user("ada", password="a-password-for-tests")
    Role.objects.create(user=user, kind=Role.Kind.ANALYST).regions.set(Region.objects.all())
    client.login(username="ada", password="a-password-for-tests")
    return client


#: English or technical words a Swedish page once showed as if they were Swedish: the ledger's
#: policy names ("(covered)"), the run's hash as a label, "Overhead" for overheadkostnad (the
#: sources' word) and a result unit by its id ("i enheten AC Intraprenad").
NOT_SWEDISH = re.compile(
    r"\b(covered|carried|borne|scenario_hash|[Oo]verhead|[Oo]verheaden)\b|i enheten [A-ZÅÄÖ]{1,2}\b"
)


def typed_names() -> list[str]:
    """What people (or the demo loader, for them) named: stripped before words are counted."""
    names = [r.name for r in Region.objects.all()] + [d.name for d in Dataset.objects.all()]
    names += [s.name for s in Scenario.objects.all()] + [s.description for s in Scenario.objects.all()]
    for centre in HealthCentre.objects.all():
        names += [centre.name, centre.municipality or "", centre.unit or ""]
    # A preset quoted by its short name in a lever's help ("Intraprenad för alla").
    names.append("Intraprenad för alla")
    return sorted({n for n in names if n}, key=len, reverse=True)


def foreign_words(html: str, language: str, names: list[str]) -> list[str]:
    reader = Words(language)
    reader.feed(html)
    text = " ".join(reader.words)
    for name in names:
        text = text.replace(name, " ")
    text = re.sub(r"\s+", " ", text)
    pattern = ENGLISH if language == "sv" else SWEDISH
    return [text[max(0, m.start() - 40) : m.end() + 20] for m in pattern.finditer(text)]


@pytest.mark.parametrize("language", ["sv", "en"])
def test_every_main_page_speaks_one_language(demo, language):
    demo.cookies["django_language"] = language
    names = typed_names()

    found = {path: foreign_words(demo.get(path).content.decode(), language, names) for path in PAGES}

    assert {path: words for path, words in found.items() if words} == {}


@pytest.mark.parametrize(
    "path",
    [*PAGES, "/regions/AC/compare/?models=U,Z&budget=other", "/regions/Z/compare/print/"],
)
def test_a_swedish_page_shows_no_english_policy_hash_or_unit_id_as_words(demo, path):
    demo.cookies["django_language"] = "sv"
    reader = Words("sv")

    reader.feed(demo.get(path).content.decode())

    text = re.sub(r"\s+", " ", " ".join(reader.words))
    assert [text[max(0, m.start() - 40) : m.end() + 20] for m in NOT_SWEDISH.finditer(text)] == []


def test_the_api_answers_a_program_in_the_language_it_asks_for_and_our_pages_in_theirs(client, db):
    swedish = client.post("/api/v1/analyses", {}, content_type="application/json", HTTP_ACCEPT_LANGUAGE="sv")
    english = client.post("/api/v1/analyses", {}, content_type="application/json", HTTP_ACCEPT_LANGUAGE="en-GB")
    unasked = client.post("/api/v1/analyses", {}, content_type="application/json")
    client.cookies["csrftoken"] = "from-a-page"  # a call from one of our (Swedish) pages
    from_a_page = client.post("/api/v1/analyses", {}, content_type="application/json", HTTP_ACCEPT_LANGUAGE="en")

    with translation.override("en"):
        message = str(exceptions.NotAuthenticated.default_detail)
    assert english.json()["errors"][0]["message"] == message
    assert swedish.json()["errors"][0]["message"] != message
    assert unasked.json() == swedish.json() == from_a_page.json()  # Swedish unless asked otherwise


def test_a_refused_write_says_who_may_in_the_callers_language(client, db):
    call_command("load_demo", stdout=io.StringIO())
    get_user_model().objects.create_user("viewer", password="a-password-for-tests")
    client.login(username="viewer", password="a-password-for-tests")
    client.cookies.pop("csrftoken", None)
    scenario = Scenario.objects.filter(region__code="AC").first()
    client.cookies["django_language"] = "en"

    english = client.patch(f"/api/v1/scenarios/{scenario.pk}/", {}, content_type="application/json")
    client.cookies["django_language"] = "sv"
    swedish = client.patch(f"/api/v1/scenarios/{scenario.pk}/", {}, content_type="application/json")

    assert english.json()["errors"][0]["message"] == "Only analysts of AC and admins may change its scenarios."
    assert swedish.json()["errors"][0]["message"].startswith("Bara analytiker för AC")


@pytest.mark.parametrize(("language", "heads"), [("sv", ["kolumn", "benämning"]), ("en", ["column", "label"])])
def test_the_templates_column_sheet_speaks_the_callers_language(language, heads):
    book = openpyxl.load_workbook(io.BytesIO(template_xlsx(language)))

    sheet = book.worksheets[1]
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0][:2]) == heads
    assert [row[0] for row in rows[1:]] == [field.name for field in CENTRE_RECORD]  # the columns keep their names
    meanings = {row[0]: row[4] for row in rows[1:]}
    if language == "sv":  # every unit and meaning of the field table has its Swedish words
        english = {field.name: field.help for field in CENTRE_RECORD}
        assert not [name for name, meaning in meanings.items() if meaning == english[name]]
        assert book.sheetnames == ["vårdcentraler", "kolumner"]


def test_the_administration_names_permissions_in_swedish(client, db):
    get_user_model().objects.create_superuser("chef", password="an-admin-password-123")
    client.login(username="chef", password="an-admin-password-123")

    html = client.get("/admin/auth/group/add/").content.decode()

    assert "Kan lägga till" in html and "Can add" not in html
