"""The rules page (issue 23): every parameter grouped with its Swedish label and the value in force;
analysts edit, preview and save a new version, restore an old one, download and upload the rules."""

import io
import json

import pytest
import yaml
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from regions.models import Region, Role, Rulebook, RulebookVersion

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(client):
    call_command("load_demo", stdout=io.StringIO())
    return client


def _sign_in(client, code="AC", kind=Role.Kind.ANALYST):
    user = get_user_model().objects.create_user(f"ada-{code}")
    role = Role.objects.create(user=user, kind=kind)
    role.regions.set([Region.objects.get(code=code)])
    client.force_login(user)
    return client


def _rules(code="AC") -> Rulebook:
    return Rulebook.objects.filter(region__code=code).order_by("-effective_from").first()


def test_the_rules_page_shows_every_group_and_fast_andel_with_its_value_to_everyone(demo):
    page = demo.get("/regions/AC/rules/").content.decode()

    assert "Fast andel" in page and "87\N{NO-BREAK SPACE}%" in page
    for group in ("Budget och uppräkning", "Tillägg", "Målrelaterad ersättning", "Resultat: intraprenad"):
        assert group in page
    assert "År innan sparat överskott förfaller" in page
    assert 'name="compensation.fixed_share"' not in page  # read-only without a role
    assert 'href="/regions/AC/rules/"' in demo.get("/regions/AC/").content.decode()


def test_an_analyst_previews_a_change_and_saving_publishes_a_dated_value(demo):
    client = _sign_in(demo)
    before = RulebookVersion.objects.filter(region__code="AC").count()

    preview = client.post(
        "/regions/AC/rules/",
        {
            "action": "preview",
            "change_year": "2026",
            "compensation.fixed_share": "70",
            "ledger.intraprenad.deficit": "carried",
            "compensation.goals.phone_access.used": "on",
            "compensation.goals.assessment_3d.used": "on",
        },
    )
    page = preview.content.decode()

    assert preview.status_code == 200, page[:2000]
    assert "från 2026: 70" in page and 'id="preview-money"' in page and "Nettokostnad" in page
    assert RulebookVersion.objects.filter(region__code="AC").count() == before  # nothing saved yet
    form = {"action": "save", "rules": _hidden(page, "rules"), "version": _hidden(page, "version")}
    saved = client.post("/regions/AC/rules/", form)
    assert saved.status_code == 302
    assert _rules().rules["compensation"]["fixed_share"] == {"2024": 0.87, "2026": 0.7}


def test_a_fixed_share_of_150_percent_is_refused_at_its_field_in_the_pages_words(demo):
    client = _sign_in(demo)

    response = client.post(
        "/regions/AC/rules/", {"action": "preview", "change_year": "2024", "compensation.fixed_share": "150"}
    )

    page = response.content.decode()
    assert response.status_code == 400
    assert 'href="#f-compensationfixed_share"' in page and 'id="f-compensationfixed_share"' in page
    assert "Fast andel får vara högst 100 %" in page and 'aria-invalid="true"' in page


def test_restore_asks_first_then_publishes_the_old_version_again(demo):
    client = _sign_in(demo)
    first = _rules()
    original = first.rules
    changed = json.loads(json.dumps(original))
    changed["compensation"]["budget_per_listed"] = 5000
    client.post("/regions/AC/rules/", {"action": "save", "rules": json.dumps(changed), "version": first.version})

    confirm = client.post("/regions/AC/rules/", {"action": "restore-confirm", "number": first.version})
    done = client.post("/regions/AC/rules/", {"action": "restore", "number": first.version})

    assert "5\N{NO-BREAK SPACE}000" in confirm.content.decode()
    assert done.status_code == 302 and _rules().rules == original


def test_the_rules_download_as_yaml_and_upload_again_to_a_preview(demo):
    client = _sign_in(demo)

    text = client.get("/regions/AC/rules/download.yaml").content
    body = yaml.safe_load(text)
    body["rules"]["compensation"]["goal_share"] = 0.2
    upload = SimpleUploadedFile("regler.yaml", yaml.safe_dump(body).encode())
    preview = client.post("/regions/AC/rules/", {"action": "upload", "file": upload})
    broken = client.post(
        "/regions/AC/rules/",
        {"action": "upload", "file": SimpleUploadedFile("x.json", b'{"compensation": {"fixed_share": 2}}')},
    )

    assert body["rules"]["compensation"]["fixed_share"] == 0.87
    assert preview.status_code == 200 and "Målrelaterad andel: 30" in preview.content.decode()
    assert broken.status_code == 400 and "compensation.fixed_share" in broken.content.decode()


def test_another_regions_analyst_cannot_post_changes(demo):
    client = _sign_in(demo, code="U")

    response = client.post("/regions/AC/rules/", {"action": "preview", "compensation.fixed_share": "70"})

    assert response.status_code == 403


def _hidden(page: str, name: str) -> str:
    import html
    import re

    return html.unescape(re.search(rf'name="{name}" value="([^"]*)"', page).group(1))


def test_the_comparison_adds_vastmanlands_model_on_vasterbottens_data(demo):
    page = demo.get("/regions/AC/compare/?models=U").content.decode()

    assert 'id="models-offer"' in page and 'value="U" id="model-U" checked' in page
    assert "Västmanlands modell" in page and 'id="models-compared"' in page
    assert "Fast andel: 87\N{NO-BREAK SPACE}% → 85\N{NO-BREAK SPACE}%" in page


def test_the_comparison_says_which_budget_level_is_shown(demo):
    own = demo.get("/regions/AC/compare/?models=U").content.decode()
    other = demo.get("/regions/AC/compare/?models=U&budget=other").content.decode()

    assert 'value="own" id="budget-own" checked' in own and 'value="other" id="budget-other" checked' in other
    assert "Budget per listad" not in own.split('id="models-compared"')[1].split("</section>")[0]
    assert "Budget per listad: 4\N{NO-BREAK SPACE}300" in other


def test_the_national_overview_shows_each_region_per_listed_from_its_own_baseline(demo):
    page = demo.get("/national/").content.decode()

    assert '<table id="national"' in page and "<caption>" in page
    for name in ("Västerbotten", "Västmanland", "Jämtland", "Örebro"):
        assert name in page
    assert "kr per listad" in page or "SEK per listed" in page
    # Västerbotten's row holds its own baseline's net cost per listed in the base year.
    from simulation.core.numbers import number
    from simulation.models import Scenario
    from simulation.services.scenarios import scenario_run

    first = scenario_run(Scenario.objects.get(region__code="AC", preset="baseline")).projection["runs"][0]["region"][0]
    row = page.split("Region Västerbotten</a>")[1].split("</tr>")[0]
    assert number(first["net_cost"] / first["listed"]) in row


def test_rules_that_break_the_baseline_are_refused_at_the_field_in_swedish_and_not_saved(demo):
    """Fast andel 1,5 % from 2026 makes Västerbotten's supplements exceed the fixed pot (R8): the
    preview refuses at the field in Swedish and offers no save; a crafted save is refused too."""
    client = _sign_in(demo)
    before = RulebookVersion.objects.filter(region__code="AC").count()
    rules = _rules().rules

    preview = client.post(
        "/regions/AC/rules/", {"action": "preview", "change_year": "2026", "compensation.fixed_share": "1,5", **_GOALS}
    )
    broken = json.loads(json.dumps(rules))
    broken["compensation"]["fixed_share"] = {"2024": 0.87, "2026": 0.015}
    saved = client.post(
        "/regions/AC/rules/", {"action": "save", "rules": json.dumps(broken), "version": _rules().version}
    )
    upload = SimpleUploadedFile("r.json", json.dumps({"rules": broken}).encode())
    uploaded = client.post("/regions/AC/rules/", {"action": "upload", "file": upload})

    page = preview.content.decode()
    assert preview.status_code == 400 and 'id="rules-save"' not in page
    assert "Fast andel: år 2026 överstiger tilläggen" in page and "exceed" not in page
    assert saved.status_code == 302 and RulebookVersion.objects.filter(region__code="AC").count() == before
    assert uploaded.status_code == 400 and "överstiger tilläggen" in uploaded.content.decode()
    assert "Scenariot kan inte beräknas" not in client.get("/regions/AC/").content.decode()


@pytest.mark.parametrize(("typed", "expected"), [("4 400", 4400), ("4400", 4400), ("4\N{NO-BREAK SPACE}400", 4400)])
def test_a_budget_typed_with_thousands_is_read_as_thousands(demo, typed, expected):
    client = _sign_in(demo)
    page = client.post(
        "/regions/AC/rules/",
        {"action": "preview", "change_year": "2024", "compensation.budget_per_listed": typed, **_GOALS},
    ).content.decode()

    assert json.loads(_hidden(page, "rules"))["compensation"]["budget_per_listed"] == expected


def test_a_budget_typed_with_a_dot_between_thousands_is_refused_not_read_as_decimals(demo):
    client = _sign_in(demo)

    response = client.post(
        "/regions/AC/rules/", {"action": "preview", "change_year": "2024", "compensation.budget_per_listed": "4.400"}
    )

    assert response.status_code == 400
    assert "4.400 är tvetydigt" in response.content.decode()


def test_a_share_takes_a_percent_sign_and_its_help_says_it_is_in_per_cent(demo):
    client = _sign_in(demo)
    form = client.get("/regions/AC/rules/").content.decode()
    page = client.post(
        "/regions/AC/rules/",
        {"action": "preview", "change_year": "2024", "compensation.fixed_share": "90 %", **_GOALS},
    ).content.decode()

    assert "Skriv i procent, till exempel 70 (0,5 betyder en halv procent)." in form
    assert json.loads(_hidden(page, "rules"))["compensation"]["fixed_share"] == 0.9


_GOALS = {"compensation.goals.phone_access.used": "on", "compensation.goals.assessment_3d.used": "on"}


def test_an_uploaded_file_without_the_ledger_is_refused_at_the_file_in_swedish(demo):
    client = _sign_in(demo)
    body = yaml.safe_load(client.get("/regions/AC/rules/download.yaml").content)
    del body["rules"]["ledger"]

    response = client.post(
        "/regions/AC/rules/", {"action": "upload", "file": SimpleUploadedFile("r.yaml", yaml.safe_dump(body).encode())}
    )

    assert response.status_code == 400 and "Resultatreglerna: måste anges" in response.content.decode()
    assert "horizon" not in body["rules"] and "neutrality_compensation" in body["rules"]


def test_a_changed_choice_says_it_applies_to_the_whole_rulebook_not_the_later_year(demo):
    """Choices are not dated (§2): a preview for 2028 must not claim the ledger policy waits for 2028."""
    client = _sign_in(demo)

    page = client.post(
        "/regions/AC/rules/",
        {
            "action": "preview",
            "change_year": "2028",
            "compensation.fixed_share": "80",
            "ledger.intraprenad.deficit": "borne",
            **_GOALS,
        },
    ).content.decode()

    assert "Intraprenad: underskott" in page or "Intraprenad:" in page
    assert "gäller hela regelboken (från 2024): val kan inte dateras" in page
    assert "från 2028: 80" in page
    applies = page[page.index('id="applies"') :].split("</p>")[0]
    assert "från 2028" in applies and "hela regelboken (från 2024)" in applies


def test_goal_problems_are_shown_at_the_goals_fields_in_swedish_without_paths(demo):
    client = _sign_in(demo)

    response = client.post(
        "/regions/AC/rules/",
        {"action": "preview", "change_year": "2024", "compensation.goals.phone_access.used": "on"},
    )
    floor = client.post(
        "/regions/AC/rules/",
        {"action": "preview", "change_year": "2024", "compensation.goals.phone_access.target": "50", **_GOALS},
    )

    page = response.content.decode()
    assert response.status_code == 400
    assert "Målrelaterad ersättning: målens vikter måste tillsammans bli 100\N{NO-BREAK SPACE}%" in page
    assert 'id="error-compensationgoalsphone_accessweight"' in page
    assert ".compensation.goals" not in page and "must sum" not in page
    assert floor.status_code == 400
    assert "Telefontillgänglighet: målnivå: måste vara högre än målets golv" in floor.content.decode()


def test_a_garbage_upload_gets_a_short_swedish_message_with_line_and_column(demo):
    client = _sign_in(demo)

    response = client.post(
        "/regions/AC/rules/", {"action": "upload", "file": SimpleUploadedFile("x.json", b'{"rules": [1, 2\n  }: x')}
    )

    page = response.content.decode()
    assert response.status_code == 400
    assert "Filen är inte giltig JSON eller YAML: rad 2, kolumn 3." in page and "expected" not in page


def test_a_preview_without_changes_is_refused_and_only_the_version_in_force_is_marked(demo):
    client = _sign_in(demo)

    response = client.post("/regions/AC/rules/", {"action": "preview", "change_year": "2024", **_GOALS})
    page = client.get("/regions/AC/rules/").content.decode()

    assert response.status_code == 400 and "Inga ändringar att spara." in response.content.decode()
    table = page[page.index('id="rule-versions"') :]
    assert table.count("(i kraft)") == 1
    assert table.count("första versionen<") + table.count("första versionen\n") <= 1


def _money(text: str) -> float:
    return float(
        text.replace("\N{MINUS SIGN}", "-").replace("\N{NO-BREAK SPACE}", "").replace(" ", "").replace(",", ".")
    )


def test_the_previews_money_adds_up_from_visible_parts(demo):
    """Every row of the comparison's money table, and where the net cost difference comes from."""
    import re

    from simulation.presentation.comparison import COMPONENT_ROWS

    client = _sign_in(demo)
    page = client.post(
        "/regions/AC/rules/", {"action": "preview", "change_year": "2024", "compensation.fixed_share": "95", **_GOALS}
    ).content.decode()

    table = page[page.index('id="preview-money"') : page.index("</table>", page.index('id="preview-money"'))]
    assert table.count("<tr") == len(COMPONENT_ROWS) + 1
    sources = page[page.index('id="preview-sources"') : page.index("</ul>", page.index('id="preview-sources"'))]
    effects = [
        _money(e.removesuffix(" mnkr").removesuffix("\N{NO-BREAK SPACE}mnkr"))
        for e in re.findall(r'<span class="num">([^<]+)</span>', sources)
    ]
    net = re.search(r"Varifrån skillnaden i nettokostnad \(([^)]+)\)", page).group(1)
    assert len(effects) >= 2
    assert abs(sum(effects) - _money(net.split("\N{NO-BREAK SPACE}mnkr")[0].split(" mnkr")[0])) <= 0.05 * len(effects)


def test_names_take_a_swedish_genitive_on_the_comparison_and_in_adopted_documents(demo):
    page = demo.get("/regions/AC/compare/?models=Z").content.decode()
    document = demo.get("/api/v1/regions/AC/adopt?model=Z").json()

    assert "Region Jämtland Härjedalens modell" in page and "Härjedalens modell" in page
    assert "med Region Västerbottens egen budgetnivå" in page
    assert "Västerbottenss" not in page and "Västerbottens vårdcentraler" in document["description"]


def test_unknown_models_and_budget_in_the_address_are_said_to_be_ignored(demo):
    page = demo.get("/regions/AC/compare/?models=XX,U&budget=bogus").content.decode()

    assert 'id="models-ignored"' in page and "models=XX" in page and "budget=bogus" in page


def test_a_viewers_crafted_post_gets_the_sites_swedish_403_page(demo):
    client = _sign_in(demo, kind=Role.Kind.VIEWER)

    response = client.post("/regions/AC/rules/", {"action": "preview", "compensation.fixed_share": "70"})

    page = response.content.decode()
    assert response.status_code == 403 and "Inte tillåtet" in page and 'lang="sv"' in page


def test_the_restore_question_uses_the_swedish_genitive_of_the_version(demo):
    client = _sign_in(demo)

    page = client.post("/regions/AC/rules/", {"action": "restore-confirm", "number": 1}).content.decode()

    assert "Version 1:s regler publiceras igen" in page


def test_the_national_overview_says_base_year_and_links_each_regions_rules(demo):
    page = demo.get("/national/").content.decode()

    assert "Nettokostnad basåret, kr per listad" in page
    assert 'href="/regions/AC/rules/"' in page and "version " in page
