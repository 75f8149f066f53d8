"""Running saved scenarios, and the one cache of their projections.

A stored projection is keyed by what determines it — the data (dataset id and checksum), the rules
(the rulebook in force: id, ``updated_at`` and a digest of its rules), the scenario (its own fields
and version), the region's name and the code (``ENGINE_VERSION`` and the code that shapes documents
and projections) — so that a hit costs two small queries and a lookup: no document is built,
validated or hashed. It is stored as gzipped orjson (``json_bytes``) and served as stored; beside it
a summary (``simulation.core.projection_summary``) from which the comparison reads what it
shows without parsing the projection.
"""

from __future__ import annotations

import gzip
import hashlib
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

import orjson
from django.db import IntegrityError, transaction

from healthcentres import models as healthcentres_models
from healthcentres import selectors as healthcentres_selectors
from healthcentres.models import Dataset
from healthcentres.selectors import dataset_current, dataset_document
from regions.selectors import rulebook_for_year
from simulation.core import exports, projection, projection_summary, scenario, summary
from simulation.core.analysis import analyse
from simulation.core.engine import ENGINE_VERSION
from simulation.core.exports import json_bytes
from simulation.core.projection import projection_values, scenario_project
from simulation.core.scenario import RULE_KEYS, PreparedScenario, deep_merge, prepare
from simulation.models import CachedProjection, Scenario
from simulation.services.bounds import Bound, refuse_too_large

#: gzip levels of stored bodies. Measured on the national baseline (1 200 centres × 10 years, 11,2 MB
#: of JSON): level 6 gives 2,3 MB in 0,15–0,39 s, level 1 2,8 MB in 0,05–0,10 s; both unpack in
#: 0,025 s, a quarter of what parsing the JSON costs. A saved scenario's projection is read again and
#: again (pages, the API: a sixth fewer bytes to send each time), so it is packed harder; an unsaved
#: one is the builder's preview, packed fast for the one answer it makes and never kept.
GZIP_LEVEL_SAVED, GZIP_LEVEL_UNSAVED = 6, 1


def scenario_dataset(scenario: Scenario) -> Dataset:
    """The data a scenario runs on. A preset is the region's template: it always runs on the
    region's current dataset. Any other scenario keeps the data it was saved with until someone
    moves it (``scenario_rebase``), so that a saved answer does not change under its reader."""
    if scenario.is_preset and scenario.dataset.status != Dataset.Status.CURRENT:
        current = dataset_current(scenario.region)
        if current is not None:
            return current
    return scenario.dataset


def scenario_document(scenario: Scenario) -> dict[str, Any]:
    """The complete runnable document (spec §2): the region's plain rules on the scenario's data
    (``scenario_dataset``, ``dataset_document``) with the scenario's overrides, levers and
    variants on top."""
    plain = dataset_document(scenario_dataset(scenario), scenario.name, scenario.description)
    changed = deep_merge({k: v for k, v in plain.items() if k in RULE_KEYS}, scenario.overrides or {})
    return {
        **{k: changed.get(k, v) for k, v in plain.items()},
        **changed,
        "levers": list(scenario.levers or []),
        "variants": list(scenario.variants or []),
        "centres": plain["centres"],
    }


#: What makes a projection besides its inputs: the engine (its version is derived from its source),
#: the code that fills in and checks documents, and the code that shapes projections and summaries.
def _code_digest() -> str:
    digest = hashlib.sha256()
    folders = [Path(scenario.__file__).parent]
    files = [Path(projection.__file__), Path(summary.__file__), Path(projection_summary.__file__)]
    # What fills in a document from the data (dataset_document, the centre facts) and writes the JSON.
    files += [Path(healthcentres_selectors.__file__), Path(healthcentres_models.__file__), Path(exports.__file__)]
    for path in sorted(files + [p for folder in folders for p in folder.glob("*.py")]):
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


CODE_VERSION = f"{ENGINE_VERSION}/{_code_digest()}"

#: The scenario's own fields in the key (its version alone is not enough: a restore renames
#: without a new version, and an unsaved scenario has none).
KEYED_FIELDS = ("name", "description", "overrides", "levers", "variants", "preset")


def projection_key(scenario: Scenario) -> str:
    """The cache key of a scenario's projection, from versions alone (no document is built)."""
    dataset = scenario_dataset(scenario)
    rulebook = rulebook_for_year(dataset.region, dataset.base_year)
    region = dataset.region
    parts = {
        "code": CODE_VERSION,
        "dataset": [dataset.pk, dataset.checksum, dataset.name, dataset.base_year],
        # The rules' digest too: a rulebook changed by a queryset update keeps its updated_at.
        "rules": None
        if rulebook is None
        else [rulebook.pk, rulebook.updated_at.isoformat(), _digest(rulebook.rules), getattr(rulebook, "version", 0)],
        "region": [region.pk, region.code, region.name],
        "scenario": [scenario.pk, scenario.version, *(getattr(scenario, f) for f in KEYED_FIELDS)],
    }
    return _digest(parts)


def _digest(value: Any) -> str:
    # default=str: a field set from a form may hold a lazy translation or a Decimal, never refused here.
    options = orjson.OPT_SORT_KEYS | orjson.OPT_NON_STR_KEYS
    return hashlib.sha256(orjson.dumps(value, default=str, option=options)).hexdigest()


class ScenarioRun:
    """A scenario run: its projection and, when asked for, its runnable document (normalised,
    defaults filled in: built and validated only then, since a cache hit needs neither)."""

    def __init__(self, scenario: Scenario, projection: dict[str, Any], prepared: PreparedScenario | None = None):
        self.scenario = scenario
        self.projection = projection
        if prepared is not None:
            self.__dict__["document"] = prepared.document

    @cached_property
    def document(self) -> dict[str, Any]:
        return prepare(scenario_document(self.scenario)).document


@dataclass(frozen=True)
class StoredProjection:
    """A projection as the cache keeps it: ``body`` is gzipped JSON; ``key`` names its content."""

    key: str
    body: bytes
    summary: bytes

    def json(self) -> bytes:
        return gzip.decompress(self.body)

    def projection(self) -> dict[str, Any]:
        return orjson.loads(self.json())

    def summarised(self) -> dict[str, Any]:
        return orjson.loads(gzip.decompress(self.summary))


def scenario_stored(scenario: Scenario, bound: Bound | None = None, *, summary_only: bool = False) -> StoredProjection:
    """A scenario's stored projection, computed and stored on a miss: what every run of a saved (or
    unsaved) scenario reads. ``bound`` refuses larger work or a larger projection (413); on a hit
    the stored sizes are checked, so nothing is validated. ``summary_only`` leaves the body unread."""
    key = projection_key(scenario)
    row = _hit(key, bound, ("summary",) if summary_only else ("summary", "body"))
    if row is not None:
        return StoredProjection(key, bytes(row.get("body") or b""), bytes(row["summary"]))
    return _store(scenario, key, bound)[0]


def _hit(key: str, bound: Bound | None, fields: tuple[str, ...]) -> dict[str, Any] | None:
    """The stored row's ``fields`` when the key is stored and its sizes are within ``bound`` (a
    larger stored projection goes the way of a miss, which refuses it with the bound's words)."""
    row = CachedProjection.objects.filter(key=key).values("cells", "values", *fields).first()
    if row is None or (bound is not None and (row["cells"] > bound.cells or row["values"] > bound.values)):
        return None
    return row


def _store(scenario: Scenario, key: str, bound: Bound | None) -> tuple[StoredProjection, dict, PreparedScenario]:
    """Validate, run and store (a miss). A refused document raises before anything is stored."""
    prepared = prepare(scenario_document(scenario))
    if bound is not None:
        refuse_too_large(prepared, bound)
    computed = scenario_project(prepared)
    level = GZIP_LEVEL_SAVED if scenario.pk is not None else GZIP_LEVEL_UNSAVED
    body = gzip.compress(json_bytes(computed), level, mtime=0)
    summarised = gzip.compress(json_bytes(projection_summary.summarise(computed, prepared.document)), mtime=0)
    if scenario.pk is None:
        # An unsaved scenario (the builder's preview, anyone's, every change a new key) is not
        # kept: stored, a client could fill the table at 2,8 MB a national preview.
        return StoredProjection(key, body, summarised), computed, prepared
    try:
        with transaction.atomic():
            CachedProjection.objects.create(
                key=key,
                engine_version=ENGINE_VERSION,
                body=body,
                summary=summarised,
                cells=prepared.cells,
                values=projection_values(prepared),
            )
    except IntegrityError:
        pass  # another request stored the same projection meanwhile
    return StoredProjection(key, body, summarised), computed, prepared


def scenario_run(scenario: Scenario, bound: Bound | None = None) -> ScenarioRun:
    """The one way to run a scenario, saved or not (pages, API, builder, history): its projection
    from the cache when nothing it depends on changed, else validated, run and stored. ``bound``
    refuses larger work or a larger projection (413) before it starts."""
    key = projection_key(scenario)
    row = _hit(key, bound, ("body",))
    if row is not None:
        return ScenarioRun(scenario, orjson.loads(gzip.decompress(row["body"])))
    _stored, computed, prepared = _store(scenario, key, bound)
    return ScenarioRun(scenario, computed, prepared)


def scenario_summary(scenario: Scenario) -> dict[str, Any]:
    """What the comparison reads of a scenario's projection (``projection_summary.summarise``)."""
    return scenario_stored(scenario, summary_only=True).summarised()


def scenario_explain(
    scenario: Scenario, year: int, *, centre: str | None = None, unit: str | None = None, language: str = "sv"
) -> dict[str, Any]:
    """Explain one centre-year or unit-year of a scenario (§11.3): the same analysis a job or the
    CLI runs (one engine run of the baseline), for the pages' *Varför?*. Refused requests raise
    ScenarioInvalid with paths."""
    subject = {"centre": centre} if centre is not None else {"unit": unit}
    request = {
        "schema": "vardpeng.analysis/1",
        "kind": "explain",
        "scenario": scenario_document(scenario),
        "year": year,
        "language": language,
        **subject,
    }
    return analyse(request)


def document_run(document: Any, bound: Bound | None = None) -> dict[str, Any]:
    """The projection of any scenario document (POST /simulate, the CLI, projection jobs). Not
    cached: anyone may send any document, and the cache is for the region's own scenarios.
    ``bound`` refuses larger work or a larger projection (413) before it starts."""
    prepared = prepare(document)
    if bound is not None:
        refuse_too_large(prepared, bound)
    return scenario_project(prepared)
