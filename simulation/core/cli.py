"""The command-line tools of spec §9, ``simulate`` and ``analyse``: plain Python, no Django.

Neither reads a database or a setting: a document goes in, a projection or an analysis comes out.
``manage.py`` therefore runs them without starting Django (``main``): of a national deterministic
run's 0,49 s, 0,2 s went to Django's settings and ``django.setup()``, which they never used
(bench/cli.py). The management commands (``simulation/management/commands``) run the same
functions, for ``call_command`` and ``django-admin``.

A refused document exits 2 with every problem on standard error and no traceback.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import IO, Any, NoReturn

REFUSED = 2

SIMULATE_HELP = (
    "Run a scenario document (JSON or YAML, vardpeng.scenario/1) and write its projection "
    "(vardpeng.projection/1). Exit 2 with every problem on stderr when the document is refused."
)


def analyse_help() -> str:
    from simulation.core.analysis import KINDS

    return (
        f"Run an analysis request (JSON or YAML, vardpeng.analysis/1: {', '.join(KINDS)}) and write its result "
        "(vardpeng.analysis-result/1). Exit 2 with every problem on stderr when it is refused."
    )


def simulate(path: str, format: str = "json", output: str | None = None, stderr: IO[str] | None = None) -> None:
    """``simulate PATH [--format json|csv] [--output PATH]``: the projection is written as the REST
    API writes it (``json_bytes``), so a file the CLI wrote and the body of POST /simulate for the
    same document are the same bytes."""
    from simulation.core.exports import json_bytes
    from simulation.core.projection import centres_csv, scenario_project
    from simulation.core.scenario import ScenarioInvalid, load_text, prepare

    stderr = stderr or sys.stderr
    text = read_text(path, "document", stderr)
    try:
        prepared = prepare(load_text(text, path))
    except ScenarioInvalid as invalid:
        refuse(stderr, [str(p) for p in invalid.problems], heading=f"{path}: the document was refused")
    projection = scenario_project(prepared)
    body = centres_csv(projection).encode("utf-8") if format == "csv" else json_bytes(projection)
    if output:
        write_bytes(output, body, "projection", stderr)
    else:
        sys.stdout.buffer.write(body if body.endswith(b"\n") else body + b"\n")
        sys.stdout.buffer.flush()


def analyse(path: str, output: str | None = None, stderr: IO[str] | None = None) -> None:
    """``analyse PATH [--output PATH]``: a progress bar on standard error when a person watches (§9)."""
    from simulation.core.analysis import analyse as run_analysis
    from simulation.core.scenario import ScenarioInvalid, load_text

    stderr = stderr or sys.stderr
    text = read_text(path, "request", stderr)
    bar = _ProgressBar() if sys.stderr.isatty() else None
    try:
        result = run_analysis(load_text(text, path), progress=bar)
    except ScenarioInvalid as invalid:
        refuse(stderr, [str(p) for p in invalid.problems], heading=f"{path}: the request was refused")
    finally:
        if bar:
            bar.close()
    body = json.dumps(result, ensure_ascii=False, indent=1) + "\n"
    if output:
        write_bytes(output, body.encode("utf-8"), "result", stderr)
    else:
        sys.stdout.write(body)


def parser(command: str) -> argparse.ArgumentParser:
    """The arguments of ``command`` (the management commands add the same ones)."""
    parsed = argparse.ArgumentParser(
        prog=f"manage.py {command}", description=SIMULATE_HELP if command == "simulate" else analyse_help()
    )
    add_arguments(command, parsed)
    return parsed


def add_arguments(command: str, parsed: Any) -> None:
    what = "scenario document" if command == "simulate" else "analysis request"
    parsed.add_argument("path", help=f"{what}; - reads standard input")
    if command == "simulate":
        parsed.add_argument("--format", choices=["json", "csv"], default="json", help="json (default) or csv")
    parsed.add_argument("--output", help="write here instead of standard output")


def main(argv: list[str]) -> int:
    """``manage.py simulate …`` or ``manage.py analyse …`` without Django: ``argv`` starts with the
    command's name. Returns the exit status."""
    command, *rest = argv
    arguments = vars(parser(command).parse_args(rest))
    try:
        (simulate if command == "simulate" else analyse)(**arguments)
    except SystemExit as leaving:
        return int(leaving.code or 0)
    return 0


def read_text(path: str, what: str, stderr: IO[str]) -> str:
    """The text at ``path`` (``-``: standard input), or a refusal naming the file."""
    try:
        return sys.stdin.read() if path == "-" else Path(path).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        refuse(stderr, [f"{path}: cannot read the {what} ({getattr(error, 'strerror', None) or error})"])


def write_bytes(output: str, body: bytes, what: str, stderr: IO[str]) -> None:
    try:
        Path(output).write_bytes(body)
    except OSError as error:
        refuse(stderr, [f"{output}: cannot write the {what} ({error.strerror})"])


def refuse(stderr: IO[str], lines: list[str], heading: str = "") -> NoReturn:
    """Every problem on stderr, one a line, no traceback; exit 2."""
    if heading:
        stderr.write(f"{heading} ({len(lines)} problem{'s' if len(lines) != 1 else ''}):\n")
    for line in lines:
        stderr.write(f"  {line}\n" if heading else f"{line}\n")
    stderr.flush()
    sys.exit(REFUSED)


class _ProgressBar:
    def __call__(self, share: float) -> None:
        filled = int(share * 30)
        sys.stderr.write(f"\r[{'#' * filled}{'.' * (30 - filled)}] {share:4.0%}")
        sys.stderr.flush()

    def close(self) -> None:
        sys.stderr.write("\n")
