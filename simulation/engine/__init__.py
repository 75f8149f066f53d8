"""Vårdpeng's numeric core: the rules of ``shared/spec/simulation.md`` and nothing else.

Pure numpy/pandas/stdlib: no Django, no I/O, no clock; randomness only from the model's seed.
``simulate`` takes a resolved :class:`Model` (built by ``simulation.scenario``) and returns tables.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from .checks import ModelError, ModelProblem, problems
from .inputs import FORMS, Model
from .runner import RunResult, simulate

#: The spec version the engine implements.
SPEC_VERSION = "1.1"


def _source_digest() -> str:
    """A digest of the engine's own source: any change to the code that computes figures changes it,
    so no cache can serve a projection made by other code (nobody has to remember a bump)."""
    digest = hashlib.sha256()
    for path in sorted(Path(__file__).parent.glob("*.py")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:12]


#: Part of projection cache keys and of every analysis result (§11.7): spec version + source digest.
ENGINE_VERSION = f"{SPEC_VERSION}+{_source_digest()}"

__all__ = ["ENGINE_VERSION", "FORMS", "Model", "ModelError", "ModelProblem", "RunResult", "problems", "simulate"]
