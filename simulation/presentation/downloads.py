"""Files to download: a scenario's projection and a comparison, as Excel, Swedish CSV or machine
CSV, each saying what it is (scenario, dataset, base year, engine version, hash, units, date)."""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from regions.models import Region
from simulation.core.engine import ENGINE_VERSION
from simulation.core.outputs import REGION
from simulation.models import Scenario
from simulation.presentation.comparison import Comparison, component_rows, form_rows, parameter_differences, ranked
from simulation.presentation.models_compare import ModelsChoice
from simulation.presentation.output_labels import figure_label
from simulation.presentation.spreadsheets import (
    MNKR,
    SEK,
    TEXT,
    YEAR,
    About,
    Column,
    Table,
    csv_text,
    projection_tables,
    workbook,
)
from simulation.services.scenarios import scenario_dataset

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _units() -> str:
    return _(
        "Money in Swedish kronor (kr), current prices; the region's figures in millions (mnkr). Sums are over "
        "the projected years; balances at the end of a year."
    )


def scenario_about(scenario: Scenario, document: dict[str, Any], projection: dict[str, Any]) -> About:
    """The 'Om filen' sheet: what made the figures, traced by each run's own hash (§7) — the hash
    the projection, its analyses and every page show for the same scenario."""
    dataset = scenario_dataset(scenario)
    years = f"{document['base_year']}–{document['base_year'] + document['horizon'] - 1}"
    return About(
        _("Vårdpeng: %(scenario)s, %(region)s") % {"scenario": scenario.name, "region": scenario.region.name},
        [
            (
                _("Scenario"),
                f"{scenario.name}" + (f" (id {scenario.pk}, {_('version')} {scenario.version})" if scenario.pk else ""),
            ),
            (_("Region"), f"{scenario.region.name} ({scenario.region.code})"),
            (_("Dataset"), f"{dataset.name} (id {dataset.pk}, {dataset.get_status_display()})"),
            (_("Base year"), str(document["base_year"])),
            (_("Projected years"), years),
            (_("Units"), _units()),
            (_("Engine version"), projection.get("engine_version", ENGINE_VERSION)),
            *(
                (_hash_label(run["variant"], len(projection["runs"])), run["scenario_hash"])
                for run in projection["runs"]
            ),
            (_("Made"), timezone.localtime().strftime("%Y-%m-%d %H:%M")),
            (_("Specification"), _("Vårdpeng simulation specification, version 1.2 (rules R1–R26)")),
        ],
    )


def _hash_label(variant: str, runs: int) -> str:
    label = _("Scenario hash (SHA-256 of the document run)")
    return label if runs == 1 else f"{label}: {variant}"


def _stem(*parts: Any) -> str:
    return "-".join(slugify(str(p)) for p in ("vardpeng", *parts) if str(p))


def attachment(body: Any, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def projection_download(
    scenario: Scenario, document: dict[str, Any], projection: dict[str, Any], kind: str, table: str, variant: str
) -> HttpResponse:
    """``kind`` xlsx (every table, formats, the about sheet) or csv (one table; ``variant`` sv or machine)."""
    names = {c["id"]: c["name"] for c in document["centres"]}
    tables = projection_tables(projection, scenario.name, names)
    stem = _stem(scenario.region.code, scenario.name, f"v{scenario.version}" if scenario.pk else "")
    if kind == "xlsx":
        about = scenario_about(scenario, document, projection)
        body = workbook(about, [tables["region"], tables["units"], tables["centres"]])
        return attachment(body, XLSX, f"{stem}.xlsx")
    suffix = "" if table == "centres" else f"-{table}"
    suffix += "-sv" if variant == "sv" else ""
    return attachment(csv_text(tables[table], variant), "text/csv; charset=utf-8", f"{stem}{suffix}.csv")


def model_budgets(choice: ModelsChoice | None, region: Region) -> dict[str, str]:
    """Each other region's model column (by its label, as ``models_compare.with_models`` names it)
    and whose budget level it runs with (``budget=own|other``): a file or a printed page read
    without the page's choice must still say it, since the money differs with it."""
    if choice is None or not choice.codes:
        return {}
    found = {}
    for model in Region.objects.filter(code__in=choice.codes):
        label = _("%(region)s's model") % {"region": model.name}
        if choice.budget == "other":
            words = _("with %(name)s's budget level, the other region's") % {"name": model.name}
        else:
            words = _("with %(name)s's own budget level") % {"name": region.name}
        found[label] = words
    return found


def column_labels(comparison: Comparison, budgets: dict[str, str]) -> list[str]:
    """The compared columns' labels, a model's with its budget level."""
    return [f"{c.label} ({budgets[c.label]})" if c.label in budgets else c.label for c in comparison.scenarios]


def comparison_tables(comparison: Comparison, budgets: dict[str, str] | None = None) -> list[Table]:
    """What the comparison page shows, as tables: components, results by form, year by year,
    every centre's change, the parameters that differ. ``budgets``: the model columns' budget levels
    (``model_budgets``), said in their headers."""
    labels = column_labels(comparison, budgets or {})
    value_columns = [Column(f"value_{i}", label, MNKR) for i, label in enumerate(labels)]
    difference_columns = [
        Column(f"difference_{i}", _("%(label)s: difference") % {"label": label}, MNKR)
        for i, label in enumerate(labels)
        if i
    ]
    money = [Column("figure", _("Figure"), TEXT), *value_columns, *difference_columns]

    def spread(values, differences) -> dict[str, Any]:
        row = {f"value_{i}": v for i, v in enumerate(values)}
        return row | {f"difference_{i}": d for i, d in enumerate(differences) if i}

    components = [{"figure": r["label"]} | spread(r["values"], r["differences"]) for r in component_rows(comparison)]
    forms = [{"figure": r["group"]} | spread(r["values"], r["differences"]) for r in form_rows(comparison)]
    shown = ("net_cost", "consolidated_cost", "loss_coverage", "region_run_balance")
    yearly = []
    for c in comparison.scenarios:
        for row in c.run["region"]:
            yearly.append({"scenario": c.label, "year": row["year"]} | {f: row[f] for f in shown})
    year_columns = [
        Column("scenario", _("Scenario"), TEXT),
        Column("year", _("Year"), YEAR),
        *(Column(f, figure_label(REGION, f), MNKR) for f in shown),
    ]
    centres = [
        {
            "scenario": r["label"],
            "name": row["name"],
            "form": row["form"],
            "municipality": row["municipality"],
            "difference": row["difference"],
        }
        for r in ranked(comparison)
        for row in r["rows"]
    ]
    centre_columns = [
        Column("scenario", _("Scenario"), TEXT),
        Column("name", _("Centre"), TEXT),
        Column("form", _("Operating form"), TEXT),
        Column("municipality", _("Municipality"), TEXT),
        Column("difference", _("Change of the summed result"), SEK),
    ]
    parameters = [
        {"parameter": d["parameter"]} | {f"value_{i}": v for i, v in enumerate(d["values"])}
        for d in parameter_differences(comparison)
    ]
    parameter_columns = [
        Column("parameter", _("Parameter"), TEXT),
        *(Column(f"value_{i}", label, TEXT) for i, label in enumerate(labels)),
    ]
    return [
        Table(_("Components"), money, components),
        Table(_("By operating form"), money, forms),
        Table(_("Year by year"), year_columns, yearly),
        Table(_("Centres"), centre_columns, centres),
        Table(_("Parameters"), parameter_columns, parameters),
    ]


def comparison_about(comparison: Comparison, region, budgets: dict[str, str] | None = None) -> About:
    lines = [(_("Region"), f"{region.name} ({region.code})"), (_("Reference"), comparison.reference.label)]
    budgets = budgets or {}
    for c in comparison.scenarios:
        scenario = c.scenario
        identity = f"id {scenario.pk}, {_('version')} {scenario.version}, " if scenario.pk else ""
        data = scenario_dataset(scenario).name
        level = f"; {budgets[c.label]}" if c.label in budgets else ""
        lines.append((_("Scenario"), f"{c.label} ({identity}{_('data')}: {data}{level}; hash {c.hash})"))
    for label, words in budgets.items():
        lines.append((_("Budget level"), f"{label}: {words}"))
    lines += [
        (_("Projected years"), f"{comparison.years[0]}–{comparison.years[-1]}"),
        (_("Units"), _units()),
        (_("Engine version"), comparison.engine_version),
        (_("Made"), timezone.localtime().strftime("%Y-%m-%d %H:%M")),
    ]
    return About(_("Vårdpeng: comparison of scenarios, %(region)s") % {"region": region.name}, lines)


def comparison_download(
    comparison: Comparison, region, kind: str, variant: str, models: ModelsChoice | None = None
) -> HttpResponse:
    """Excel (every table and the about sheet) or CSV (the components table, ``variant`` sv or
    machine); ``models``: the other regions' models the columns hold, whose budget level they say."""
    budgets = model_budgets(models, region)
    tables = comparison_tables(comparison, budgets)
    stem = _stem(region.code, _("comparison"), timezone.localdate().isoformat())
    if kind == "xlsx":
        return attachment(workbook(comparison_about(comparison, region, budgets), tables), XLSX, f"{stem}.xlsx")
    suffix = "-sv" if variant == "sv" else ""
    return attachment(csv_text(tables[0], variant), "text/csv; charset=utf-8", f"{stem}{suffix}.csv")
