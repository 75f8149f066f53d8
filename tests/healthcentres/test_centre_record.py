"""The centre record is defined once (simulation.core.scenario.fields.CENTRE_RECORD); everything that
stores or writes centres follows it."""

from django.db import models

from healthcentres.models import CentreFacts, HealthCentre
from healthcentres.uploads.template import EXAMPLES, template_csv
from simulation.core.scenario import validate_centres
from simulation.core.scenario.fields import CENTRE_DEFAULTS, CENTRE_FIELDS, CENTRE_RECORD

#: CentreFacts' own bookkeeping, not centre facts: the row's key, dataset, centre and row order.
BOOKKEEPING = {"id", "dataset", "centre", "position"}


def test_centre_facts_store_exactly_the_fields_of_the_record():
    stored = {f.name for f in CentreFacts._meta.concrete_fields} - BOOKKEEPING

    assert stored == set(CENTRE_FIELDS) - {"id"}  # the id is the centre's code


def test_text_limits_and_defaults_of_the_models_are_the_records():
    facts = {f.name: f for f in CentreFacts._meta.concrete_fields}

    for field in CENTRE_RECORD:
        if field.max_length and field.name != "id":
            assert facts[field.name].max_length == field.max_length, field.name
        if field.name in CENTRE_DEFAULTS and field.name in facts:
            assert facts[field.name].default == CENTRE_DEFAULTS[field.name], field.name
    assert HealthCentre._meta.get_field("code").max_length == CENTRE_RECORD[0].max_length
    assert all(isinstance(facts[f.name], models.FloatField) for f in CENTRE_RECORD if f.kind == "number")


def test_the_upload_template_has_every_column_in_order_and_valid_examples():
    header = template_csv().lstrip("\ufeff").splitlines()[0].split(";")

    assert header == list(CENTRE_FIELDS)
    assert len(validate_centres(EXAMPLES, 2024)) == len(EXAMPLES)


def test_operating_forms_are_the_engines_in_its_order():
    from healthcentres.models import OperatingForm
    from simulation.core.engine import FORMS

    assert tuple(OperatingForm.values) == FORMS
