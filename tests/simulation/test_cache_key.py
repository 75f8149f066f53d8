"""The projection cache can never serve what other code computed: its key follows the code (how
ENGINE_VERSION follows the code: tests/engine/test_engine_version.py)."""

from simulation.services import scenarios as services
from tests.conftest import minimal_document


def test_the_cache_key_changes_with_the_engine_version_and_with_the_document(monkeypatch):
    document = minimal_document()
    key = services.projection_cache_key(document)

    monkeypatch.setattr(services, "ENGINE_VERSION", "1.1+000000000000")
    other_engine = services.projection_cache_key(document)
    monkeypatch.undo()
    other_document = services.projection_cache_key(minimal_document(horizon=4))

    assert len({key, other_engine, other_document}) == 3
    assert services.projection_cache_key(minimal_document()) == key
