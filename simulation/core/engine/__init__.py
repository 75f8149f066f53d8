"""Vårdpeng's numeric core: the rules of ``shared/spec/simulation.md`` and nothing else.

numpy/pandas/stdlib, and numba for the compiled loops of Monte Carlo draws where they pay
(``fused``, the same bits as numpy): no Django, no I/O, no clock; randomness only from the model's seed.
``simulate`` takes a resolved :class:`Model` (built by ``simulation.core.scenario``) and returns tables.
"""

from __future__ import annotations

import hashlib
import importlib.util
import re
from pathlib import Path

import numpy as np

from simulation.core.engine.checks import ModelError, ModelProblem, problems
from simulation.core.engine.inputs import FORMS, Model
from simulation.core.engine.runner import RunResult, simulate

#: The spec version the engine implements.
SPEC_VERSION = "1.2"

#: Where the code that can change a figure starts: the engine, the document's reading into engine
#: inputs (defaults, levers, parsing of numbers) and the projection's shape. Every module of the core
#: that these import, directly or through another, counts too (``numbers.py`` parses the document's
#: numbers), found by following their imports, so that nobody has to keep a list.
_FIGURE_ROOTS = ("engine/*.py", "scenario/*.py", "projection.py")
_CORE_IMPORT = re.compile(
    r"^[ \t]*(?:from[ \t]+simulation\.core((?:\.\w+)*)[ \t]+import[ \t]+(\([^)]*\)|[^\n]*)"
    r"|import[ \t]+simulation\.core((?:\.\w+)+))",
    re.MULTILINE,
)


def _module_file(root: Path, dotted: str) -> Path | None:
    """The file of module ``simulation.core.<dotted>`` (``root`` is the core's folder), if any."""
    path = root.joinpath(*dotted.split(".")) if dotted else root
    for candidate in (path.with_suffix(".py"), path / "__init__.py"):
        if candidate.is_file():
            return candidate
    return None


def _imported(root: Path, source: str) -> set[Path]:
    """The core's files that ``source`` imports, with the packages Python runs on the way."""
    found: set[Path] = set()
    for module, names, plain in _CORE_IMPORT.findall(source):
        parts = [part for part in (module or plain).split(".") if part]
        # The packages on the way, the module, and for ``from simulation.core.engine import dated``
        # the imported names that are modules.
        dotted = [".".join(parts[:k]) for k in range(len(parts) + 1)]
        if not plain:
            dotted += [".".join([*parts, name]) for name in re.findall(r"\w+", names)]
        found |= {path for path in (_module_file(root, d) for d in dotted) if path is not None}
    return found


def _figure_sources(root: Path) -> list[Path]:
    """Every source file of the core (``root``) that can change a figure: the roots and all they import."""
    todo = {p for pattern in _FIGURE_ROOTS for p in root.glob(pattern)}
    seen: set[Path] = set()
    while todo:
        path = todo.pop()
        seen.add(path)
        todo |= _imported(root, path.read_text(encoding="utf-8")) - seen
    return sorted(seen)


def _installed_version(package: str) -> str:
    """An installed package's version, read from its dist-info folder's name without importing it
    (numba costs 0,13 s to import; importlib.metadata 0,03 s), "none" where it is not installed."""
    spec = importlib.util.find_spec(package)
    if spec is None or spec.origin is None:
        return "none"
    found = sorted(Path(spec.origin).parent.parent.glob(f"{package}-*.dist-info"))
    return found[0].name.removeprefix(f"{package}-").removesuffix(".dist-info") if found else "unknown"


def _source_digest() -> str:
    """A digest of the source of everything that computes or shapes figures, and of the numpy and
    numba that compute them (numba's generator draws the cost shocks of compiled runs): any change
    to one of them changes the digest, so no cache can serve a projection made by other code
    (nobody has to remember a bump)."""
    digest = hashlib.sha256(f"numpy {np.__version__} numba {_installed_version('numba')}".encode())
    root = Path(__file__).parent.parent
    for path in _figure_sources(root):
        digest.update(str(path.relative_to(root)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:12]


#: Part of projection cache keys and of every analysis result (§11.7): spec version + source digest.
ENGINE_VERSION = f"{SPEC_VERSION}+{_source_digest()}"

__all__ = [
    "ENGINE_VERSION",
    "FORMS",
    "Model",
    "ModelError",
    "ModelProblem",
    "RunResult",
    "problems",
    "simulate",
]
