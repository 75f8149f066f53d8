"""``manage.py simulate PATH [--format json|csv] [--output PATH]`` (spec §9). Needs no database.

The projection is written as the REST API writes it (``json_bytes``): a file the CLI wrote and the
body of POST /simulate for the same document are the same bytes."""

import sys

from django.core.management.base import BaseCommand

from simulation.core.exports import json_bytes
from simulation.core.projection import centres_csv, scenario_project
from simulation.core.scenario import ScenarioInvalid, load_text, prepare
from simulation.management.cli import read_text, refuse, write_bytes


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
        text = read_text(path, "document", self.stderr)
        try:
            prepared = prepare(load_text(text, path))
        except ScenarioInvalid as invalid:
            refuse(self.stderr, [str(p) for p in invalid.problems], heading=f"{path}: the document was refused")
        projection = scenario_project(prepared)
        body = centres_csv(projection).encode("utf-8") if format == "csv" else json_bytes(projection)
        if output:
            write_bytes(output, body, "projection", self.stderr)
        else:
            sys.stdout.buffer.write(body if body.endswith(b"\n") else body + b"\n")
            sys.stdout.buffer.flush()
