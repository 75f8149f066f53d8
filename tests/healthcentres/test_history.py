"""A region's datasets as a history by base year: one published dataset per year, the latest year's
the current data; publishing an earlier year changes nothing about the current one."""

import pytest
from django.db import IntegrityError, transaction

from healthcentres.models import Dataset, HealthCentre
from healthcentres.review import dataset_review
from healthcentres.selectors import dataset_compared, dataset_current, datasets_in_history
from healthcentres.services import dataset_create, dataset_publish
from regions.models import AuditEvent, Region
from tests.conftest import minimal_document

pytestmark = pytest.mark.django_db


@pytest.fixture
def region():
    return Region.objects.create(code="XX", name="Testregion")


def rows(**changes):
    records = minimal_document()["centres"]
    records[0] |= changes
    return records


def published(region, year: int, **changes) -> Dataset:
    return dataset_publish(
        dataset=dataset_create(region=region, base_year=year, name=f"Data {year}", rows=rows(**changes)), user=None
    )


def test_publishing_an_earlier_year_adds_it_to_the_history_and_leaves_the_current_data_as_it_was(region):
    current = published(region, 2024)

    earlier = published(region, 2019, name="Egen 2019", operating_form="intraprenad")

    assert earlier.status == Dataset.Status.PUBLISHED
    assert dataset_current(region) == current
    assert [d.base_year for d in datasets_in_history(region)] == [2019, 2024]
    centre = HealthCentre.objects.get(region=region, code="E1")
    assert (centre.name, centre.operating_form) == ("Egen", "egen_regi")  # the current data's names and forms


def test_a_later_year_becomes_the_current_data_and_the_former_stays_in_the_history(region):
    first = published(region, 2023)

    later = published(region, 2024, name="Egen 2024")

    assert (later.status, Dataset.objects.get(pk=first.pk).status) == ("current", "published")
    assert HealthCentre.objects.get(region=region, code="E1").name == "Egen 2024"


def test_publishing_a_year_again_replaces_that_years_data_and_the_replaced_one_can_be_published_again(region):
    published(region, 2024)
    old_2019 = published(region, 2019)
    new_2019 = published(region, 2019, listed=6000)

    assert Dataset.objects.get(pk=old_2019.pk).status == Dataset.Status.PREVIOUS
    assert Dataset.objects.get(pk=new_2019.pk).status == Dataset.Status.PUBLISHED

    undone = dataset_publish(dataset=Dataset.objects.get(pk=old_2019.pk), user=None)

    assert undone.status == Dataset.Status.PUBLISHED
    assert Dataset.objects.get(pk=new_2019.pk).status == Dataset.Status.PREVIOUS
    assert dataset_current(region).base_year == 2024


def test_publishing_an_earlier_years_data_again_makes_it_current_and_withdraws_the_later_years(region):
    first = published(region, 2022)
    published(region, 2023)
    published(region, 2024)

    again = dataset_publish(dataset=first, user=None)

    assert again.status == Dataset.Status.CURRENT
    assert [d.base_year for d in datasets_in_history(region)] == [2022]
    assert set(region.datasets.exclude(pk=first.pk).values_list("status", flat=True)) == {"previous"}
    summary = AuditEvent.objects.filter(region=region).order_by("-id").first().summary
    assert summary == "Data 2022 (2022) publicerades igen och ersatte Data 2023, Data 2024"


def test_the_database_holds_one_published_dataset_per_year(region):
    published(region, 2024)
    one = published(region, 2019)
    two = dataset_create(region=region, base_year=2019, name="two", rows=rows())

    with pytest.raises(IntegrityError), transaction.atomic():
        Dataset.objects.filter(pk=two.pk).update(status=Dataset.Status.PUBLISHED)

    assert Dataset.objects.get(pk=one.pk).status == Dataset.Status.PUBLISHED


def test_a_draft_is_reviewed_against_its_years_data_or_the_nearest_published_year(region):
    published(region, 2018)
    data_2019 = published(region, 2019)
    current = published(region, 2024)

    same_year = dataset_create(region=region, base_year=2019, name="ny 2019", rows=rows(listed=7000))
    new_year = dataset_create(region=region, base_year=2021, name="ny 2021", rows=rows())
    next_year = dataset_create(region=region, base_year=2025, name="ny 2025", rows=rows())

    assert dataset_compared(same_year) == data_2019
    assert dataset_compared(new_year) == data_2019
    assert dataset_compared(next_year) == current
    assert dataset_compared(current) is None
    assert dataset_compared(Dataset.objects.get(pk=data_2019.pk)) == current  # published again: it becomes current
    changed = dataset_review(same_year).changes.changed
    assert [(c.id, c.changes) for c in changed] == [("E1", (("listed", 5000.0, 7000.0),))]
