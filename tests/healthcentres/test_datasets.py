import pytest
from django.db import IntegrityError, transaction
from django.utils import translation

from healthcentres.models import CentreFacts, Dataset, HealthCentre, ImmutableError
from healthcentres.selectors import dataset_centre_records, dataset_current, dataset_summary
from healthcentres.services import dataset_create, dataset_delete, dataset_publish
from regions.models import AuditEvent, Region
from simulation.core.scenario import ScenarioInvalid
from tests.conftest import minimal_document

pytestmark = pytest.mark.django_db


@pytest.fixture
def region():
    return Region.objects.create(code="XX", name="Testregion")


def rows():
    return minimal_document()["centres"]


def test_a_dataset_stores_one_row_per_centre_and_reads_back_as_centre_records(region):
    dataset = dataset_create(region=region, base_year=2024, name="2024", rows=rows())

    records = dataset_centre_records(dataset)
    assert [r["id"] for r in records] == ["E1", "I1", "P1"]
    assert records[0]["listed"] == 5000 and records[0]["cni"] == 1.0 and records[0]["unit"] == "E1"
    assert dataset_summary(dataset)["by_form"]["private"] == {"centres": 1, "listed": 6000, "market_share": 0.4}
    assert (dataset.status, dataset_current(region)) == (Dataset.Status.DRAFT, None)


def test_a_unit_may_not_hold_two_operating_forms_in_a_year(region):
    broken = rows()
    broken[1]["unit"] = "E1"

    with pytest.raises(ScenarioInvalid) as refused:
        dataset_create(region=region, base_year=2024, name="mixed", rows=broken)

    assert refused.value.problems[0].path == "centres[1].unit"
    assert Dataset.objects.count() == 0
    assert HealthCentre.objects.count() == 0


def test_a_refused_dataset_leaves_the_database_as_it_was(region):
    dataset_create(region=region, base_year=2024, name="good", rows=rows())
    broken = rows()
    broken[2]["listed"] = "lots"

    with pytest.raises(ScenarioInvalid):
        dataset_create(region=region, base_year=2025, name="bad", rows=broken)

    assert Dataset.objects.count() == 1
    assert CentreFacts.objects.count() == 3


def test_centre_codes_are_unique_per_region(region):
    other = Region.objects.create(code="YY", name="Annan")
    HealthCentre.objects.create(region=region, code="A1", name="A", operating_form="private", unit="A1")
    HealthCentre.objects.create(region=other, code="A1", name="A", operating_form="private", unit="A1")

    with pytest.raises(IntegrityError), transaction.atomic():
        HealthCentre.objects.create(region=region, code="A1", name="B", operating_form="private", unit="A1")


def test_a_stored_dataset_never_changes(region):
    dataset = dataset_create(region=region, base_year=2024, name="2024", rows=rows())

    dataset.name = "renamed"
    with pytest.raises(ImmutableError):
        dataset.save()
    row = dataset.rows.first()
    row.listed = 1
    with pytest.raises(ImmutableError):
        row.save()


def test_a_new_upload_is_a_draft_and_publishing_it_updates_the_centres(region):
    first = dataset_publish(dataset=dataset_create(region=region, base_year=2024, name="2024", rows=rows()), user=None)
    changed = rows()
    changed[0] |= {"operating_form": "intraprenad", "name": "Egen → Intra"}

    draft = dataset_create(region=region, base_year=2025, name="2025", rows=changed)

    assert Dataset.objects.filter(region=region).count() == 2
    assert (draft.status, dataset_current(region)) == (Dataset.Status.DRAFT, first)
    assert HealthCentre.objects.get(region=region, code="E1").name == "Egen"
    dataset_publish(dataset=draft, user=None)
    centre = HealthCentre.objects.get(region=region, code="E1")
    assert (centre.operating_form, centre.name) == ("intraprenad", "Egen → Intra")
    assert dataset_current(region).base_year == 2025


def test_the_change_log_is_stored_in_swedish_and_read_in_the_readers_language(region):
    first = dataset_publish(
        dataset=dataset_create(region=region, base_year=2024, name="Data 2024", rows=rows()), user=None
    )
    draft = dataset_create(region=region, base_year=2025, name="Data 2025", rows=rows())
    dataset_create(region=region, base_year=2025, name="Fel fil", rows=rows())

    with translation.override("en"):
        dataset_publish(dataset=draft, user=None)
        dataset_publish(dataset=first, user=None)
        dataset_delete(dataset=Dataset.objects.get(name="Fel fil"), user=None)

    assert list(AuditEvent.objects.filter(region=region).order_by("id").values_list("summary", flat=True)) == [
        "Data 2024 (2024) publicerades",
        "Data 2025 (2025) publicerades och ersatte Data 2024",
        "Data 2024 (2024) publicerades igen och ersatte Data 2025",
        "Utkastet Fel fil (2025) togs bort",
    ]
    with translation.override("en"):
        read = [event.words for event in AuditEvent.objects.filter(region=region).order_by("id")]
    assert read == [
        "Data 2024 (2024) published",
        "Data 2025 (2025) published, replacing Data 2024",
        "Data 2024 (2024) published again, replacing Data 2025",
        "Draft Fel fil (2025) deleted",
    ]
