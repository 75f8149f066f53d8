"""``manage.py simulate PATH [--format json|csv] [--output PATH]`` (spec §9). Needs no database."""

import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand

from simulation.projection import centres_csv, scenario_project
from simulation.scenario import ScenarioInvalid, load_text, prepare

REFUSED = 2


class Command(BaseCommand):
    help = (
        "Run a scenario document (JSON or YAML, vardpeng.scenario/1) and write its projection "
        "(vardpeng.projection/1). Exit 2 with every problem on stderr when the document is refused."
    )
    requires_system_checks: list = []
    requires_migrations_checks = False

    def add_arguments(self, parser) -> None:
        parser.add_argument("path", help="scenario document; - reads standard input")
        parser.add_argument("--format", choices=["json", "csv"], default="json", help="json (default) or csv")
        parser.add_argument("--output", help="write here instead of standard output")

    def handle(self, *args, path: str, format: str, output: str | None, **options) -> None:
        try:
            text = sys.stdin.read() if path == "-" else Path(path).read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as error:
            self._refuse([f"{path}: cannot read the document ({getattr(error, 'strerror', None) or error})"])
        try:
            prepared = prepare(load_text(text, path))
        except ScenarioInvalid as invalid:
            self._refuse([str(p) for p in invalid.problems], heading=f"{path}: the document was refused")
        projection = scenario_project(prepared)
        body = centres_csv(projection) if format == "csv" else json.dumps(projection, ensure_ascii=False)
        if output:
            try:
                Path(output).write_text(body, encoding="utf-8")
            except OSError as error:
                self._refuse([f"{output}: cannot write the projection ({error.strerror})"])
        else:
            sys.stdout.write(body if body.endswith("\n") else body + "\n")

    def _refuse(self, lines: list[str], heading: str = "") -> None:
        if heading:
            self.stderr.write(f"{heading} ({len(lines)} problem{'s' if len(lines) != 1 else ''}):")
        for line in lines:
            self.stderr.write(f"  {line}" if heading else line)
        sys.exit(REFUSED)
