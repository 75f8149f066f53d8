from .models import Region, Rulebook


def region_list():
    return Region.objects.order_by("name")


def region_get(code: str) -> Region:
    return Region.objects.get(code=code.upper())


def rulebook_for_year(region: Region, year: int) -> Rulebook | None:
    """The rulebook in force in ``year``: the latest that took effect by then, else the earliest."""
    in_force = region.rulebooks.filter(effective_from__lte=year).order_by("-effective_from").first()
    return in_force or region.rulebooks.order_by("effective_from").first()
