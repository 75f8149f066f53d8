"""The demo data holds to what its sources say: every figure cites its source or is marked an
assumption (and every quote is the source's own words), the calibrated aggregates come out, and no
region lists more patients than it has inhabitants."""

import re
from pathlib import Path

import numpy as np
import pytest

from regions import demo
from regions.demo import JAMTLAND, NARVARDEN, SOURCES, VASTERBOTTEN, VASTMANLAND
from simulation.core.projection import scenario_project
from simulation.core.scenario import SCHEMA, prepare
from tests.conftest import PROJECT

EVERY_PROFILE = (*demo.PROFILES, demo.NATIONAL)
SOURCE_TEXTS = PROJECT.parent / "shared" / "sources"


@pytest.fixture(scope="module")
def records():
    return {p.code: demo.centres(p) for p in EVERY_PROFILE}


def base_year(profile, records):
    """The region's rules run on its demo data for the base year only: the projection's rows."""
    document = {"schema": SCHEMA, "name": "demo", "base_year": demo.BASE_YEAR, "horizon": 1}
    document |= demo.rules(profile) | {"centres": records}
    return scenario_project(prepare(document))["runs"][0]


def words(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


@pytest.mark.parametrize("profile", EVERY_PROFILE, ids=lambda p: p.code)
def test_every_demo_parameter_cites_a_source_or_is_marked_an_assumption(profile):
    bases = demo.parameter_bases(profile)

    missing = [key for key in demo.demo_parameters(profile) if key not in bases]
    invalid = [key for key, basis in bases.items() if not (basis.is_cited or basis.is_assumption)]
    unknown_sources = [key for key, basis in bases.items() if basis.source and basis.source not in SOURCES]
    half_cited = [key for key, basis in bases.items() if basis.source and not (basis.place and basis.quote)]

    assert missing == [] and invalid == [] and unknown_sources == [] and half_cited == []


@pytest.mark.parametrize("profile", EVERY_PROFILE, ids=lambda p: p.code)
def test_a_regions_own_bases_name_only_figures_it_has(profile):
    assert set(profile.basis) <= set(demo.demo_parameters(profile))


@pytest.mark.skipif(not SOURCE_TEXTS.is_dir(), reason="the source documents are beside the project only")
def test_every_quote_is_the_source_documents_own_words():
    quoted = [
        (profile.code, key, basis)
        for profile in EVERY_PROFILE
        for key, basis in demo.parameter_bases(profile).items()
        if basis.quote
    ]
    texts = {key: words((SOURCE_TEXTS / source.file).read_text()) for key, source in SOURCES.items()}

    wrong = [(code, key) for code, key, basis in quoted if words(basis.quote) not in texts[basis.source]]

    assert len(quoted) > 40
    assert wrong == []


@pytest.mark.parametrize("profile", EVERY_PROFILE, ids=lambda p: p.code)
def test_listed_patients_never_exceed_the_regions_population(profile, records):
    listed = sum(r["listed"] for r in records[profile.code])

    assert listed <= profile.population
    assert listed >= 0.99 * profile.population  # every inhabitant listed, as the basis says


def test_vasterbotten_has_the_motions_38_centres_of_which_5_private_all_region_run_in_deficit(records):
    run = base_year(VASTERBOTTEN, records["AC"])

    forms = [r["operating_form"] for r in records["AC"]]
    assert (len(forms), forms.count("private")) == (38, 5)
    assert all(c["result"] < 0 for c in run["centres"] if c["operating_form"] != "private")


def test_narvarden_is_calibrated_to_the_evaluations_figures_for_2024(records):
    narvarden = [r for r in records["U"] if r["unit"] == NARVARDEN]
    listed = np.array([r["listed"] for r in narvarden])
    run = base_year(VASTMANLAND, records["U"])

    hired = sum(r["hired_cost"] for r in narvarden) / sum(r["hired_cost"] + r["staff_cost"] for r in narvarden)
    assert hired == pytest.approx(0.105, abs=5e-5)  # "10,5 % år 2024"
    assert np.average([r["phone_access"] for r in narvarden], weights=listed) == pytest.approx(0.88, abs=5e-4)
    assert np.average([r["assessment_3d"] for r in narvarden], weights=listed) == pytest.approx(0.78, abs=5e-4)
    assert listed.sum() == 117_500  # "över 117 000 år 2023"
    assert 0.41 <= run["region"][0]["by_form"]["intraprenad"]["market_share"] <= 0.42
    unit = next(u for u in run["units"] if u["unit"] == NARVARDEN)
    assert unit["result"] == pytest.approx(5_800_000, rel=1e-6)
    assert unit["balance_open"] == pytest.approx(86_100_000 - 5_800_000 + 17_000_000, abs=20)


def test_jamtland_carries_its_deficits_within_three_years_as_ls_42_2010_says(records):
    policy = demo.rules(JAMTLAND)["ledger"]["egen_regi"]
    run = base_year(JAMTLAND, records["Z"])
    egen_regi = [r for r in records["Z"] if r["operating_form"] == "egen_regi"]

    assert (policy["deficit"], policy["restoration_years"], policy["surplus_retention"]) == ("carried", 3, 1.0)
    assert policy["surplus_expiry_years"] == 3  # "underskott eller överskott skall återställas de tre kommande åren"
    units = {r["unit"] for r in egen_regi}
    assert len(units) == 8 and all(u.startswith("NVO ") for u in units)  # one närvårdsområde per municipality
    assert sum(r["overhead_cost"] for r in egen_regi) == pytest.approx(18_000_000, abs=100)  # 3 × ca 6 mnkr
    assert run["region"][0]["by_form"]["egen_regi"]["result"] < 0  # "årligen haft ett minusresultat på totalen"
    assert "jamtland-2010" not in demo.preset_keys(JAMTLAND)  # its own rules: nothing to change
    assert "jamtland-2018" in demo.preset_keys(JAMTLAND)


def test_no_demo_text_applies_skelleftea_norsjos_list_size_to_a_whole_region():
    texts = [p["description"] for profile in EVERY_PROFILE for p in demo.presets(profile, [])]
    texts += [
        basis.note + basis.assumed for profile in EVERY_PROFILE for basis in demo.parameter_bases(profile).values()
    ]
    texts.append(demo.__doc__ or "")

    assert not [t for t in texts if "1 485 listade per allmänläkare" in t or "i dag planeras 1 485" in t]
    assert all("Skellefteå/Norsjö" in t for t in texts if "1 485" in t)


def test_every_demo_presets_parameters_have_a_basis():
    for profile in EVERY_PROFILE:
        offered = {p["preset"] for p in demo.presets(profile, [])} - {"baseline"}
        bases = demo.parameter_bases(profile)

        assert {key for key in offered if f"presets.{key}" not in bases} == set(), profile.code


def test_the_source_documents_are_where_the_demo_says():
    files = {source.file for source in SOURCES.values()}

    assert len(files) == len(SOURCES)
    assert all(re.fullmatch(r"\d{3}_[0-9a-f]{16}\.txt", f) for f in files)
    if SOURCE_TEXTS.is_dir():
        assert files <= {p.name for p in Path(SOURCE_TEXTS).iterdir()}
