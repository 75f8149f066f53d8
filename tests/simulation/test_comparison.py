"""The comparison's figures and words: parts that add up, groups that add up, sentences that carry
the projection's own numbers, and exports that hold what the page shows."""

import io

import pytest
from django.core.management import call_command
from openpyxl import load_workbook

from regions.models import Region
from simulation.core import numbers, summary
from simulation.presentation import narrative
from simulation.presentation.comparison import answers as answers_of
from simulation.presentation.comparison import comparison_build, component_rows, form_rows, group_tables, ranked
from simulation.presentation.downloads import comparison_tables


@pytest.fixture
def compared(db):
    call_command("load_demo", stdout=io.StringIO())
    region = Region.objects.get(code="AC")
    chosen = [region.scenarios.get(preset=p) for p in ("baseline", "motion-70-30", "intraprenad-all")]
    return comparison_build(chosen, chosen[0])


def test_where_the_net_cost_difference_comes_from_adds_up_to_it(compared):
    for other in compared.others:
        sources = narrative.cost_sources(compared.reference.run, other.run)

        difference = summary.scenario_difference(compared.reference.run, other.run).net_cost
        shown = sum(s["effect"] for s in sources)
        assert shown == pytest.approx(difference, abs=len(sources) * narrative.SAME_SEK + 1)


PRESET_REGIONS = ("AC", "U", "Z", "T")


def test_every_preset_comparisons_words_carry_the_tables_signs_and_their_parts_add_up(compared):
    """For every demo region's presets against its baseline: each part's change is its row's
    difference in the money table (same sign), its effect on the net cost follows R21's sign, an
    "of which" part and the rest of its whole add up to the whole in the same convention, and the
    effects add up to the difference in net cost."""
    checked = 0
    for code in PRESET_REGIONS:
        region = Region.objects.get(code=code)
        baseline = region.scenarios.get(preset="baseline")
        others = list(region.scenarios.exclude(preset="baseline").exclude(preset=""))
        comparison = comparison_build([baseline, *others[:3]], baseline)
        rows = {row["field"]: row for row in component_rows(comparison)}
        signs = {key: sign for key, sign, _part in narrative.COST_PARTS}
        for i, answer in enumerate(answers_of(comparison), start=1):
            for source in answer["sources"]:
                if source["key"] == "smaller":  # the parts under 0,05 mnkr together: an effect, no row
                    assert source["change"] is None and 0 < abs(source["effect"]) < 8 * narrative.SAME_SEK
                    continue
                if source["key"] in rows:
                    assert source["change"] == pytest.approx(rows[source["key"]]["differences"][i])
                assert source["effect"] == pytest.approx(signs[source["key"]] * source["change"])
                if source["parts"]:
                    part_key = source["parts"][0]["key"]
                    assert source["parts"][0]["change"] == pytest.approx(rows[part_key]["differences"][i])
                    assert sum(p["change"] for p in source["parts"]) == pytest.approx(source["change"])
                    assert sum(p["effect"] for p in source["parts"]) == pytest.approx(source["effect"])
                    for p in source["parts"]:
                        assert p["effect"] == pytest.approx(signs[source["key"]] * p["change"])
            shown = sum(s["effect"] for s in answer["sources"])
            # Every part shown (the smaller ones together): the effects add up to the krona.
            assert shown == pytest.approx(answer["net_cost_difference"], abs=1.0)
            assert answer["net_cost_difference"] == pytest.approx(rows["net_cost"]["differences"][i])
            checked += 1
    assert checked >= len(PRESET_REGIONS)


def test_the_page_shows_each_parts_change_as_the_table_does_and_the_total(client, compared):
    query = "&".join(f"s={c.scenario.pk}" for c in compared.scenarios) + f"&ref={compared.reference.scenario.pk}"

    page = client.get(f"/regions/AC/compare/?{query}").content.decode()

    motion = answers_of(compared)[0]
    goal = next(s for s in motion["sources"] if s["key"] == "goal_unpaid")
    row = f'<tr data-key="goal_unpaid"><th scope="row">{goal["part"]}</th><td class="num">'
    assert (
        row + numbers.signed_mnkr(goal["change"]) + '</td><td class="num">' + numbers.signed_mnkr(goal["effect"])
        in page
    )
    assert "Skillnad i nettokostnad" in page


def test_the_motion_is_cheaper_because_goal_pay_is_not_earned_and_says_so_with_the_tables_numbers(compared):
    motion = compared.others[0]

    sources = narrative.cost_sources(compared.reference.run, motion.run)
    headline = narrative.comparison_headline(compared.reference.label, compared.reference.run, motion.label, motion.run)

    goal = next(s for s in sources if "målrelaterad" in s["part"])
    unpaid = next(r for r in component_rows(compared) if r["field"] == "goal_unpaid")
    assert goal["change"] == pytest.approx(unpaid["differences"][1]) and goal["change"] > 0
    assert goal["effect"] == pytest.approx(-unpaid["differences"][1])
    difference = summary.scenario_difference(compared.reference.run, motion.run)
    assert numbers.mnkr(abs(difference.consolidated_cost)) in headline
    assert "mindre än Dagens regler och data" in headline


def test_an_answer_resting_on_goal_pay_not_earned_says_it_assumes_todays_goal_achievement(compared):
    motion, everyone = compared.others
    goal = next(s for s in narrative.cost_sources(compared.reference.run, motion.run) if s["key"] == "goal_unpaid")

    answers = {a["label"]: a for a in answers_of(compared)}

    said = {a["kind"]: a for a in answers[motion.label]["assumptions"]}
    assert goal["effect"] < 0 and abs(goal["effect"]) == max(
        abs(s["effect"]) for s in narrative.cost_sources(compared.reference.run, motion.run)
    )
    assert numbers.signed_mnkr(goal["effect"]) in said["goal"]["text"]
    assert f"({numbers.signed_mnkr(goal['change'])} i tabellen)" in said["goal"]["text"]  # as its table row
    assert "förutsätter att deras måluppfyllelse" in said["goal"]["text"] and "dagens nivå" in said["goal"]["text"]
    assert said["goal"]["url"] == f"/regions/AC/builder/?scenario={motion.scenario.pk}"
    assert "Måluppfyllelse över tid" in said["goal"]["link"]
    # The motion names no amount for the supplements: the demo's own assumption, with where to read it.
    assert "höjs med hälften" in said["demo"]["text"] and said["demo"]["url"] == "/method/#demodata-AC"
    # Converting to intraprenad moves loss coverage, not goal pay: nothing is said about goal achievement.
    assert "goal" not in {a["kind"] for a in answers[everyone.label]["assumptions"]}


def test_with_a_goal_trend_the_answer_assumes_the_trend_instead(compared):
    motion = compared.others[0]
    document = motion.document | {"levers": [{"type": "goal_trend", "goal": "phone_access", "from_year": 2025}]}

    said = narrative.goal_pay_assumption(compared.reference.run, motion.run, document)

    assert "utvecklas som scenariots trend säger" in said and "dagens nivå" not in said


def test_a_saving_carried_in_the_regions_own_units_is_said_to_be_one(compared):
    everyone = compared.others[1]

    headline = narrative.comparison_headline(
        compared.reference.label, compared.reference.run, everyone.label, everyone.run
    )

    assert "lika mycket som Dagens regler och data" in headline and "stannar i regionens egna enheter" in headline


def test_groups_of_centres_add_up_to_the_centres_total_change(compared):
    tables = group_tables(compared)
    total = [sum(row["difference"] for row in r["rows"]) for r in ranked(compared)]

    for table in tables:
        for i in range(len(compared.others)):
            assert sum(row["changes"][i] for row in table["rows"]) == pytest.approx(total[i], abs=1.0)
    assert {t["title"] for t in tables} == {"Glesbygd eller inte", "Kommun", "Storlek"}


def test_results_by_todays_form_do_not_move_when_centres_only_change_form(compared):
    rows = {r["group"]: r for r in form_rows(compared)}

    everyone = rows["egen regi"]["differences"][2]
    assert abs(everyone) < abs(rows["egen regi"]["values"][0]) / 10  # conversion: same centres, same results


def test_the_comparison_export_holds_the_tables_the_page_shows(compared):
    tables = {str(t.title): t for t in comparison_tables(compared)}

    components = tables["Delar"].rows
    assert [r["figure"] for r in components] == [r["label"] for r in component_rows(compared)]
    assert components[0]["value_0"] == summary.components(compared.reference.run).budget
    assert len(tables["År för år"].rows) == 3 * len(compared.years)


def test_the_comparison_workbook_opens_with_its_about_sheet(client, compared):
    query = "&".join(f"s={c.scenario.pk}" for c in compared.scenarios) + f"&ref={compared.reference.scenario.pk}"

    response = client.get(f"/regions/AC/compare/export.xlsx?{query}")

    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames[:2] == ["Om filen", "Delar"]
    about = [row[0].value for row in workbook["Om filen"].iter_rows(min_row=2)]
    assert about.count("Scenario") == 3 and "Motorversion" in about and "Referens" in about
    assert workbook["Delar"].cell(row=2, column=2).number_format == '#,##0.0,," mnkr"'


def test_the_money_table_adds_up_net_cost_consolidated_cost_balances_and_start_capital(compared):
    rows = {row["field"]: row for row in component_rows(compared)}

    for i in range(len(compared.scenarios)):
        value = {field: row["values"][i] for field, row in rows.items()}
        net = (
            value["compensation_paid"]
            + value["loss_coverage"]
            + value["drawdown"]
            - value["recovery"]
            + value["overhead_funded"]
        )
        assert value["net_cost"] == pytest.approx(net, rel=1e-9)
        absorbed = value["region_run_balance_change"] - value["start_capital"] + value["region_run_drawdown"]
        assert value["consolidated_cost"] == pytest.approx(value["net_cost"] - absorbed, rel=1e-9)


def test_a_conversion_with_start_capital_says_how_much_of_the_balance_change_is_start_capital(compared):
    conversion = compared.others[1]  # "intraprenad for every region-run centre", with start capital
    components = summary.components_difference(compared.reference.run, conversion.run)

    sentence = narrative.comparison_headline(
        compared.reference.label, compared.reference.run, conversion.label, conversion.run
    )

    assert components.start_capital > 1e6
    assert numbers.signed_mnkr(components.start_capital) in sentence
    assert "startkapital" in sentence


def test_a_scenario_carries_one_hash_in_the_comparison_its_export_and_its_explanation(compared):
    from simulation.presentation.downloads import comparison_about
    from simulation.services.scenarios import scenario_explain

    for c in compared.scenarios:
        explained = scenario_explain(c.scenario, 2025, centre=c.document["centres"][0]["id"])
        about = comparison_about(compared, c.scenario.region).lines

        assert c.hash == explained["scenario_hash"] == c.run["scenario_hash"]
        assert any(c.hash in value for _label, value in about)


@pytest.mark.parametrize(
    ("budget", "said"), [("other", "med Region Västmanlands budgetnivå"), ("own", "med Region Västerbottens egen")]
)
def test_the_files_and_the_print_page_say_which_budget_level_a_model_column_runs_with(client, compared, budget, said):
    query = "&".join(f"s={c.scenario.pk}" for c in compared.scenarios[:2]) + f"&models=U&budget={budget}"

    workbook = load_workbook(io.BytesIO(client.get(f"/regions/AC/compare/export.xlsx?{query}").content))
    csv = client.get(f"/regions/AC/compare/export.csv?{query}").content.decode("utf-8-sig")
    printed = client.get(f"/regions/AC/compare/print/?{query}").content.decode()

    about = {row[0].value: row[1].value for row in workbook["Om filen"].iter_rows(min_row=2)}
    assert about["Budgetnivå"].startswith("Region Västmanlands modell: ") and said in about["Budgetnivå"]
    header = csv.splitlines()[0]
    assert f"Region Västmanlands modell ({said}" in header
    assert "Dagens regler och data (mnkr)" in header  # a saved scenario runs with its own budget
    assert [c.value for c in workbook["Delar"][1]][-1].startswith(f"Region Västmanlands modell ({said}")
    assert f'<span class="budget-level">({said}' in printed


#: Names the pages once gave a rule parameter beside the rule-parameter table's.
OTHER_NAMES = ("Småenhetstillägg", "Glesbygdstillägg", "Avgift för besök hos annan vårdgivare", "vdrag för besök hos")


def test_a_rule_parameter_has_one_name_on_the_comparison(client, compared):
    from simulation.core.scenario import parameters

    query = "&".join(f"s={c.scenario.pk}" for c in compared.scenarios) + "&models=U,Z&budget=other"

    page = client.get(f"/regions/AC/compare/?{query}").content.decode()

    assert 'id="models-compared"' in page
    assert not [name for name in OTHER_NAMES if name in page]
    for path in ("compensation.sparsity_per_listed", "compensation.small_unit_amount"):
        assert parameters.parameter(path).label("sv") in page


def test_a_lever_names_a_new_unit_by_the_regions_name_not_its_id(compared):
    conversion = next(row for row in compared_differences(compared) if row["key"] == "levers")

    assert "i enheten Region Västerbottens intraprenad" in conversion["values"][2]
    assert "AC Intraprenad" not in " ".join(conversion["values"])


def compared_differences(compared):
    from simulation.presentation.comparison import parameter_differences

    return parameter_differences(compared)
