"""Outturn (*utfall*): the booked results and closing balances of a region's result units, by year,
beside what the model says of each year. Stored like datasets — immutable versions, one current
per year — and checked against the region's history: a year must be one the history has, a unit
one of that year's data."""

from __future__ import annotations

from difflib import get_close_matches

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from healthcentres.models import CentreFacts, Dataset, Outturn, OutturnRow
from healthcentres.services import (
    DatasetGone,
    DatasetStateRefused,
    refuse_filename,
    rows_checksum,
    user_or_none,
)
from healthcentres.uploads.outturn import OutturnLine, read_outturn_file
from healthcentres.uploads.reading import ImportRefused, RowProblem
from regions.models import Region
from regions.services import audit_record


def history_units(region: Region) -> dict[int, dict[str, str]]:
    """Each year of the region's history with its result units and their operating form (one form
    per unit in a year, as the data holds it): what an outturn of that year may name."""
    found: dict[int, dict[str, str]] = {}
    rows = (
        CentreFacts.objects.filter(dataset__region=region, dataset__status__in=Dataset.IN_HISTORY)
        .values_list("dataset__base_year", "unit", "operating_form")
        .distinct()
    )
    for year, unit, form in rows:
        found.setdefault(year, {})[unit] = form
    return dict(sorted(found.items()))


def outturn_import(
    *, region: Region, filename: str, data: bytes, uploaded_by: AbstractBaseUser | None = None
) -> list[Outturn]:
    """Read an outturn file (``year;unit;result;balance_close``) and store it (``outturn_store``), or
    refuse it whole: ImportRefused with every problem by row, column and cell; nothing is stored then."""
    refuse_filename(filename)
    table = read_outturn_file(filename, data)
    return outturn_store(
        region=region, lines=table.lines, source_filename=filename, uploaded_by=uploaded_by, problems=table.problems
    )


def outturn_store(
    *,
    region: Region,
    lines: list[OutturnLine],
    source_filename: str = "",
    uploaded_by: AbstractBaseUser | None = None,
    is_demo: bool = False,
    problems: list[RowProblem] | None = None,
) -> list[Outturn]:
    """Store booked results as each year's current outturn, in one transaction: the version of the
    year it replaces becomes previous; a year whose rows are exactly the current ones stays as it is.
    Refused (ImportRefused) when a year is not one of the region's history, a unit is not in that
    year's data, or a unit's year is given twice, with the ``problems`` the file's reading found
    (every problem by row). Returns each year's current outturn."""
    problems = [*(problems or []), *outturn_problems(lines, history_units(region))]
    if problems:
        raise ImportRefused(sorted(problems, key=lambda p: (p.row or 0, p.cell or "")))
    by_year: dict[int, list[OutturnLine]] = {}
    for line in lines:
        by_year.setdefault(line.year, []).append(line)
    stored, changed = [], False
    with transaction.atomic():
        for year, mine in sorted(by_year.items()):
            canonical = [{"unit": x.unit, "result": x.result, "balance_close": x.balance_close} for x in mine]
            checksum = rows_checksum(canonical)
            current = Outturn.objects.select_for_update().filter(region=region, year=year, status="current").first()
            if current is not None and current.checksum == checksum:
                stored.append(current)
                continue
            if current is not None:
                Outturn.objects.filter(pk=current.pk).update(status=Outturn.Status.PREVIOUS)
            outturn = Outturn.objects.create(
                region=region,
                year=year,
                uploaded_by=user_or_none(uploaded_by),
                source_filename=source_filename,
                checksum=checksum,
                is_demo=is_demo,
            )
            OutturnRow.objects.bulk_create(
                OutturnRow(
                    outturn=outturn, position=i, unit=x.unit, result_sek=x.result, balance_close_sek=x.balance_close
                )
                for i, x in enumerate(mine)
            )
            stored.append(outturn)
            changed = True
        if changed and not is_demo:
            uploaded = gettext_noop("Outturn for %(years)s uploaded (%(file)s)")
            values = {"years": years_words(sorted(by_year)), "file": source_filename or "–"}
            audit_record(
                region=region, user=uploaded_by, action="outturn.upload", obj=stored[0], parts=[(uploaded, values)]
            )
    return stored


def years_words(years: list[int]) -> str:
    """2016–2024 for a run of years, else 2019, 2021, 2024."""
    if len(years) > 2 and years == list(range(years[0], years[-1] + 1)):
        return f"{years[0]}–{years[-1]}"
    return ", ".join(map(str, years))


def outturn_problems(lines: list[OutturnLine], units: dict[int, dict[str, str]]) -> list[RowProblem]:
    """What the region's history refuses in outturn lines, each at its cell: a year the history does
    not have, a unit the year's data does not know, a unit's year given twice."""
    problems, seen = [], {}
    for line in lines:
        if line.year not in units:
            message = _("%(year)s is not a year of the region's history: data is published for %(years)s.") % {
                "year": line.year,
                "years": years_words(list(units)) or "–",
            }
            problems.append(RowProblem(line.sheet_row - 1, "year", message, f"A{line.sheet_row}"))
            continue
        known = units[line.year]
        if line.unit not in known:
            problems.append(RowProblem(line.sheet_row - 1, "unit", _unknown_unit(line, known), f"B{line.sheet_row}"))
        first = seen.setdefault((line.year, line.unit), line.sheet_row)
        if first != line.sheet_row:
            message = _("The unit %(unit)s has a result for %(year)s in row %(row)s already.") % {
                "unit": line.unit,
                "year": line.year,
                "row": first,
            }
            problems.append(RowProblem(line.sheet_row - 1, "unit", message, f"B{line.sheet_row}"))
    return problems


def _unknown_unit(line: OutturnLine, known: dict[str, str]) -> str:
    named = {"unit": line.unit, "year": line.year}
    hint = get_close_matches(line.unit, list(known), n=1, cutoff=0.6)
    if hint:
        named["hint"] = hint[0]
        return _("The data for %(year)s knows no result unit %(unit)s (did you mean %(hint)s?).") % named
    named["units"] = ", ".join(sorted(known)[:5]) + (" …" if len(known) > 5 else "")
    return _("The data for %(year)s knows no result unit %(unit)s (its units: %(units)s).") % named


def outturn_publish(*, outturn: Outturn, user: AbstractBaseUser | None) -> Outturn:
    """Make a previous version of a year's outturn current again (undo); the current one becomes
    previous. Recorded."""
    with transaction.atomic():
        versions = list(Outturn.objects.select_for_update().filter(region_id=outturn.region_id, year=outturn.year))
        outturn = next((o for o in versions if o.pk == outturn.pk), None)
        if outturn is None:
            raise DatasetGone(_("The outturn no longer exists."))
        if outturn.status == Outturn.Status.CURRENT:
            raise DatasetStateRefused(_("This is already the current outturn of %(year)s.") % {"year": outturn.year})
        Outturn.objects.filter(region_id=outturn.region_id, year=outturn.year, status="current").update(
            status=Outturn.Status.PREVIOUS
        )
        Outturn.objects.filter(pk=outturn.pk).update(status=Outturn.Status.CURRENT)
        again = gettext_noop("Outturn for %(year)s from %(file)s made current again")
        values = {"year": outturn.year, "file": outturn.source_filename or "–"}
        audit_record(region=outturn.region, user=user, action="outturn.publish", obj=outturn, parts=[(again, values)])
    outturn.refresh_from_db()
    return outturn
