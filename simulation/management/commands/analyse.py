"""``manage.py analyse PATH [--output PATH]`` (spec §9, §11). Needs no database."""

import json
import sys

from django.core.management.base import BaseCommand

from simulation.core.analysis import KINDS, analyse
from simulation.core.scenario import ScenarioInvalid, load_text
from simulation.management.cli import read_text, refuse, write_text


class Command(BaseCommand):
    help = (
        f"Run an analysis request (JSON or YAML, vardpeng.analysis/1: {', '.join(KINDS)}) and write its result "
        "(vardpeng.analysis-result/1). Exit 2 with every problem on stderr when it is refused."
    )
    requires_system_checks: list = []
    requires_migrations_checks = False

    def add_arguments(self, parser) -> None:
        parser.add_argument("path", help="analysis request; - reads standard input")
        parser.add_argument("--output", help="write here instead of standard output")

    def handle(self, *args, path: str, output: str | None, **options) -> None:
        text = read_text(path, "request", self.stderr)
        bar = _ProgressBar() if sys.stderr.isatty() else None  # only when a person watches (§9)
        try:
            result = analyse(load_text(text, path), progress=bar)
        except ScenarioInvalid as invalid:
            refuse(self.stderr, [str(p) for p in invalid.problems], heading=f"{path}: the request was refused")
        finally:
            if bar:
                bar.close()
        body = json.dumps(result, ensure_ascii=False, indent=1) + "\n"
        if output:
            write_text(output, body, "result", self.stderr)
        else:
            sys.stdout.write(body)


class _ProgressBar:
    def __call__(self, share: float) -> None:
        filled = int(share * 30)
        sys.stderr.write(f"\r[{'#' * filled}{'.' * (30 - filled)}] {share:4.0%}")
        sys.stderr.flush()

    def close(self) -> None:
        sys.stderr.write("\n")
