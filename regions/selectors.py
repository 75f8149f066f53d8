from django.shortcuts import get_object_or_404

from regions.models import Region, Rulebook


def region_list():
    return Region.objects.order_by("name")


def region_get(code: str) -> Region:
    """The region with this code (any case); Http404 when there is none."""
    return get_object_or_404(Region, code=code.upper())


def rulebook_for_year(region: Region, year: int) -> Rulebook | None:
    """The rulebook in force in ``year``: the latest that took effect by then, else the earliest."""
    in_force = region.rulebooks.filter(effective_from__lte=year).order_by("-effective_from").first()
    return in_force or region.rulebooks.order_by("effective_from").first()


def rulebook_current(region: Region, base_year: int | None = None) -> Rulebook | None:
    """The rulebook the region's pages and API show: the one in force in ``base_year`` (the current
    data's year, which the baseline runs on), else the newest."""
    if base_year is not None:
        return rulebook_for_year(region, base_year)
    return region.rulebooks.order_by("-effective_from").first()


def rulebook_edited_by_person(region: Region, effective_from: int) -> bool:
    """Someone published this year's rules (the demo loader then leaves them as they are)."""
    return region.rulebook_versions.filter(effective_from=effective_from, created_by__isnull=False).exists()
