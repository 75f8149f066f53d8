"""Vårdpeng's numeric core: the rules of ``shared/spec/simulation.md`` and nothing else.

Pure numpy/pandas/stdlib: no Django, no I/O, no clock; randomness only from the model's seed.
``simulate`` takes a resolved :class:`Model` (built by ``simulation.core.scenario``) and returns tables.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from simulation.core.engine.checks import ModelError, ModelProblem, problems
from simulation.core.engine.inputs import FORMS, Model
from simulation.core.engine.runner import RunResult, simulate

#: The spec version the engine implements.
SPEC_VERSION = "1.2"

#: The code that can change a figure: the engine, the document's reading into engine inputs
#: (defaults, levers, models) and the projection's shape.
_FIGURE_SOURCES = ("engine/*.py", "scenario/*.py", "projection.py")


def _source_digest() -> str:
    """A digest of the source of everything that computes or shapes figures: any change to it
    changes the digest, so no cache can serve a projection made by other code (nobody has to
    remember a bump)."""
    digest = hashlib.sha256()
    root = Path(__file__).parent.parent
    for path in sorted(p for pattern in _FIGURE_SOURCES for p in root.glob(pattern)):
        digest.update(str(path.relative_to(root)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:12]


#: Part of projection cache keys and of every analysis result (§11.7): spec version + source digest.
ENGINE_VERSION = f"{SPEC_VERSION}+{_source_digest()}"

__all__ = ["ENGINE_VERSION", "FORMS", "Model", "ModelError", "ModelProblem", "RunResult", "problems", "simulate"]
