import subprocess
import sys

import pytest

from tests.conftest import PROJECT

pytestmark = pytest.mark.slow  # starts another interpreter: not in `make test-fast`

#: Import every module of the core package, then say whether Django came along.
IMPORT_THE_CORE = """
import pkgutil, sys, importlib
import simulation.core as core
for module in pkgutil.walk_packages(core.__path__, "simulation.core."):
    importlib.import_module(module.name)
print(sorted(m for m in sys.modules if m == "django" or m.startswith(("django.", "rest_framework"))))
"""


def test_every_module_of_the_core_imports_without_django():
    result = subprocess.run(
        [sys.executable, "-c", IMPORT_THE_CORE], cwd=PROJECT, capture_output=True, text=True, check=True
    )

    assert result.stdout.strip() == "[]"
