"""The import contracts (pyproject.toml, run by lint-imports in CI) cover the whole project and
fail on a forbidden import."""

import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from tests.conftest import PROJECT

pytestmark = pytest.mark.slow  # starts other processes: not in `make test-fast`


LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")
CONFIG = tomllib.loads((PROJECT / "pyproject.toml").read_text())["tool"]["importlinter"]


def project_packages() -> set[str]:
    """Every top-level package of the project's code (tests and benchmarks aside)."""
    return {
        path.parent.name
        for path in PROJECT.glob("*/__init__.py")
        if path.parent.name not in ("tests", "bench") and not path.parent.name.startswith(".")
    }


def test_every_package_of_the_project_is_in_the_contracts():
    top = next(c for c in CONFIG["contracts"] if c["type"] == "layers" and "containers" not in c)
    in_layers = {name.strip() for layer in top["layers"] for name in layer.split("|")}
    core = next(c for c in CONFIG["contracts"] if c.get("source_modules") == ["simulation.core"])

    assert set(CONFIG["root_packages"]) == project_packages()
    assert in_layers == project_packages()
    assert set(core["forbidden_modules"]) >= project_packages() - {"simulation"}


def _lint_with(tmp_path: Path, module: str, source: str) -> subprocess.CompletedProcess:
    """lint-imports on a copy of the project with one more module."""
    for package in CONFIG["root_packages"]:
        shutil.copytree(PROJECT / package, tmp_path / package, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(PROJECT / "pyproject.toml", tmp_path / "pyproject.toml")
    (tmp_path / module.replace(".", "/")).with_suffix(".py").write_text(source)
    return subprocess.run([str(LINT_IMPORTS), "--no-cache"], cwd=tmp_path, capture_output=True, text=True)


@pytest.mark.parametrize(
    ("module", "source", "broken"),
    [
        ("regions.probe", "import healthcentres.models\n", "The apps in layers"),
        ("simulation.core.probe", "import django.db\n", "The core imports no Django"),
        ("simulation.services.probe", "import simulation.pages.views\n", "Inside each app"),
        ("simulation.stray", "import simulation.models\n", "Inside each app"),  # a module in no layer
    ],
)
def test_a_forbidden_import_or_a_module_outside_the_layers_breaks_a_contract(tmp_path, module, source, broken):
    result = _lint_with(tmp_path, module, source)

    assert result.returncode != 0
    assert broken in result.stdout.split("Broken contracts")[-1]


def test_the_project_as_it_is_keeps_every_contract(tmp_path):
    result = _lint_with(tmp_path, "simulation.core.probe", "import math\n")

    assert result.returncode == 0, result.stdout[-2000:]
