"""Create or refresh the four demo regions, their rulebooks, datasets (a history of earlier years
too: Västmanland's 2016–2024, three years elsewhere), outturn and scenario presets
(``--national`` adds a synthetic national-scale region of 1 200 centres for trying heavy analyses),
and with DEBUG on the demo accounts demo-analytiker and demo-politiker (accounts/demo.py).

Idempotent: the data is generated from fixed seeds, an identical dataset is not stored twice, and
presets are updated in place unless a person has edited them since (`make run` runs this on every
start), and a preset the demo no longer offers in a region is deleted unless a person edited it. A
region whose analysts published data of their own keeps it: the demo never replaces a published
upload.
"""

from django.core.management.base import BaseCommand
from django.db import transaction

from accounts.demo import demo_accounts_ensure
from healthcentres.models import Dataset
from healthcentres.outturns import outturn_store
from healthcentres.selectors import dataset_current, datasets_in_history
from healthcentres.services import dataset_create, dataset_publish, rows_checksum
from healthcentres.uploads.outturn import OutturnLine
from regions import demo
from regions.models import Region, Rulebook
from regions.selectors import rulebook_edited_by_person
from regions.services import rulebook_save
from simulation.core.scenario import validate_centres
from simulation.services.scenarios import scenario_delete, scenario_preset_save


class Command(BaseCommand):
    help = "Load the synthetic demo regions (Västerbotten, Västmanland, Jämtland Härjedalen, Örebro)."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--national",
            action="store_true",
            help="Also load 'Riket (syntetiskt, nationell skala)': 1 200 invented centres for national analyses.",
        )

    def handle(self, *args, **options) -> None:
        for profile in demo.PROFILES + ((demo.NATIONAL,) if options["national"] else ()):
            with transaction.atomic():
                created = self._load(profile)
            self.stdout.write(f"{profile.name}: {created}")
        # Accounts with a published password: only with DEBUG on (accounts/demo.py says why).
        codes = [profile.code for profile in (*demo.PROFILES, demo.NATIONAL)]
        self.stdout.write(demo_accounts_ensure(region_codes=codes))

    def _load(self, profile: demo.Profile) -> str:
        region, _ = Region.objects.update_or_create(
            code=profile.code, defaults={"name": profile.name, "population": profile.population}
        )
        for year in (*demo.history_years(profile), demo.BASE_YEAR):
            _rulebook(region, year, demo.year_rules(profile, year))
        current = dataset_current(region)
        if current is not None and not current.is_demo:
            # An analyst published real data: the demo never takes its place again.
            return f"keeps its published data ({current.name})"
        records = {year: demo.year_centres(profile, year) for year in demo.history_years(profile)}
        records[demo.BASE_YEAR] = demo.centres(profile)
        # The earlier years first, so that the current data is the region's newest upload too.
        history = _history_datasets(region, profile, records)
        dataset, created = _year_dataset(region, demo.BASE_YEAR, records[demo.BASE_YEAR])
        status = f"new demo dataset, {len(records[demo.BASE_YEAR])} centres" if created else "up to date"
        offered = demo.presets(profile, records[demo.BASE_YEAR])
        for preset in offered:
            scenario_preset_save(region=region, dataset=dataset, **preset)
        retired = region.scenarios.exclude(preset="").exclude(preset__in=[p["preset"] for p in offered])
        for scenario in retired.filter(updated_by__isnull=True):
            scenario_delete(scenario=scenario, user=None)
        _outturn(region, profile, records)
        return status + (f"; history {', '.join(map(str, history))} stored" if history else "")


def _rulebook(region: Region, year: int, rules: dict) -> None:
    """The region's rules from ``year`` on, written only when they changed (this runs on every start)."""
    if rulebook_edited_by_person(region, year):
        return  # an analyst published the region's own rules: a restart must not undo them
    stored = Rulebook.objects.filter(region=region, effective_from=year).values_list("rules", flat=True).first()
    if stored != rules:
        rulebook_save(region=region, effective_from=year, rules=rules)


def _year_dataset(region: Region, year: int, records: list[dict]) -> tuple[Dataset, bool]:
    """The demo's dataset of ``year``, stored unless an identical one is, and published for its year."""
    checksum = rows_checksum(validate_centres(records, year))
    dataset = Dataset.objects.filter(region=region, is_demo=True, base_year=year, checksum=checksum).first()
    created = dataset is None
    if dataset is None:
        dataset = dataset_create(
            region=region,
            base_year=year,
            name=f"Demodata {year} (syntetisk)",
            rows=records,
            source_filename="demo",
            is_demo=True,
        )
    if dataset.status not in Dataset.IN_HISTORY:
        dataset = dataset_publish(dataset=dataset, user=None)
    return dataset, created


def _history_datasets(region: Region, profile: demo.Profile, records: dict[int, list[dict]]) -> list[int]:
    """The region's earlier years, each only where its own analysts have not published data of
    their own for it; the years stored anew."""
    published = {d.base_year: d for d in datasets_in_history(region)}
    stored = []
    for year in demo.history_years(profile):
        if year in published and not published[year].is_demo:
            continue
        _dataset, created = _year_dataset(region, year, records[year])
        stored += [year] if created else []
    return stored


def _outturn(region: Region, profile: demo.Profile, records: dict[int, list[dict]]) -> None:
    """The demo's booked results of every year, where the region's analysts have not uploaded
    their own (an identical year stays as it is)."""
    real_books = set(region.outturns.filter(status="current", is_demo=False).values_list("year", flat=True))
    lines = [
        OutturnLine(year, unit, result, balance, 0)
        for year in sorted(set(records) - real_books)
        for unit, result, balance in demo.booked(profile, year, records[year])
    ]
    outturn_store(region=region, lines=lines, source_filename="demo", is_demo=True)
