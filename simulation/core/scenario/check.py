"""Checking a whole document section by section (§2, §8), with a path for every problem."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from simulation.core.engine import dated
from simulation.core.engine.inputs import DEFICIT_POLICIES, FORMS, GOAL_KEYS
from simulation.core.scenario.check_levers import LeverChecker
from simulation.core.scenario.fields import (
    ASSUMPTIONS,
    BASELINE,
    CENTRE_DEFAULTS,
    CENTRE_FIELDS,
    CENTRE_NUMBERS,
    CENTRE_REQUIRED,
    COMPENSATION,
    DOCUMENT_KEYS,
    LEDGER_DEFAULTS,
    MAX_DRAWS,
    MAX_HORIZON,
    MAX_MONEY,
    MAX_VARIANTS,
    SCHEMA,
    TEXT_LIMITS,
    UNCERTAINTY_SDS,
    VARIANT_OVERRIDABLE,
    YEAR_RANGE,
)
from simulation.core.scenario.values import blank, fmt_number, given, keyed, years_of


class Checker(LeverChecker):
    """Walks a raw document, collecting problems with paths and returning normalised values."""

    #: A centre list this validator has normalised before; the same list object is taken as is.
    checked_centres: list | None = None
    #: Fields in which a document's centres may differ from ``checked_centres`` (and nothing else):
    #: only those are checked again (an analysis moving ``centres.*.FIELD``).
    changed_centre_fields: tuple[str, ...] = ()

    def document(self, raw: Any) -> dict | None:
        doc = self.object(raw, "", DOCUMENT_KEYS, ("name", "base_year", "compensation", "centres"))
        if doc is None:
            return None
        if doc.get("schema", SCHEMA) != SCHEMA:
            self.fail("schema", f"must be {SCHEMA}")
        base_year = (
            self.number(doc.get("base_year"), "base_year", *YEAR_RANGE, whole=True) if "base_year" in doc else None
        )
        centres = self.known_centres(doc.get("centres"))
        rules = self.rules(doc)
        goals = {g["key"] for g in (rules["compensation"] or {}).get("goals", []) if g["key"]}
        normal = {
            "schema": SCHEMA,
            "name": self.text(doc.get("name"), "name", max_length=TEXT_LIMITS["name"]),
            "description": self.text(doc.get("description"), "description") or "",
            "region": self.region(doc.get("region")),
            "base_year": base_year,
            **rules,
            "levers": self.levers(doc.get("levers"), centres, goals),
            "variants": self.variants(doc.get("variants")),
            "centres": centres,
        }
        return None if self.problems else normal

    def rules(self, doc: Mapping) -> dict:
        """The rule sections shared by a document and a region's rulebook."""
        return {
            "horizon": self.number(doc.get("horizon", 10), "horizon", 1, MAX_HORIZON, whole=True),
            "assumptions": self.assumptions(doc.get("assumptions")),
            "compensation": self.compensation(doc.get("compensation")),
            "costs": self.costs(doc.get("costs")),
            "ledger": self.ledger(doc.get("ledger")),
            "neutrality_compensation": self.boolean(
                doc.get("neutrality_compensation", False), "neutrality_compensation"
            ),
            "uncertainty": self.uncertainty(doc.get("uncertainty")),
        }

    def region(self, value: Any) -> dict | None:
        if value is None:
            return None
        region = self.object(value, "region", ("code", "name"))
        if region is None:
            return None
        return {
            "code": self.text(region.get("code"), "region.code"),
            "name": self.text(region.get("name"), "region.name"),
        }

    def assumptions(self, value: Any) -> dict:
        section = self.object(given(value), "assumptions", ASSUMPTIONS) or {}
        return {
            key: self.dated(section.get(key, 0.0), f"assumptions.{key}", low=-1, high=1, strict_low=True)
            for key in ASSUMPTIONS
        }

    def compensation(self, value: Any) -> dict | None:
        allowed = (*COMPENSATION, "goals")
        required = tuple(k for k, (default, *_) in COMPENSATION.items() if default is None)
        if value is None:
            return None  # reported as required by the document
        section = self.object(value, "compensation", allowed, required)
        if section is None:
            return None
        normal: dict[str, Any] = {}
        for key, (default, low, high) in COMPENSATION.items():
            raw = section.get(key, default)
            normal[key] = None if raw is None else self.dated(raw, f"compensation.{key}", low=low, high=high)
        normal["goals"] = self.goals(section.get("goals"), normal.get("goal_share"))
        return normal

    def goals(self, value: Any, goal_share: Any) -> list[dict]:
        goals = []
        seen: set[str] = set()
        for i, raw in enumerate(self.items(value, "compensation.goals")):
            path = f"compensation.goals[{i}]"
            goal = self.object(raw, path, ("key", "weight", "floor", "target"), ("key", "weight", "floor", "target"))
            if goal is None:
                continue
            key = self.choice(goal.get("key"), f"{path}.key", GOAL_KEYS) if "key" in goal else None
            if key in seen:
                self.fail(f"{path}.key", f"duplicate goal {key}")
            seen.add(key or "")
            normal: dict[str, Any] = {"key": key}
            for name in ("weight", "floor", "target"):
                normal[name] = self.dated(goal[name], f"{path}.{name}", low=0, high=1) if name in goal else None
            goals.append(normal)
            if normal["floor"] is not None and normal["target"] is not None:
                years = years_of(normal["floor"], normal["target"])
                floor, target = (
                    dated.resolve(keyed(normal["floor"]), years),
                    dated.resolve(keyed(normal["target"]), years),
                )
                if (target <= floor).any():
                    self.fail(f"{path}.target", "must be greater than floor")
        shares = [goal_share] if goal_share is not None else []
        if goals and shares and all(g["weight"] is not None for g in goals):
            years = years_of(goal_share, *(g["weight"] for g in goals))
            active = dated.resolve(keyed(goal_share), years) > 0
            total = sum((dated.resolve(keyed(g["weight"]), years) for g in goals), start=np.zeros(len(years)))
            off = active & (np.abs(total - 1.0) > 1e-6)
            if off.any():
                self.fail(
                    "compensation.goals", f"weights must sum to 1 (they sum to {fmt_number(float(total[off][0]))})"
                )
        return goals

    def costs(self, value: Any) -> dict:
        section = self.object(given(value), "costs", ("hired_premium", "gp_cost_per_fte")) or {}
        return {
            "hired_premium": self.dated(section.get("hired_premium", 1.0), "costs.hired_premium", low=1, high=100),
            "gp_cost_per_fte": self.dated(
                section.get("gp_cost_per_fte", 0.0), "costs.gp_cost_per_fte", low=0, high=MAX_MONEY
            ),
        }

    def ledger(self, value: Any) -> dict:
        section = self.object(given(value), "ledger", FORMS) or {}
        ledger = {}
        allowed = (
            "surplus_retention",
            "deficit",
            "restoration_years",
            "return_requirement",
            "surplus_cap",
            "surplus_expiry_years",
        )
        for form in FORMS:
            path = f"ledger.{form}"
            policy = self.object(given(section.get(form)), path, allowed) or {}
            defaults = LEDGER_DEFAULTS[form]
            cap, expiry = policy.get("surplus_cap"), policy.get("surplus_expiry_years")
            ledger[form] = {
                "surplus_retention": self.dated(
                    policy.get("surplus_retention", defaults["surplus_retention"]),
                    f"{path}.surplus_retention",
                    low=0,
                    high=1,
                ),
                "deficit": self.choice(policy.get("deficit", defaults["deficit"]), f"{path}.deficit", DEFICIT_POLICIES),
                "restoration_years": self.dated(
                    policy.get("restoration_years", 3), f"{path}.restoration_years", low=0, high=MAX_HORIZON, whole=True
                ),
                "return_requirement": self.dated(
                    policy.get("return_requirement", 0.0), f"{path}.return_requirement", low=0, high=MAX_MONEY
                ),
                "surplus_cap": None if cap is None else self.dated(cap, f"{path}.surplus_cap", low=0, high=MAX_MONEY),
                # R19 step 4b: null, or whole years ≥ 1 (a surplus can be used at least the year after).
                "surplus_expiry_years": None
                if expiry is None
                else self.dated(expiry, f"{path}.surplus_expiry_years", low=1, high=MAX_HORIZON, whole=True),
            }
        return ledger

    def uncertainty(self, value: Any) -> dict | None:
        if value is None:
            return None
        section = self.object(value, "uncertainty", ("draws", "seed", *UNCERTAINTY_SDS))
        if section is None:
            return None
        normal = {
            "draws": self.number(section.get("draws", 1000), "uncertainty.draws", 1, MAX_DRAWS, whole=True),
            "seed": self.number(section.get("seed", 0), "uncertainty.seed", 0, 2**63 - 1, whole=True),
        }
        for key in UNCERTAINTY_SDS:
            # Beyond 0.5 a yearly growth shock is no longer a plausible uncertainty but a typo.
            normal[key] = self.number(section.get(key, 0.0), f"uncertainty.{key}", low=0, high=0.5)
        return normal

    def known_centres(self, value: Any) -> list[dict]:
        """The centres, checking only what may have changed since ``checked_centres`` was checked."""
        known = self.checked_centres
        if known is None:
            return self.centres(value)
        if value is known:
            return value
        if self.changed_centre_fields and isinstance(value, list) and len(value) == len(known):
            centres = []
            for i, (row, before) in enumerate(zip(value, known, strict=True)):
                centre = dict(before)
                for name in self.changed_centre_fields:
                    low, high, strict = CENTRE_NUMBERS[name]
                    centre[name] = self.number(row.get(name), f"centres[{i}].{name}", low, high, strict_low=strict)
                centres.append(centre)
            return centres
        return self.centres(value)

    def centres(self, value: Any) -> list[dict]:
        rows = self.items(value, "centres")
        if value is not None and isinstance(value, list) and not rows:
            self.fail("centres", "must hold at least one centre")
        centres = []
        first_seen: dict[str, int] = {}
        for i, raw in enumerate(rows):
            centre = self.centre(raw, f"centres[{i}]")
            ident = _centre_id(raw)
            if ident in first_seen:
                self.fail(f"centres[{i}].id", f"duplicate id {ident} (also centres[{first_seen[ident]}])")
            elif ident is not None:
                first_seen[ident] = i
            if centre is not None:
                centres.append(centre)
        return centres

    def centre(self, raw: Any, path: str) -> dict | None:
        """One centre record of §2.1, with defaults; also used for each row of an uploaded file."""
        record = self.object(raw, path, CENTRE_FIELDS, CENTRE_REQUIRED)
        if record is None:
            return None
        before = len(self.problems)
        centre: dict[str, Any] = {
            "id": self.text(record.get("id"), f"{path}.id", max_length=TEXT_LIMITS["id"]),
            "name": self.text(record.get("name"), f"{path}.name", max_length=TEXT_LIMITS["name"]),
            "operating_form": self.form(record["operating_form"], f"{path}.operating_form")
            if record.get("operating_form") is not None
            else None,
            "municipality": self.text(
                record.get("municipality"), f"{path}.municipality", max_length=TEXT_LIMITS["municipality"]
            )
            or "",
            "rural": self.boolean(record.get("rural", False), f"{path}.rural"),
        }
        centre["unit"] = self.text(record.get("unit"), f"{path}.unit", max_length=TEXT_LIMITS["unit"]) or centre["id"]
        for name, (low, high, strict) in CENTRE_NUMBERS.items():
            raw_value = record.get(name)
            if blank(raw_value):
                if name in CENTRE_REQUIRED:
                    continue  # reported as required above
                centre[name] = CENTRE_DEFAULTS[name]
            else:
                centre[name] = self.number(raw_value, f"{path}.{name}", low, high, strict_low=strict)
        return centre if len(self.problems) == before else None

    def variants(self, value: Any) -> list[dict]:
        variants = []
        names: set[str] = set()
        raws = self.items(value, "variants")
        if len(raws) > MAX_VARIANTS:
            # Refused before any variant is looked at: each would be checked as a whole document.
            self.fail(
                "variants",
                f"at most {MAX_VARIANTS} variants (each is a whole projection beside the baseline); "
                f"this document has {len(raws)}: split them over several documents",
            )
            return []
        for i, raw in enumerate(raws):
            path = f"variants[{i}]"
            variant = self.object(raw, path, ("name", "description", "overrides", "levers"), ("name",))
            if variant is None:
                continue
            name = self.text(variant.get("name"), f"{path}.name", max_length=TEXT_LIMITS["name"])
            if name == BASELINE:
                self.fail(f"{path}.name", f"{BASELINE} is the name of the document itself")
            elif name in names:
                self.fail(f"{path}.name", f"duplicate variant name {name}")
            names.add(name or "")
            overrides = given(variant.get("overrides"))
            if not isinstance(overrides, Mapping):
                self.fail(f"{path}.overrides", "must be an object")
                overrides = {}
            for key in overrides:
                if key not in VARIANT_OVERRIDABLE:
                    self.fail(
                        f"{path}.overrides.{key}",
                        "cannot be overridden by a variant (variants run on the same centres and years; "
                        f"overridable: {', '.join(VARIANT_OVERRIDABLE)})",
                    )
            if not isinstance(variant.get("levers", []), list):
                self.fail(f"{path}.levers", "must be a list")
            variants.append(
                {
                    "name": name,
                    "description": self.text(variant.get("description"), f"{path}.description") or "",
                    "overrides": dict(overrides),
                    "levers": list(variant.get("levers", [])) if isinstance(variant.get("levers", []), list) else [],
                }
            )
        return variants


def _centre_id(raw: Any) -> str | None:
    """A record's id as text, read leniently so duplicates are found even in broken records."""
    if not isinstance(raw, Mapping) or blank(raw.get("id")) or isinstance(raw.get("id"), bool | dict | list):
        return None
    ident = raw["id"]
    return str(int(ident)) if isinstance(ident, float) and ident.is_integer() else str(ident).strip()
