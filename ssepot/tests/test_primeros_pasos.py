"""The «primeros pasos» guide (docs/primeros-pasos.md) works as written: every command it names exists and
takes the options it shows, and its steps, run in order on an empty installation, end in published figures.

The walk runs each ``ssepot`` line of the guide as it stands (with its example files, the real DIVIPOLA
list and passwords given the way the guide says a script gives them) and does the web steps through the
pages the guide names, with the forms as a browser submits them.
"""

from __future__ import annotations

import json
import re
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command, get_commands, load_command_class
from django.test import Client
from django.urls import reverse

from ssepot.cli import translate
from ssepot.tests.guide import GUIDE, ROOT, blocks, commands, form_data, inline_commands

TEXT = GUIDE.read_text(encoding="utf-8")
EXAMPLE_FILES = {"json": "envigado-comunas.geojson", "csv": "plan-indicativo-envigado.csv",
                 "yaml": "mapa-envigado.yml"}  # fmt: skip
# Installation steps the walk does not repeat (the test database is migrated; nothing is served) and the
# report, whose PDF the report's own tests build.
NOT_RUN = {"migrate", "runserver", "report"}
PASSWORD = "Envigado-cicla-2024"


def command_name(argv: list[str]) -> tuple[str, list[str]]:
    name, *rest = translate(argv)[1:]
    return name, rest


def test_every_command_of_the_guide_exists_and_takes_the_options_shown() -> None:
    known = get_commands()
    for argv in commands(TEXT):
        name, rest = command_name(argv)
        assert name in known, f"{' '.join(argv)}: no such command"
        parser = load_command_class(known[name], name).create_parser("ssepot", name)
        parser.parse_args(rest)  # raises CommandError on an unknown or malformed option
    for argv in inline_commands(TEXT):
        assert command_name(argv)[0] in known, f"{' '.join(argv)}: no such command"


def test_the_guide_shows_each_example_file_the_commands_read() -> None:
    languages = [language for language, _ in blocks(TEXT)]
    for language, name in EXAMPLE_FILES.items():
        assert languages.count(language) == 1
        assert any(name in argv for argv in commands(TEXT)), name


def _run(argv: list[str], folder: Path) -> str:
    """One line of the guide: file arguments found beside the example files or in the repository."""
    name, rest = command_name(argv)
    args = []
    for word in rest:
        if not word.startswith("-") and (folder / word).exists():
            word = str(folder / word)
        elif not word.startswith("-") and "/" in word and (ROOT / word).exists():
            word = str(ROOT / word)
        args.append(word)
    if name == "createsuperuser":
        args.append("--noinput")  # the guide's operator types the password; here it is in the environment
    out = StringIO()
    call_command(name, *args, stdout=out, stderr=StringIO())
    return out.getvalue()


def _errors(html: str) -> list[str]:
    """The admin's messages beside the fields, with the field they are about."""
    return re.findall(
        r"field-([\w-]+)[^>]*>\s*<ul class=\"errorlist[^>]*>\s*<li>([^<]*)", html
    ) or re.findall(r"errorlist[^>]*>\s*<li>([^<]*)", html)


def _login(username: str) -> Client:
    client = Client()
    assert client.login(username=username, password=PASSWORD), f"{username} cannot sign in"
    return client


def _post_form(client: Client, url: str, *, where: str, button: tuple[str, str] | None = None,
               **fill: Any) -> Any:  # fmt: skip
    page = client.get(url)
    assert page.status_code == 200, url
    return client.post(url, form_data(page.text, where=where, button=button, **fill))


@pytest.mark.django_db
def test_the_guide_takes_a_new_municipality_to_its_first_published_figures(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, shared_data: Path
) -> None:
    from ssepot.catalogue.models import Agency, Plan, TerritorialUnit
    from ssepot.development.models import DevelopmentPlan
    from ssepot.indicators.models import Indicator
    from ssepot.reporting.models import Assignment, ReportingPeriod

    for language, name in EXAMPLE_FILES.items():
        (tmp_path / name).write_text(next(body for lang, body in blocks(TEXT) if lang == language))
    monkeypatch.setenv("SSEPOT_PASSWORD", PASSWORD)
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", PASSWORD)

    # Steps 1-6 and 12: every command of the guide, in its order
    outputs = {}
    for argv in commands(TEXT):
        name, _ = command_name(argv)
        if name in NOT_RUN:
            continue
        if name == "figures":
            _web_steps(tmp_path)
        outputs[name] = _run(argv, tmp_path)

    plan = Plan.objects.get(slug="envigado")
    assert plan.municipality.name == "ENVIGADO" and plan.act == "Acuerdo 10 de 2011"
    assert "envigado" in outputs["plan_list"] and "corto 2012-2015" in outputs["plan_list"]
    assert set(TerritorialUnit.objects.filter(plan=plan).values_list("code", flat=True)) == {"01", "14"}
    assert set(Agency.objects.filter(plan=plan).values_list("code", flat=True)) == {"SPL", "SMV", "SOP"}
    pdd = DevelopmentPlan.objects.get(plan=plan, slug="pdd-2024-2027")
    assert Indicator.objects.filter(development_plan=pdd, agency__code="SMV").count() == 2  # found by name

    period = ReportingPeriod.objects.get(plan=plan, year=2024)
    item = Assignment.objects.get(period=period, indicator__code="POT-MOV-01")
    assert item.state == Assignment.State.PUBLISHED

    # Step 12: the figures the guide announces, from the published value
    table = outputs["figures"]
    assert "POT-MOV-01" in table and "75,00 %" in table and "15,00 %" in table
    data = json.loads(_run(["ssepot", "figures", "--plan", "envigado", "--year", "2024", "--all",
                            "--format", "json"], tmp_path))  # fmt: skip
    indicator = [f for f in data["figures"] if "POT-MOV-01" in f["label"]]
    values = {f["value"] for f in indicator if f["value"] is not None}
    assert any(v.startswith("75") for v in values) and any(v.startswith("15") for v in values), indicator


def _web_steps(folder: Path) -> None:
    """Steps 7 to 11: the analyst's and the reporter's pages."""
    from ssepot.catalogue.models import Agency, Plan
    from ssepot.indicators.models import Indicator
    from ssepot.reporting.models import Assignment, ReportingPeriod

    plan = Plan.objects.get(slug="envigado")
    analyst, reporter = _login("lmejia"), _login("jgomez")

    # 7. the POT's indicator, in the admin
    add = reverse("admin:indicators_indicator_add")
    response = _post_form(
        analyst, add, where="indicator_form", button=("_save", "Guardar"),
        plan=plan.pk, code="POT-MOV-01", name="Kilómetros de ciclorruta construidos en suelo urbano",
        indicator_type="P", unit="km", accumulation="A", plan_target="30",
        agency=Agency.objects.get(plan=plan, code="SMV").pk,
        **{"targets-TOTAL_FORMS": "1", "targets-0-year": "2024", "targets-0-value": "6"},
    )  # fmt: skip
    assert response.status_code == 302, _errors(response.text)
    indicator = Indicator.objects.get(plan=plan, code="POT-MOV-01", development_plan=None)
    assert indicator.targets.get(year=2024).value == 6

    # 8. the period
    response = _post_form(analyst, reverse("reporting:periods"), where="", plan=plan.pk, year="2024",
                          cutoff_date="2024-12-31", deadline="2025-02-15")  # fmt: skip
    assert response.status_code == 302
    period = ReportingPeriod.objects.get(plan=plan, year=2024)

    # 9. the reporter's value, written the Colombian way
    home = reporter.get(reverse("reporting:home")).text
    item = Assignment.objects.get(period=period, indicator=indicator)
    url = reverse("reporting:assignment", args=[item.pk])
    assert url in home
    response = _post_form(reporter, url, where="", button=("action", "submit"), **{"values.": "4,5"})
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.state == Assignment.State.SUBMITTED

    # 10. validate and approve, from the agency's review page
    review = reverse("reporting:agency_review", args=[period.pk, item.agency_id])
    assert review in analyst.get(reverse("reporting:review_queue", args=[period.pk])).text
    for verb in ("validar", "aprobar"):
        action = reverse("reporting:review", args=[item.pk, verb])
        assert action in analyst.get(review).text
        assert analyst.post(action).status_code == 302
    # 11. publish
    response = _post_form(analyst, reverse("reporting:publish", args=[period.pk]), where="", note="Primera")
    assert response.status_code == 302
