"""The scenario document (``vardpeng.scenario/1``, spec §2) ⇄ engine inputs. Pure: no Django.

One parser and one validator for every way a document arrives: the CLI, the REST API, the upload
and the web app. ``prepare`` returns the normalised document (defaults filled in, numbers parsed)
and one engine model per variant, or raises :class:`ScenarioInvalid` listing every problem with
its path (§8).

- ``fields``: the vocabulary — keys, defaults, bounds (one definition);
- ``values`` and ``check``: the validator, single values and then sections;
- ``load``: text → document, and the deep merge of overrides (§5);
- ``model``: a normalised document → the engine's ``Model``;
- ``prepare``: all of it in one call, variants included;
- ``json_schema``: the same rules as JSON Schema, for the OpenAPI document.
"""

from simulation.core.scenario.fields import (
    BASELINE,
    CENTRE_FIELDS,
    CENTRE_REQUIRED,
    MAX_DRAWS,
    MAX_HORIZON,
    MAX_TEXT,
    MAX_VARIANTS,
    RULE_KEYS,
    SCHEMA,
    TEXT_LIMITS,
)
from simulation.core.scenario.load import deep_merge, load_text
from simulation.core.scenario.prepare import PreparedScenario, prepare, validate_centres, validate_rules
from simulation.core.scenario.problems import MAX_PROBLEMS, Problem, ScenarioInvalid

__all__ = [
    "BASELINE",
    "CENTRE_FIELDS",
    "CENTRE_REQUIRED",
    "MAX_DRAWS",
    "MAX_HORIZON",
    "MAX_PROBLEMS",
    "MAX_TEXT",
    "MAX_VARIANTS",
    "RULE_KEYS",
    "SCHEMA",
    "TEXT_LIMITS",
    "PreparedScenario",
    "Problem",
    "ScenarioInvalid",
    "deep_merge",
    "load_text",
    "prepare",
    "validate_centres",
    "validate_rules",
]
