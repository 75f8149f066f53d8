"""The CLI starts in a fraction of a second (issue 27): ``django.setup()`` imports nothing heavy —
not SciPy or SALib (the analyses load them when one runs), not the services (the admin imports them
where it writes), not Celery (loaded when a job is sent), not numba (loaded for Monte Carlo runs
that pay for it, engine/fused) — and neither does a whole CLI run, which
imports neither Django nor pandas (the projection is written from the engine's columns).
Checked in a fresh interpreter, as a command starts."""

import json
import subprocess
import sys

import pytest

from tests.conftest import PROJECT, minimal_document

pytestmark = pytest.mark.slow  # starts other processes: not in `make test-fast`

#: Modules (and their submodules) that start-up must not import.
HEAVY = ("scipy", "SALib", "simulation.services", "celery", "openpyxl", "numba")
#: Prints the modules of ``heavy`` in this interpreter once the code before it has run.
REPORT = """
import sys

heavy = {heavy!r}
print(sorted(m for m in sys.modules if any(m == h or m.startswith(h + ".") for h in heavy)))
"""


def heavy_modules(code: str, *args: str, heavy: tuple[str, ...] = HEAVY) -> list[str]:
    result = subprocess.run(
        [sys.executable, "-c", code + REPORT.format(heavy=heavy), *args],
        cwd=PROJECT,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(result.stdout.strip().splitlines()[-1].replace("'", '"'))


@pytest.mark.parametrize("settings_module", ["config.settings.local", "config.settings.test"])
def test_django_setup_imports_no_scipy_salib_services_or_celery(settings_module):
    setup = f"import os, django\nos.environ['DJANGO_SETTINGS_MODULE'] = {settings_module!r}\ndjango.setup()\n"

    assert heavy_modules(setup) == []


UNCERTAIN = {"draws": 20, "seed": 3, "listed_growth_sd": 0.01, "cost_sd": 0.02, "visit_rate_sd": 0.05}


@pytest.mark.parametrize("uncertainty", [None, UNCERTAIN], ids=["deterministic", "monte-carlo"])
def test_a_whole_simulate_run_imports_none_of_them_nor_django_nor_pandas(tmp_path, uncertainty):
    # The CLIs of spec §9 need no setting and no database: manage.py runs them without Django.
    source, output = tmp_path / "doc.json", tmp_path / "projection.json"
    document = minimal_document() | ({"uncertainty": uncertainty} if uncertainty else {})
    source.write_text(json.dumps(document))
    run = (
        "import runpy, sys\n"
        "sys.argv = ['manage.py', 'simulate', sys.argv[1], '--output', sys.argv[2]]\n"
        "try:\n"
        "    runpy.run_path('manage.py', run_name='__main__')\n"
        "except SystemExit as leaving:\n"
        "    assert not leaving.code, leaving.code\n"
    )

    heavy = heavy_modules(run, str(source), str(output), heavy=(*HEAVY, "django", "pandas"))

    projection = json.loads(output.read_text())
    assert projection["schema"] == "vardpeng.projection/1"
    assert (projection["runs"][0]["bands"] is not None) == (uncertainty is not None)
    assert heavy == []


def test_an_analysis_still_finds_scipy_when_it_runs():
    run = (
        "from simulation.core.analysis import analyse\n"
        "from tests.conftest import minimal_document\n"
        "analyse({'kind': 'break_even', 'scenario': minimal_document(), "
        "'parameter': {'path': 'compensation.budget_per_listed', 'bounds': [0.5, 3]}, "
        "'target': {'metric': 'result.region_run'}})\n"
    )

    assert "scipy" in heavy_modules(run)
