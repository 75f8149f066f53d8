"""Reading a document from text, and merging overrides into it (§5)."""

from __future__ import annotations

import copy
import json
from collections.abc import Mapping
from typing import Any

from simulation.core.scenario.problems import Problem, ScenarioInvalid

TOO_DEEP = "nested too deeply to be a document"


def load_text(text: str, filename: str = "") -> Any:
    """Parse a document from JSON, or YAML when the file name says so (or JSON fails). PyYAML is
    imported only for YAML: most documents are JSON, and every CLI run starts here."""
    is_yaml = filename.lower().endswith((".yaml", ".yml"))
    if not is_yaml:
        try:
            return json.loads(text)
        except json.JSONDecodeError as error:
            if filename.lower().endswith(".json") or text.lstrip().startswith(("{", "[")):
                raise ScenarioInvalid(
                    [Problem("", f"not valid JSON: {error.msg} at line {error.lineno}, column {error.colno}")]
                ) from None
        except RecursionError:  # brackets nested past Python's limit: no document is, only an attack
            raise ScenarioInvalid([Problem("", TOO_DEEP)]) from None
    import yaml

    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        raise ScenarioInvalid([Problem("", f"not valid YAML{where}")]) from None
    except RecursionError:
        raise ScenarioInvalid([Problem("", TOO_DEEP)]) from None


def deep_merge(base: Any, overrides: Any) -> Any:
    """Objects merge key by key; anything else replaces (§5)."""
    if isinstance(base, Mapping) and isinstance(overrides, Mapping):
        merged = dict(base)
        for key, value in overrides.items():
            merged[key] = deep_merge(base[key], value) if key in base else copy.deepcopy(value)
        return merged
    return copy.deepcopy(overrides)
