"""The words of explanations (§11.3): the core's sentences are entries of the pages' catalogue, in
the request's language, with numbers written the language's way."""

import ast
import re
import shutil
import subprocess
from gettext import GNUTranslations
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation

from simulation.core import numbers
from simulation.core.analysis import analyse, wording
from simulation.core.analysis.wording import Words, catalogue
from simulation.core.projection import scenario_project
from simulation.core.scenario import prepare
from tests.conftest import PROJECT, example

ANALYSIS = PROJECT / "simulation" / "core" / "analysis"
CATALOGUE = PROJECT / "locale" / "sv" / "LC_MESSAGES"
PLACEHOLDER = re.compile(r"%\((\w+)\)s")
#: Words that give a language away; the catalogue's own words are added below.
ENGLISH = {"the", "of", "is", "and", "by", "to", "from", "this", "year", "years", "not", "no", "none", "less", "only"}
SWEDISH = {"och", "av", "är", "för", "till", "inte", "år", "som", "från", "ingen", "inget", "kr", "regionen"}
#: Swedish terms an English text may use (STYLE: the real terms are kept).
SWEDISH_TERMS = {"intraprenad", "egen", "regi", "vårdcentral"}


def sentences() -> list[tuple[str, str | None]]:
    """Every sentence the core's explanations say: (msgid, msgid_plural) of each ``gettext`` and
    ``ngettext`` call with literal text in ``explain*.py`` and ``wording.py``."""
    found = []
    for path in [*ANALYSIS.glob("explain*.py"), ANALYSIS / "wording.py"]:
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
                literal = [a.value for a in node.args if isinstance(a, ast.Constant) and isinstance(a.value, str)]
                if node.func.attr == "gettext" and literal:
                    found.append((literal[0], None))
                elif node.func.attr == "ngettext" and len(literal) >= 2:
                    found.append((literal[0], literal[1]))
    return found


def words_of(text: str) -> set[str]:
    return {w.casefold() for w in re.findall(r"[^\W\d_]+", PLACEHOLDER.sub(" ", text))}


def explain(document: dict, **subject) -> dict:
    return analyse({"schema": "vardpeng.analysis/1", "kind": "explain", "scenario": document} | subject)


def every_explanation(name: str, language: str):
    """(subject, lines) of every centre-year and unit-year of every run of a worked example."""
    document = example(name)
    for run in scenario_project(prepare(document))["runs"]:
        for row in run["centres"]:
            subject = {"variant": run["variant"], "year": row["year"], "centre": row["centre_id"]}
            yield subject, explain(document, language=language, **subject)["lines"]
        for row in run["units"]:
            subject = {"variant": run["variant"], "year": row["year"], "unit": row["unit"]}
            yield subject, explain(document, language=language, **subject)["lines"]


def test_the_core_has_many_sentences_and_each_is_in_the_catalogue_in_swedish_with_its_placeholders():
    found = sentences()

    assert len(found) > 60
    swedish = catalogue("sv")
    for singular, plural in found:
        for count, english in ((1, singular), (2, plural or singular)):
            said = swedish.ngettext(singular, plural, count) if plural else swedish.gettext(singular)
            assert said != english, f"no Swedish for {english!r}"
            assert sorted(PLACEHOLDER.findall(said)) == sorted(PLACEHOLDER.findall(english)), said


def test_make_messages_finds_every_sentence_of_the_core(tmp_path):
    """`make messages` runs Django's makemessages, which runs xgettext on every Python file with
    gettext's keywords: the core's calls are found as they are written."""
    if shutil.which("xgettext") is None or shutil.which("msgfmt") is None:
        pytest.skip("GNU gettext is not installed")
    files = [str(p.relative_to(PROJECT)) for p in [*ANALYSIS.glob("explain*.py"), ANALYSIS / "wording.py"]]

    done = subprocess.run(
        ["xgettext", "--language=Python", "--from-code=UTF-8", "--no-wrap", "-o", "-", *files],
        cwd=PROJECT,
        capture_output=True,
        text=True,
        check=True,
    )

    extracted = {m.replace('\\"', '"') for m in re.findall(r'^msgid "(.+)"$', done.stdout, re.MULTILINE)}
    assert extracted == {singular for singular, _plural in sentences()}
    # The .po holds their translations, and the committed .mo the core reads is compiled from it.
    compiled = tmp_path / "django.mo"
    subprocess.run(["msgfmt", "-c", "-o", str(compiled), str(CATALOGUE / "django.po")], check=True)
    with compiled.open("rb") as file:
        fresh = GNUTranslations(file)
    assert all(fresh.gettext(m) == catalogue("sv").gettext(m) != m for m in extracted)


def test_the_core_reads_the_catalogue_the_pages_read():
    message = "Premises: %(base)s in the base year × price index %(index)s → %(premises)s."
    figures = {"base": "1", "index": "2", "premises": "3"}

    with translation.override("sv"):
        pages = translation.gettext(message) % figures

    assert Path(wording.CATALOGUE_DIR) in [Path(p) for p in settings.LOCALE_PATHS]
    assert Words("sv").gettext(message, **figures) == pages == "Lokaler: 1 i basåret × prisindex 2 → 3."


@pytest.mark.parametrize("name", ["tiny", "ledger"])
@pytest.mark.slow  # every line of both worked examples in both languages
def test_no_english_word_in_a_swedish_explanation_and_no_swedish_word_in_an_english_one(name):
    english_vocabulary = set().union(*(words_of(s) | words_of(p or "") for s, p in sentences()))
    swedish_vocabulary = set().union(*(words_of(catalogue("sv").gettext(s)) for s, _p in sentences()))
    english_only = (english_vocabulary - swedish_vocabulary) | ENGLISH
    swedish_only = (swedish_vocabulary - english_vocabulary) | SWEDISH
    names = set().union(*(words_of(c["name"]) for c in example(name)["centres"]))
    checked = 0
    for language, foreign in (("sv", english_only), ("en", swedish_only - SWEDISH_TERMS)):
        for subject, lines in every_explanation(name, language):
            for line in lines:
                stray = (words_of(line["text"]) - names) & foreign
                assert not stray, (language, subject, line["field"], stray, line["text"])
                checked += 1
    assert checked > 200


@pytest.mark.parametrize("name", ["tiny", "ledger"])
@pytest.mark.slow  # every line of both worked examples in both languages
def test_both_languages_say_the_same_lines_and_mark_the_same_rounded_figures(name):
    swedish, english = every_explanation(name, "sv"), every_explanation(name, "en")
    rounded = 0
    for (subject, sv_lines), (_same, en_lines) in zip(swedish, english, strict=True):
        for sv, en in zip(sv_lines, en_lines, strict=True):
            assert {k: v for k, v in sv.items() if k != "text"} == {k: v for k, v in en.items() if k != "text"}
            assert ("(avrundade tal)" in sv["text"]) == ("(figures rounded)" in en["text"]), (subject, sv, en)
            assert " 1 years" not in en["text"]
            rounded += "(avrundade tal)" in sv["text"]
    assert rounded > 0


def test_numbers_are_written_the_languages_way():
    lines = {
        language: {
            line["field"]: line
            for line in explain(example("ledger"), year=2025, centre="N1", language=language)["lines"]
        }
        for language in ("sv", "en")
    }

    achieved = [float(v) for k, v in lines["sv"]["revenue_goals"]["inputs"].items() if k.startswith("phi_")]
    for language, separator in (("sv", ","), ("en", ".")):
        goals = lines[language]["revenue_goals"]["text"]
        with numbers.language_of(language):
            assert numbers.percent(achieved[0], 0) in goals
            assert numbers.kr(lines[language]["revenue_total"]["value"]) in lines[language]["revenue_total"]["text"]
        assert separator in lines[language]["cost_premises"]["text"]
    assert "\u00a0kr" in lines["sv"]["result"]["text"] and "\u00a0SEK" in lines["en"]["result"]["text"]


@pytest.mark.parametrize(("active", "asked", "first_word"), [("en", "sv", "Kapitering:"), ("sv", "en", "Capitation:")])
def test_the_explanation_is_in_the_requests_language_whatever_language_the_process_has_active(
    active, asked, first_word
):
    """A worker, the CLI and a page's request may have any language active; the text follows the
    request (§11)."""
    plain = explain(example("tiny"), year=2024, centre="A", language=asked)

    with translation.override(active):
        under_another = explain(example("tiny"), year=2024, centre="A", language=asked)

    assert under_another["lines"] == plain["lines"]
    assert under_another["lines"][0]["text"].startswith(first_word)


def test_a_list_of_names_is_said_in_the_language():
    names = ["Norra", "Nedre", "Egen Ett", "Egen Två", "Privat Ett"]

    assert Words("sv").names(names[:2]) == "Norra och Nedre"
    assert Words("en").names(names[:3]) == "Norra, Nedre and Egen Ett"
    assert Words("sv").names(names) == "Norra, Nedre, Egen Ett och 2 till"
    assert Words("en").names(names) == "Norra, Nedre, Egen Ett and 2 more"
