"""The region's rules page (``/regions/CODE/rules/``, issue 23): every parameter grouped as the
rule-parameter table says, the value in force in words; for the region's analysts and admins an
edit form → a preview of what the change does to the baseline → a confirmation that publishes a
new version; the versions with their differences in words and undo; download and upload as JSON
or YAML. Everything is written through ``regions.rulebooks`` (one way, audited, all or nothing)."""

from __future__ import annotations

import json

import yaml
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from common.access import public_read
from common.query import whole_number
from healthcentres.models import DATA_YEARS
from healthcentres.selectors import dataset_current
from regions.access import can_edit_region
from regions.rulebooks import RulebookStale, VersionNotFound
from regions.rulebooks import rulebook_versions as versions_of
from regions.selectors import region_get, rulebook_current
from simulation.core.numbers import current_language
from simulation.core.scenario import ScenarioInvalid, validate_rules
from simulation.core.scenario.rule_words import changes_words, rule_changes
from simulation.pages.rules_form import field_name, form_groups, rules_from_form
from simulation.pages.rules_problems import problem_path, problem_sentence
from simulation.presentation import comparison
from simulation.presentation.models_compare import rules_preview
from simulation.services.rulebooks import (
    rulebook_publish_checked,
    rulebook_restore_checked,
    rules_complete,
    rules_kept,
    rules_runnable,
    rules_shown,
)

#: A rulebook file is a few kilobytes; anything much larger is not one.
MAX_UPLOAD_BYTES = 256 * 1024


def _context(request, code: str) -> dict:
    region = region_get(code)
    dataset = dataset_current(region)
    rulebook = rulebook_current(region, dataset.base_year if dataset else None)
    return {
        "region": region,
        "dataset": dataset,
        "rulebook": rulebook,
        "can_edit": can_edit_region(request.user, region),
        "versions": versions_of(region, current_language(), dataset.base_year if dataset else None),
    }


@public_read
@require_http_methods(["GET", "POST"])
def region_rules(request, code: str):
    context = _context(request, code)
    rulebook = context["rulebook"]
    if rulebook is None:
        return render(request, "simulation/rules.html", context)
    if request.method == "POST":
        if not context["can_edit"]:
            raise PermissionDenied
        action = request.POST.get("action", "")
        if action in ("preview", "upload"):
            return _preview(request, context, action)
        if action == "save":
            return _save(request, context)
        if action in ("restore-confirm", "restore"):
            return _restore(request, context, action)
        raise Http404
    year = rulebook.effective_from
    return render(request, "simulation/rules.html", context | _edit(rulebook.rules, year, {}, {}))


def _edit(rules: dict, year: int, data, errors: dict[str, str]) -> dict:
    return {"groups": form_groups(rules, data, errors), "change_year": data.get("change_year", year), "errors": errors}


def _change_year(request, first_year: int) -> tuple[int, str]:
    # Bounded like a rulebook's start over the API: by the years data may describe (DATA_YEARS).
    last = DATA_YEARS[1]
    year = whole_number((request.POST.get("change_year") or "").strip())
    if year is not None and first_year <= year <= last:
        return year, ""
    return first_year, _("The year the change applies from must be a year from %(first)s to %(last)s.") % {
        "first": first_year,
        "last": last,
    }


def _proposed(request, context) -> tuple[dict | None, dict[str, str], str]:
    """The proposed rules from the edit form or an uploaded file; refusals by field; a file's name."""
    rulebook = context["rulebook"]
    if request.POST.get("action") == "upload":
        return _uploaded(request, context)
    year, year_error = _change_year(request, rulebook.effective_from)
    rules, errors = rules_from_form(rulebook.rules, request.POST, year, rulebook.effective_from)
    if year_error:
        errors["change_year"] = year_error
    if not errors:
        errors = _refusals(context, rules)
    return (None if errors else rules), errors, ""


def _refusals(context, rules: dict) -> dict[str, str]:
    """Everything that stops the region's baseline from running on ``rules`` (the check a save
    does), by form field, in the page's words."""
    try:
        rules_runnable(context["region"], rules, context["rulebook"].effective_from, prefix="")
    except ScenarioInvalid as invalid:
        errors: dict[str, str] = {}
        for problem in invalid.problems:
            name = field_name(problem_path(problem), rules)
            if name == "compensation.goals":
                name = _first_goal_weight(rules)  # the weights' sum: shown at the goals' weights
            errors.setdefault(name or "rules", problem_sentence(problem, rules))
        return errors
    return {}


def _first_goal_weight(rules: dict) -> str:
    goals = (rules.get("compensation") or {}).get("goals") or []
    return f"compensation.goals.{goals[0]['key']}.weight" if goals else "compensation.goals"


class RulesLoader(yaml.SafeLoader):
    """YAML's safe loader without aliases: a rulebook repeats nothing, and aliases nested in aliases
    (a "billion laughs") make a file of 1 kB a structure of billions of values once anything walks
    it. An alias is refused at its line and column like any other error in the file."""

    def compose_node(self, parent, index):
        if self.check_event(yaml.events.AliasEvent):
            event = self.peek_event()
            raise yaml.composer.ComposerError(None, None, "aliases are not allowed", event.start_mark)
        return super().compose_node(parent, index)


def _uploaded(request, context) -> tuple[dict | None, dict[str, str], str]:
    upload = request.FILES.get("file")
    if upload is None:
        return None, {"file": _("Choose a file of rules (JSON or YAML).")}, ""
    if upload.size > MAX_UPLOAD_BYTES:
        message = _("The file is larger than %(size)s kB; a rulebook is a few kB.") % {"size": MAX_UPLOAD_BYTES // 1024}
        return None, {"file": message}, ""
    try:
        # The safe loader without aliases (RulesLoader); YAML reads JSON too.
        loaded = yaml.load(upload.read().decode("utf-8"), Loader=RulesLoader)
    except UnicodeDecodeError:
        return None, {"file": _("The file is not text in UTF-8: is it a rules file (JSON or YAML)?")}, upload.name
    except RecursionError:
        return None, {"file": _("The file is nested too deeply to be a rulebook.")}, upload.name
    except yaml.YAMLError as error:
        # The parser's own text is for programmers; a person needs where to look.
        mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
        if mark is None:
            return None, {"file": _("The file is not valid JSON or YAML.")}, upload.name
        message = _("The file is not valid JSON or YAML: line %(line)s, column %(column)s.")
        return None, {"file": message % {"line": mark.line + 1, "column": mark.column + 1}}, upload.name
    rules = loaded.get("rules") if isinstance(loaded, dict) and "rules" in loaded else loaded
    try:
        rules_complete(rules, prefix="")
        rules = rules_kept(context["region"], context["rulebook"].effective_from, rules)
        rules_runnable(context["region"], rules, context["rulebook"].effective_from, prefix="")
    except ScenarioInvalid as invalid:
        return None, {"file": "; ".join(problem_sentence(p, rules) for p in invalid.problems[:20])}, upload.name
    return rules, {}, upload.name


def _preview(request, context, action: str):
    rulebook, dataset = context["rulebook"], context["dataset"]
    rules, errors, filename = _proposed(request, context)
    if rules is None:
        page = context | _edit(rulebook.rules, rulebook.effective_from, request.POST, errors)
        page["upload_error"] = errors.get("file", "")
        return render(request, "simulation/rules.html", page, status=400)
    before, after, first = validate_rules(rulebook.rules), validate_rules(rules), rulebook.effective_from
    change = changes_words(before, after, current_language(), first_year=first)
    changes = rule_changes(before, after)
    if not changes:
        page = context | _edit(rulebook.rules, first, request.POST, {"rules": _("No changes to save.")})
        page["upload_error"] = _("No changes to save.") if action == "upload" else ""
        return render(request, "simulation/rules.html", page, status=400)
    page = context | {
        "proposed_json": json.dumps(rules, ensure_ascii=False),
        "change_words": change,
        "dated_changes": any(not c.undated for c in changes),
        "undated_changes": any(c.undated for c in changes),
        "change_year": request.POST.get("change_year") or rulebook.effective_from,
        "filename": filename,
        "next_version": max([v.number for v in context["versions"]] or [0]) + 1,
    }
    if dataset is not None:
        try:
            compared = rules_preview(context["region"], dataset, rulebook.rules, rules)
            page |= {
                "answers": comparison.answers(compared),
                # Every row of the comparison's money table, parts included: each difference adds up
                # from visible parts (compensation paid, deficit cover, …), as on the comparison page.
                "components": comparison.component_rows(compared),
                "form_rows": comparison.form_rows(compared),
                "ranked": comparison.ranked(compared)[0]["rows"],
            }
        except ScenarioInvalid as invalid:
            page["preview_problems"] = [problem_sentence(p) for p in invalid.problems]
    return render(request, "simulation/rules_confirm.html", page)


def _save(request, context):
    region, rulebook = context["region"], context["rulebook"]
    try:
        rules = json.loads(request.POST.get("rules", ""))
        expected = int(request.POST.get("version", ""))
    except (ValueError, RecursionError):  # RecursionError: brackets nested past Python's limit
        messages.error(request, _("The change could not be read; please make it again."))
        return redirect("region-rules", region.code)
    try:
        version = rulebook_publish_checked(
            region=region,
            effective_from=rulebook.effective_from,
            rules=rules,
            user=request.user,
            expected_version=expected,
        )
    except RulebookStale:
        messages.error(request, _("Someone else changed the rules since you began; please make your change again."))
        return redirect("region-rules", region.code)
    except ScenarioInvalid as invalid:
        problems = "; ".join(problem_sentence(p) for p in invalid.problems[:5])
        messages.error(request, _("The rules were not saved: %(problems)s") % {"problems": problems})
        return redirect("region-rules", region.code)
    messages.success(request, _("The rules are saved as version %(number)s.") % {"number": version.number})
    return redirect(reverse("region-rules", args=[region.code]) + "#versions")


def _restore(request, context, action: str):
    region = context["region"]
    try:
        number = int(request.POST.get("number", ""))
    except ValueError:
        raise Http404 from None
    chosen = next((v for v in context["versions"] if v.number == number), None)
    if chosen is None:
        raise Http404
    if action == "restore-confirm":
        old = region.rulebook_versions.get(number=number)
        in_force = region.rulebooks.filter(effective_from=old.effective_from).first()
        words = (
            changes_words(validate_rules(in_force.rules), validate_rules(old.rules), current_language())
            if in_force
            else ""
        )
        return render(request, "simulation/rules_restore.html", context | {"chosen": chosen, "change_words": words})
    try:
        version = rulebook_restore_checked(region=region, number=number, user=request.user)
    except VersionNotFound as refused:
        messages.error(request, _("The version was not restored: %(reason)s") % {"reason": refused})
        return redirect("region-rules", region.code)
    except ScenarioInvalid as invalid:
        reason = "; ".join(problem_sentence(p) for p in invalid.problems[:5])
        messages.error(request, _("The version was not restored: %(reason)s") % {"reason": reason})
        return redirect("region-rules", region.code)
    messages.success(
        request, _("Version %(old)s is published again as version %(new)s.") % {"old": number, "new": version.number}
    )
    return redirect(reverse("region-rules", args=[region.code]) + "#versions")


@public_read
@require_GET
def region_rules_download(request, code: str, kind: str):
    """The rules in force as a file to keep, edit and upload again."""
    context = _context(request, code)
    rulebook = context["rulebook"]
    if rulebook is None or kind not in ("json", "yaml"):
        raise Http404
    body = {
        "effective_from": rulebook.effective_from,
        "version": rulebook.version,
        "rules": rules_shown(rulebook.rules),
    }
    if kind == "json":
        text, content_type = json.dumps(body, ensure_ascii=False, indent=2), "application/json"
    else:
        text, content_type = yaml.safe_dump(body, allow_unicode=True, sort_keys=False), "application/yaml"
    response = HttpResponse(text, content_type=f"{content_type}; charset=utf-8")
    filename = f"regler-{context['region'].code}-{rulebook.effective_from}-v{rulebook.version}.{kind}"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
