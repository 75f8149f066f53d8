"""Create or refresh the four demo regions, their rulebooks, datasets and scenario presets
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
from healthcentres.selectors import dataset_current
from healthcentres.services import dataset_create, dataset_publish, rows_checksum
from regions import demo
from regions.models import Region
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
        rulebook_save(region=region, effective_from=demo.BASE_YEAR, rules=demo.rules(profile))
        current = dataset_current(region)
        if current is not None and not current.is_demo:
            # An analyst published real data: the demo never takes its place again.
            return f"keeps its published data ({current.name})"
        records = demo.centres(profile)
        checksum = rows_checksum(validate_centres(records, demo.BASE_YEAR))
        dataset = Dataset.objects.filter(region=region, is_demo=True, checksum=checksum).first()
        status = "up to date"
        if dataset is None:
            dataset = dataset_create(
                region=region,
                base_year=demo.BASE_YEAR,
                name=f"Demodata {demo.BASE_YEAR} (syntetisk)",
                rows=records,
                source_filename="demo",
                is_demo=True,
            )
            status = f"new demo dataset, {len(records)} centres"
        if dataset.status != Dataset.Status.CURRENT:
            dataset = dataset_publish(dataset=dataset, user=None)
        offered = demo.presets(profile, records)
        for preset in offered:
            scenario_preset_save(region=region, dataset=dataset, **preset)
        retired = region.scenarios.exclude(preset="").exclude(preset__in=[p["preset"] for p in offered])
        for scenario in retired.filter(updated_by__isnull=True):
            scenario_delete(scenario=scenario, user=None)
        return status
