"""ENGINE_VERSION (part of every projection cache key and result, §7, §11.7) follows every module
that can change a figure, and only those: shown on a copy of the core, changed and imported afresh."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from simulation.core.engine import ENGINE_VERSION
from tests.conftest import PROJECT

pytestmark = pytest.mark.slow  # starts other processes: not in `make test-fast`


PRINT_VERSION = "import simulation.core.engine as engine; print(engine.ENGINE_VERSION)"


def copy_of_the_core(folder: Path) -> Path:
    """``folder`` holding a copy of ``simulation.core`` (and an empty ``simulation`` package)."""
    (folder / "simulation").mkdir()
    (folder / "simulation" / "__init__.py").write_text("")
    ignore = shutil.ignore_patterns("__pycache__")
    shutil.copytree(PROJECT / "simulation" / "core", folder / "simulation" / "core", ignore=ignore)
    return folder / "simulation" / "core"


def version_of(core: Path) -> str:
    """ENGINE_VERSION as a fresh interpreter computes it from the copy ``core``."""
    environment = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    result = subprocess.run(
        [sys.executable, "-c", PRINT_VERSION],
        cwd=core.parent.parent,
        env=environment,
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout.strip()


def change_a_line(path: Path) -> None:
    """Change the first line of a module (its docstring's), as any edit would."""
    first, rest = path.read_text().split("\n", 1)
    path.write_text(f"{first} Changed.\n{rest}")


@pytest.fixture
def core(tmp_path):
    return copy_of_the_core(tmp_path)


def test_a_faithful_copy_of_the_core_has_the_engine_version_of_the_original(core):
    assert version_of(core) == ENGINE_VERSION


@pytest.mark.parametrize(
    "module",
    [
        "scenario/model.py",  # the document's reading into engine inputs
        "scenario/levers.py",  # the lever builders
        "engine/ledger.py",
        "numbers.py",  # parses the document's numbers (decimal comma, spaces)
        "projection.py",  # the projection's shape
    ],
)
def test_changing_a_module_that_can_change_a_figure_changes_the_engine_version(core, module):
    change_a_line(core / module)

    assert version_of(core) != ENGINE_VERSION


def test_a_module_the_scenario_comes_to_import_counts_with_everything_it_imports(core):
    (core / "rounding.py").write_text("STEP = 1.0\n")
    change_a_line(core / "numbers.py")
    (core / "numbers.py").write_text((core / "numbers.py").read_text() + "\nfrom simulation.core import rounding\n")
    imported = version_of(core)

    (core / "rounding.py").write_text("STEP = 0.5\n")

    assert version_of(core) != imported


def test_changing_a_module_that_cannot_change_a_figure_keeps_the_engine_version(core):
    change_a_line(core / "analysis" / "wording.py")

    assert version_of(core) == ENGINE_VERSION
