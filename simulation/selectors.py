from __future__ import annotations

from django.utils.translation import gettext as _

from healthcentres.models import Dataset
from healthcentres.selectors import dataset_current
from regions.models import Region
from regions.selectors import region_get, rulebook_for_year

from .models import Scenario

BASELINE_PRESET = "baseline"


def scenario_baseline(region: Region, dataset: Dataset) -> Scenario:
    """The region's baseline: its baseline preset, or an unsaved scenario of plain rules and data."""
    return scenario_baselines({region.pk: dataset}, [region])[region.pk]


def scenario_baselines(datasets: dict[int, Dataset], regions: list[Region]) -> dict[int, Scenario]:
    """scenario_baseline of many regions (region id → its dataset) in one query."""
    presets = {
        s.region_id: s
        for s in Scenario.objects.filter(preset=BASELINE_PRESET, dataset__in=list(datasets.values())).select_related(
            "region", "dataset"
        )
        if datasets.get(s.region_id) is not None and s.dataset_id == datasets[s.region_id].pk
    }
    return {
        region.pk: presets.get(region.pk)
        or Scenario(region=region, dataset=datasets[region.pk], name=_("Current rules and data"))
        for region in regions
        if datasets.get(region.pk) is not None
    }


def centre_names(dataset: Dataset) -> dict[str, str]:
    """Centre code → name in a dataset."""
    return {row.centre.code: row.name for row in dataset.rows.select_related("centre")}


def builder_setup(code: str):
    """The region, its current dataset and rulebook, and its egen regi centres (for conversions)."""
    region = region_get(code)
    dataset = dataset_current(region)
    rulebook = rulebook_for_year(region, dataset.base_year) if dataset else None
    egen_regi = (
        [(r.centre.code, r.name) for r in dataset.rows.select_related("centre") if r.operating_form == "egen_regi"]
        if dataset
        else []
    )
    return region, dataset, rulebook, egen_regi
