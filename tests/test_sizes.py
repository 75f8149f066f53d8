"""No module over 400 lines and no function over 80 (issue 22): the project's Python — the apps,
the tests, the benchmarks and the configuration — is read in parts a reader can hold."""

import ast
import os
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]
MAX_MODULE_LINES = 400
MAX_FUNCTION_LINES = 80
#: Not the project's own code: the virtual environment, generated migrations, caches and vendored files.
SKIPPED = {".venv", "migrations", "node_modules", ".git", "build", "__pycache__", "staticfiles"}


def project_modules() -> list[Path]:
    found = []
    for folder, folders, files in os.walk(PROJECT):
        folders[:] = [f for f in folders if f not in SKIPPED and not f.startswith(".")]
        found += [Path(folder, name) for name in files if name.endswith(".py")]
    return sorted(found)


def oversized(path: Path, root: Path = PROJECT) -> list[str]:
    """What in ``path`` is over the limits: the module by its lines, each function by its own."""
    text = path.read_text(encoding="utf-8")
    name = path.relative_to(root)
    found = []
    lines = len(text.splitlines())
    if lines > MAX_MODULE_LINES:
        found.append(f"{name}: {lines} lines")
    for node in ast.walk(ast.parse(text, filename=str(name))):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            length = node.end_lineno - node.lineno + 1
            if length > MAX_FUNCTION_LINES:
                found.append(f"{name}:{node.lineno} {node.name}(): {length} lines")
    return found


def test_the_size_check_reads_the_whole_project():
    modules = {str(p.relative_to(PROJECT)) for p in project_modules()}

    assert {"manage.py", "config/settings/base.py", "simulation/core/outputs.py", "tests/test_sizes.py"} <= modules
    assert not any(".venv" in m or "/migrations/" in m for m in modules)


def test_no_module_is_over_400_lines_and_no_function_over_80():
    found = [problem for path in project_modules() for problem in oversized(path)]

    assert not found, "Split by role:\n" + "\n".join(found)


def test_a_long_function_is_named(tmp_path):
    body = "\n".join(f"    x{i} = {i}" for i in range(MAX_FUNCTION_LINES))
    (tmp_path / "long.py").write_text(f"def too_long():\n{body}\n\n\ndef short():\n    return 1\n")

    found = oversized(tmp_path / "long.py", root=tmp_path)

    assert found == ["long.py:1 too_long(): 81 lines"]
