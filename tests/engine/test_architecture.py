import subprocess
import sys

from tests.conftest import PROJECT


def test_engine_imports_without_django():
    code = "import sys, simulation.engine, simulation.scenario, simulation.projection; print('django' in sys.modules)"

    result = subprocess.run([sys.executable, "-c", code], cwd=PROJECT, capture_output=True, text=True, check=True)

    assert result.stdout.strip() == "False"
