"""``manage.py simulate`` as spec §9 says: exit 0 with the projection, exit 2 with every problem."""

import csv
import io
import json
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.core.management import call_command

from tests.conftest import EXAMPLES, PROJECT, example, minimal_document

pytestmark = pytest.mark.slow  # starts other processes: not in `make test-fast`


def simulate(*args, stdin=None):
    return subprocess.run(
        [sys.executable, "manage.py", "simulate", *args],
        cwd=PROJECT,
        capture_output=True,
        text=True,
        input=stdin,
        # No database: a URL that cannot be opened proves the command never touches one.
        env={"PATH": "", "DATABASE_URL": "postgres://nobody@127.0.0.1:1/none", "PYTHONPATH": str(PROJECT)},
    )


def test_cli_writes_the_projection_of_a_document_without_a_database(tmp_path):
    path = tmp_path / "doc.json"
    path.write_text(json.dumps(minimal_document()))

    result = simulate(str(path))

    assert result.returncode == 0, result.stderr
    projection = json.loads(result.stdout)
    assert projection["schema"] == "vardpeng.projection/1"
    assert projection["years"] == [2024, 2025, 2026]
    assert [run["variant"] for run in projection["runs"]] == ["baseline"]


def test_cli_refuses_a_document_with_exit_2_and_every_problem_on_stderr(tmp_path):
    document = minimal_document()
    document["centres"][0]["listed"] = -3
    document["compensation"]["fixed_share"] = {"2026": 1.5}
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(document))

    result = simulate(str(path))

    assert result.returncode == 2
    assert result.stdout == ""
    assert "centres[0].listed: must be ≥ 0" in result.stderr
    assert "compensation.fixed_share.2026: must be within 0–1" in result.stderr
    assert "Traceback" not in result.stderr


def test_cli_refuses_a_missing_file_without_a_traceback(tmp_path):
    result = simulate(str(tmp_path / "nowhere.json"))

    assert result.returncode == 2
    assert "cannot read the document" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(("name", "text"), [("deep.json", "[" * 100_000 + "]" * 100_000), ("deep.yaml", "[" * 5_000)])
def test_cli_refuses_a_document_nested_past_the_recursion_limit_without_a_traceback(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text)

    result = simulate(str(path))

    assert result.returncode == 2
    assert "nested too deeply to be a document" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    "options", [("-v", "0"), ("--traceback",), ("--no-color",), ("--settings=config.settings.local",)]
)
def test_cli_still_takes_the_options_django_gives_every_command(tmp_path, options):
    # Scripts written when the CLI ran under Django pass them; the CLI without Django refused them.
    path = tmp_path / "doc.json"
    path.write_text(json.dumps(minimal_document()))

    result = simulate(str(path), *options)

    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["schema"] == "vardpeng.projection/1"


def test_ctrl_c_ends_the_cli_with_a_line_and_status_130_not_a_traceback():
    # The CLI waits for its document on standard input; Ctrl-C (SIGINT) arrives while it reads.
    process = subprocess.Popen(
        [sys.executable, "manage.py", "simulate", "-"],
        cwd=PROJECT,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 30
    while "pipe" not in Path(f"/proc/{process.pid}/wchan").read_text() and time.monotonic() < deadline:
        time.sleep(0.02)  # until it is blocked reading the pipe, past its imports
    process.send_signal(signal.SIGINT)
    out, err = process.communicate(timeout=30)

    assert process.returncode == 130
    assert err == "manage.py simulate: interrupted\n" and out == ""


def test_cli_reads_yaml_from_standard_input_and_writes_csv_to_a_file(tmp_path):
    import yaml

    output = tmp_path / "out.csv"

    result = simulate("-", "--format", "csv", "--output", str(output), stdin=yaml.safe_dump(minimal_document()))

    assert result.returncode == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(output.read_text())))
    assert len(rows) == 3 * 3
    assert {"variant", "centre_id", "year", "result"} <= set(rows[0])


def test_cli_output_matches_the_tiny_worked_example():
    expected = example("tiny", "projection")

    result = simulate(str(EXAMPLES / "tiny.scenario.json"))

    got = json.loads(result.stdout)
    assert got["runs"][0]["region"][0]["net_cost"] == expected["runs"][0]["region"][0]["net_cost"]


@pytest.mark.parametrize(
    ("command", "example"),
    [
        ("simulate", "three-centres.scenario.json"),
        ("analyse", "explain.request.json"),
        ("analyse", "sobol.request.json"),
    ],
)
def test_the_readmes_examples_run_from_a_fresh_clone(command, example, capsys):
    """The README points at examples/ in the repository (a clone has no ../shared beside it)."""
    call_command(command, str(PROJECT / "examples" / example))

    answer = json.loads(capsys.readouterr().out)
    assert answer["schema"] in ("vardpeng.projection/1", "vardpeng.analysis-result/1")
    assert f"examples/{example}" in (PROJECT / "README.md").read_text()
