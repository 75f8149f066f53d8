"""The projection cache can never serve what other code computed: its key follows the code."""

import hashlib
from pathlib import Path

import simulation.core.engine as engine
from simulation.services import scenarios as services
from tests.conftest import minimal_document


def test_the_engine_version_is_derived_from_every_source_file_that_makes_a_figure():
    root = Path(engine.__file__).parent.parent
    sources = sorted([*root.glob("engine/*.py"), *root.glob("scenario/*.py"), root / "projection.py"])
    digest = hashlib.sha256()
    for path in sources:
        digest.update(str(path.relative_to(root)).encode() + b"\0" + path.read_bytes())

    assert any(p.name == "model.py" for p in sources) and any(p.name == "levers.py" for p in sources)
    assert f"{engine.SPEC_VERSION}+{digest.hexdigest()[:12]}" == engine.ENGINE_VERSION


def test_the_cache_key_changes_with_the_engine_version_and_with_the_document(monkeypatch):
    document = minimal_document()
    key = services.projection_cache_key(document)

    monkeypatch.setattr(services, "ENGINE_VERSION", "1.1+000000000000")
    other_engine = services.projection_cache_key(document)
    monkeypatch.undo()
    other_document = services.projection_cache_key(minimal_document(horizon=4))

    assert len({key, other_engine, other_document}) == 3
    assert services.projection_cache_key(minimal_document()) == key
