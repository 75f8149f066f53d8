"""``manage.py simulate PATH [--format json|csv] [--output PATH]`` (spec §9). Needs no database.

``manage.py`` runs it without starting Django (``simulation.core.cli``); this command runs the same
function for ``call_command`` and ``django-admin``."""

from django.core.management.base import BaseCommand

from simulation.core import cli


class Command(BaseCommand):
    help = cli.SIMULATE_HELP
    requires_system_checks: list = []
    requires_migrations_checks = False

    def add_arguments(self, parser) -> None:
        cli.add_arguments("simulate", parser)

    def handle(self, *args, path: str, format: str, output: str | None, **options) -> None:
        cli.simulate(path, format, output, self.stderr)
