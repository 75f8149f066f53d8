"""The comparison reads the summary stored beside a cached projection (issue 27): what it shows
from the summary is what it would show from the whole runs, and a comparison of cached scenarios
parses no projection and validates no document."""

import io

import pytest
from django.core.management import call_command

from regions.models import Region
from simulation.presentation import comparison
from simulation.presentation.comparison import Compared, Comparison, comparison_build
from simulation.services import projections
from simulation.services.projections import scenario_run


@pytest.fixture
def chosen(db):
    call_command("load_demo", stdout=io.StringIO())
    region = Region.objects.get(code="AC")
    return [region.scenarios.get(preset=p) for p in ("baseline", "motion-70-30", "intraprenad-all", "uncertainty")]


def from_whole_runs(chosen) -> Comparison:
    """The comparison as it was built before summaries: every scenario's whole run and document."""
    done = [scenario_run(s) for s in chosen]
    return Comparison(
        [
            Compared(s.name, s, d.projection["runs"][0], d.document, d.projection["runs"][0]["scenario_hash"])
            for s, d in zip(chosen, done, strict=True)
        ],
        done[0].projection["years"],
    )


def close(shown, expected):
    """Equal, numbers to a millionth of a krona (a sum in another order may differ in its last bit)."""
    if isinstance(expected, float):
        return shown == pytest.approx(expected, abs=1e-6)
    if isinstance(expected, dict):
        return shown.keys() == expected.keys() and all(close(shown[k], expected[k]) for k in expected)
    if isinstance(expected, list | tuple):
        return len(shown) == len(expected) and all(close(a, b) for a, b in zip(shown, expected, strict=True))
    return shown == expected


@pytest.mark.parametrize(
    "shows",
    [
        comparison.component_rows,
        comparison.form_rows,
        comparison.group_tables,
        comparison.ranked,
        comparison.answers,
        comparison.figures,
        comparison.parameter_differences,
    ],
)
def test_the_summary_shows_what_the_whole_runs_show(chosen, shows):
    whole = from_whole_runs(chosen)
    light = comparison_build(chosen, chosen[0])

    assert [c.hash for c in light.scenarios] == [c.hash for c in whole.scenarios]
    assert close(shows(light), shows(whole))


def test_a_comparison_of_cached_scenarios_parses_no_projection_and_validates_no_document(chosen, monkeypatch):
    comparison_build(chosen, chosen[0])  # fills the cache

    def refuse(*args, **kwargs):
        raise AssertionError("the comparison must read summaries only")

    monkeypatch.setattr(projections, "prepare", refuse)
    monkeypatch.setattr(projections.StoredProjection, "projection", refuse)
    monkeypatch.setattr(projections.StoredProjection, "json", refuse)

    again = comparison_build(chosen, chosen[0])
    assert len(again.scenarios) == 4 and comparison.component_rows(again)


def test_the_page_lists_the_largest_gains_and_losses_and_the_download_every_centre(chosen):
    compared = comparison_build(chosen, chosen[0])
    every = comparison.ranked(compared)
    ends = comparison.ranked(compared, 5)

    for all_rows, shown in zip(every, ends, strict=True):
        assert shown["total"] == len(all_rows["rows"]) > 10
        assert shown["rows"] == all_rows["rows"][:5] + all_rows["rows"][-5:]
