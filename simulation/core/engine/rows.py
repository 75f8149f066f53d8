"""The rows of a deterministic run (§7): every centre-year, unit-year and region-year, and the
intermediate figures of the year an explanation asks for (§11.3)."""

from __future__ import annotations

import numpy as np

from simulation.core.engine.detail import YearDetail, unit_column
from simulation.core.engine.fields import BOOKED_FIELDS, CENTRE_FIELDS, UNIT_FIELDS
from simulation.core.engine.frames import Columns
from simulation.core.engine.inputs import FORMS, PRIVATE
from simulation.core.engine.ledger import UnitYear
from simulation.core.engine.year import Setting, Year, region_run_figures


class RowRecorder:
    """Keeps every row of a run of one path (D = 1), and the visit price of each year (R10), on
    which the Monte Carlo draws of the same model are paid (R24)."""

    def __init__(self, setting: Setting, detail_year: int | None = None) -> None:
        self.setting = setting
        self.detail_year = detail_year
        horizon = setting.model.horizon
        self.visit_price = np.zeros(horizon)
        self.centres: dict[str, list[np.ndarray]] = {name: [] for name in CENTRE_FIELDS}
        self.units: list[dict[str, np.ndarray]] = []  # per year, the units with centres
        self.region: list[dict[str, float]] = []  # by_form flattened: 'private.listed'
        self.detail: YearDetail | None = None

    def record(self, year: Year) -> None:
        self.visit_price[year.t] = year.centres.pay.visit_price[0]
        if year.t == self.detail_year:
            self.detail = self._detail(year)
        self._centre_rows(year)
        self._unit_rows(year)
        self._region_row(year)

    def _centre_rows(self, year: Year) -> None:
        c, pay, spend = year.centres, year.centres.pay, year.centres.spend
        columns = {
            "listed": c.listed,
            "revenue_capitation": pay.capitation,
            "revenue_sparsity": pay.sparsity,
            "revenue_small_unit": pay.small_unit,
            "revenue_goals": pay.goals,
            "revenue_visits": pay.visits,
            "revenue_patient_fees": pay.patient_fees,
            "deduction_outside_visits": pay.deduction,
            "revenue_vat": pay.vat,
            "revenue_neutrality": c.neutrality,
            "revenue_total": c.revenue_total,
            "cost_staff": spend.staff,
            "cost_hired": spend.hired,
            "cost_premises": spend.premises,
            "cost_other": spend.other,
            "cost_overhead": spend.overhead,
            "cost_total": c.cost_total,
            "result": c.result,
            "overhead_funded": spend.overhead_funded,
        }
        for name, values in columns.items():
            self.centres[name].append(values[0])

    def _unit_rows(self, year: Year) -> None:
        """The units with centres this year, in the order of their first centre: the order a reader
        of the centre list expects."""
        structure, t, units = self.setting.structure, year.t, year.units
        unit_count, count = len(structure.unit_ids), len(year.unit_of)
        booked = {name: np.zeros(unit_count) for name in BOOKED_FIELDS}
        for group in units.groups:
            for name in booked:
                booked[name][group.units] = getattr(group.moved, name)[0]
        first_centre = np.full(unit_count, count)
        present, first = np.unique(year.unit_of, return_index=True)  # np.minimum.at took 5 ms at 20 000 centres
        first_centre[present] = first
        idx = np.flatnonzero(structure.active[t])
        idx = idx[np.argsort(first_centre[idx], kind="stable")]
        self.units.append(
            {
                "index": idx,
                "form": structure.unit_forms[t][idx],
                "result": units.result[0, idx],
                "return_requirement": units.policy.return_requirement[idx],
                "start_capital": np.where(units.starting[idx], structure.start_capital[t][idx], 0.0),
            }
            | {name: booked[name][idx] for name in booked}
        )

    def _region_row(self, year: Year) -> None:
        c, region, pay = year.centres, year.region, year.centres.pay
        listed, result = c.listed[0], c.result[0]
        listed_total = listed.sum()
        by_form = {}
        for f, name in enumerate(FORMS):
            mine = year.forms == f
            form_listed = listed[mine].sum()
            by_form[f"{name}.listed"] = float(form_listed)
            by_form[f"{name}.market_share"] = float(form_listed / listed_total) if listed_total > 0 else 0.0
            by_form[f"{name}.result"] = float(result[mine].sum())
        self.region.append(
            {
                "year": int(self.setting.model.years[year.t]),
                "listed": float(listed_total),
                "budget": float(pay.budget[0]),
                "compensation_paid": float(region.compensation_paid[0]),
                "goal_unpaid": float(pay.goal_pot[0] - pay.goals[0].sum()),
                "loss_coverage": float(region.loss_coverage[0]),
                "recovery": float(region.recovery[0]),
                "drawdown": float(region.drawdown[0]),
                "neutrality_paid": float(c.neutrality[0].sum()),
                "overhead_funded": float(region.overhead_funded[0]),
                "net_cost": float(region.net_cost[0]),
                "consolidated_cost": float(region.consolidated_cost[0]),
                "region_run_balance": float(region.region_run_balance[0]),
            }
            | by_form
        )

    def _detail(self, year: Year) -> YearDetail:
        setting, t, c = self.setting, year.t, year.centres
        effects, structure = setting.effects, setting.structure
        loss_coverage_region_run, listed_region_run = region_run_figures(
            c.listed, year.forms == PRIVATE, year.units.region_run.moved
        )
        booked: dict[int, UnitYear] = {
            int(u): unit_column(group.moved, i) for group in year.units.groups for i, u in enumerate(group.units)
        }
        return YearDetail(
            t=t,
            volumes=c.volumes,
            pay=c.pay,
            spend=c.spend,
            base=setting.base,
            efficiency=effects.efficiency[t],
            overhead_reduction=effects.overhead_reduction[t],
            overhead_funded_share=effects.overhead_funded[t],
            gp_phase=effects.gp_phase[t],
            listed_per_gp=effects.listed_per_gp[t],
            hired_cost_share=effects.hired_cost_share[t],
            volume_factor=c.volume_factor,
            base_achievements=dict(setting.model.centres.achievements),
            index_w=float(setting.index_w[0, t]),
            index_p=float(setting.index_p[0, t]),
            listed_region_run=float(listed_region_run[0, 0]),
            loss_coverage_region_run=float(loss_coverage_region_run[0, 0]),
            neutrality=c.neutrality,
            result=c.result,
            policy=year.units.policy,
            unit_ids=structure.unit_ids,
            unit_of=year.unit_of,
            unit_forms=structure.unit_forms[t],
            unit_result=year.units.result,
            start_capital=structure.start_capital[t],
            booked=booked,
        )

    def centre_table(self) -> Columns:
        """The centre-years (§7 ``centres``), year by year."""
        model, structure = self.setting.model, self.setting.structure
        count = model.centres.count
        columns = {
            "centre_id": np.tile(np.array(model.centres.ids, dtype=object), model.horizon),
            "year": np.repeat(model.years, count),
            "operating_form": np.array(FORMS, dtype=object)[structure.forms.ravel()],
            "unit": np.array(structure.unit_ids, dtype=object)[structure.unit_of.ravel()],
        }
        columns |= {name: np.concatenate(self.centres[name]) for name in CENTRE_FIELDS}
        return columns

    def unit_table(self) -> Columns:
        """The unit-years (§7 ``units``), year by year: one frame from the years' arrays (a frame
        per year, then concatenated, took a third of a small run)."""
        model, structure = self.setting.model, self.setting.structure
        unit_ids = np.array(structure.unit_ids, dtype=object)
        forms = np.array(FORMS, dtype=object)
        columns = {
            "unit": unit_ids[np.concatenate([booked["index"] for booked in self.units])],
            "year": np.repeat(model.years, [len(booked["index"]) for booked in self.units]),
            "operating_form": forms[np.concatenate([booked["form"] for booked in self.units])],
        }
        columns |= {name: np.concatenate([booked[name] for booked in self.units]) for name in UNIT_FIELDS}
        return columns

    def region_table(self) -> Columns:
        """The region-years (§7 ``region``), by_form flattened into columns such as ``private.listed``."""
        return {name: np.array([row[name] for row in self.region]) for name in self.region[0]}
