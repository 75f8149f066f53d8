#!/usr/bin/env python
"""Django's command-line utility for administrative tasks."""

import gc
import os
import sys

#: Commands that run once and exit: the CLIs of spec §9.
ONE_SHOT = ("simulate", "analyse")


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
    one_shot = sys.argv[1:2] and sys.argv[1] in ONE_SHOT
    if one_shot:
        _start_once()
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)
    if one_shot:
        # What the run made lives until the process ends: the collector need not walk it at exit.
        gc.freeze()


def _start_once() -> None:
    """Start Django for a command that runs once (bench/cli.py measures the difference). Start-up
    makes a few hundred thousand objects (Django, numpy, pandas, the apps) and none of them is
    garbage: the cyclic collector is off while they are made, and they are then set apart
    (``gc.freeze``), so that neither the run's collections nor the one at exit walk them again.
    The collector is on again for the run itself."""
    import django

    gc.disable()
    try:
        django.setup()
    finally:
        gc.freeze()
        gc.enable()


if __name__ == "__main__":
    main()
