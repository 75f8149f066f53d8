#!/usr/bin/env python
"""Django's command-line utility for administrative tasks, and the CLIs of spec §9."""

import gc
import os
import sys

#: Commands that run once and exit, and need neither Django nor a database: the CLIs of spec §9.
ONE_SHOT = ("simulate", "analyse")
#: The shell's status for a process ended by SIGINT (128 + 2).
INTERRUPTED = 130


#: The options Django gives every command. A run that names one goes through Django, as it did
#: before the CLIs ran without it, rather than stopping on an argument error.
DJANGO_OPTIONS = ("--settings", "--pythonpath", "--traceback", "--no-color", "--force-color", "--skip-checks")


def main() -> None:
    if sys.argv[1:2] and sys.argv[1] in ONE_SHOT and not _names_django_options(sys.argv[2:]):
        try:
            status = _run_once(sys.argv[1:])
        except KeyboardInterrupt:  # Ctrl-C: one line, not a traceback (forked children are stopped too)
            sys.stderr.write(f"manage.py {sys.argv[1]}: interrupted\n")
            status = INTERRUPTED
        sys.exit(status)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


def _names_django_options(args: list[str]) -> bool:
    for arg in args:
        if arg == "--":
            return False
        name = arg.split("=", 1)[0]
        if name in (*DJANGO_OPTIONS, "--verbosity", "--version") or (arg.startswith("-v") and not arg.startswith("--")):
            return True
    return False


def _run_once(argv: list[str]) -> int:
    """Run a CLI of spec §9 without starting Django (``simulation.core.cli``; bench/cli.py measures
    the difference). Importing makes a few hundred thousand objects (numpy, pandas, the engine) and
    none of them is garbage: the cyclic collector is off while they are made, and they are then set
    apart (``gc.freeze``), so that neither the run's collections nor the one at exit walk them again.
    What the run made lives until the process ends, so it is set apart too before the exit."""
    gc.disable()
    try:
        from simulation.core import cli
        from simulation.core.projection import scenario_project  # noqa: F401 — the engine, imported here
    finally:
        gc.freeze()
        gc.enable()
    status = cli.main(argv)
    gc.freeze()
    return status


if __name__ == "__main__":
    main()
