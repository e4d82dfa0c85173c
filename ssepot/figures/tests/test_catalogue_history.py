"""A release's figures read the catalogue as it was when the release was published (ADR 0006).

Every field a figure reads is edited after 2025's release: an indicator's plan target, baseline,
accumulation code, direction and subsystem, a yearly target, a development-plan indicator's weight, a
node's weight, the plan's thresholds and its traffic-light shares (a new version of its rules), a
program's budget and the investment plan; a project's budget gets a new, unpublished version; the links a
figure reads change (a program indicator's projects, from either side; a component's systems) and a
project moves to another subsystem and agency. The release's figures, the published ones, the
indicator's public page, the POT-PDD dashboard, the release's report (its indicators and each
subsystem's) and the targets' downloads and API stay identical; the working figures move; each edit is
in the history with who and why. The strategic framework (page and API) and the projects' downloads keep
the release's links and groups too.
"""

from __future__ import annotations

import csv
import io
from decimal import Decimal
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from ssepot.api.datasets import BY_NAME
from ssepot.api.exports import dataset_csv
from ssepot.catalogue.models import Agency, Plan, Subsystem
from ssepot.development.models import InvestmentPlanYear, PddNode, ProgramInvestment
from ssepot.figures import loaders
from ssepot.figures.compute import all_figures
from ssepot.figures.loaders import release_view
from ssepot.front.data import clear_caches
from ssepot.front.framework import framework
from ssepot.indicators.models import Indicator, IndicatorTarget
from ssepot.indicators.rules import current_rules, set_rules
from ssepot.projects.models import Project, ProjectYear
from ssepot.report.builder import collect
from ssepot.reporting.models import Release

pytestmark = pytest.mark.django_db

YEAR = 2025
REASON = "Ajuste de la ficha tras la revisión de 2026"


def by_key(plan: Plan, view: loaders.View) -> dict[str, tuple[Any, ...]]:
    return {f.key: (f.value, f.status, f.formula) for f in all_figures(plan, YEAR, view)}


def edit(row: Any, actor: Any, **fields: Any) -> None:
    for name, value in fields.items():
        setattr(row, name, value)
    row._change_reason = REASON
    row._history_user = actor
    row.save()


def pages(client: Client, plan: Plan, indicator: Indicator) -> list[str]:
    """The indicator's public page, the year's battery and the POT-PDD dashboard."""
    # NB: pages and figures are cached per publication, in the shared cache and in the process: afresh
    clear_caches()
    shown = []
    for url, query in (
        (reverse("front:indicator", args=[plan.slug, indicator.code]), {"anio": YEAR}),
        (reverse("front:indicators", args=[plan.slug, YEAR]), {}),
        (reverse("front:pot_pdd", args=[plan.slug, YEAR]), {}),
    ):
        response = client.get(url, query)
        assert response.status_code == 200, url
        shown.append(response.text)
    return shown


def _downloads(client: Client, plan: Plan, code: str) -> tuple[Any, ...]:
    """The targets as published: the release's CSV, the latest publication's CSV and the API's page; and
    the sheets' and the development plans' tree's CSVs, of the release and the latest publication."""
    targets = BY_NAME["metas_indicadores"]
    release = Release.objects.filter(plan=plan, year=YEAR).order_by("-number").values_list("number")[0][0]
    api = client.get(f"/api/v1/planes/{plan.slug}/metas", {"indicador": code, "vigencia": str(YEAR)})
    assert api.status_code == 200
    catalogue = [
        dataset_csv(BY_NAME[name], plan, view)
        for name in ("indicadores", "estructura_pdd")
        for view in (release, loaders.PUBLISHED)
    ]
    return (
        dataset_csv(targets, plan, release),
        dataset_csv(targets, plan, loaders.PUBLISHED),
        api.json(),
        *catalogue,
    )


def test_every_catalogue_edit_after_publishing_leaves_the_release_identical(
    demo_plan: Plan, client: Client
) -> None:
    plan = Plan.objects.get(pk=demo_plan.pk)
    release = Release.objects.filter(plan=plan, year=YEAR).order_by("-number").first()
    assert release is not None
    pinned = by_key(plan, release.number)
    published = by_key(plan, loaders.PUBLISHED)
    working = by_key(plan, loaders.WORKING)
    assert loaders.catalogue_as_of(plan.pk, YEAR, release.number) is None, "nothing changed yet"

    actor = get_user_model().objects.create(username="catalogue-editor")
    # a POT indicator with a 2025 target and a traffic light
    target = (
        IndicatorTarget.objects.filter(
            plan=plan, year=YEAR, period=0, indicator__development_plan__isnull=True, value__gt=0
        )
        .select_related("indicator")
        .order_by("indicator__code")
        .first()
    )
    assert target is not None
    pot = target.indicator
    page = pages(client, plan, pot)
    collected = collect(plan, YEAR, release.number)
    report = collected.indicators, collected.subsystems
    downloads = _downloads(client, plan, target.indicator.code)
    edit(target, actor, value=target.value * 3)
    edit(
        pot,
        actor,
        plan_target=(pot.plan_target or Decimal(1)) * 2,
        baseline_value=(pot.baseline_value or Decimal(0)) + 1,
        accumulation="NoA" if pot.accumulation != "NoA" else "A",
        direction=Indicator.Direction.DECREASING,
        subsystem=Subsystem.objects.filter(plan=plan)
        .exclude(pk=pot.subsystem_id or 0)
        .order_by("code")
        .first(),
    )
    program_indicator = Indicator.objects.filter(
        plan=plan,
        pdd_node__level=PddNode.Level.PROGRAM,
        weight__isnull=False,
        plan_target__gt=0,
        projects__isnull=False,  # NB: the POT-PDD dashboard shows the linked ones
    ).first()
    assert program_indicator is not None and program_indicator.weight is not None
    edit(
        program_indicator,
        actor,
        weight=program_indicator.weight * 50,
        plan_target=(program_indicator.plan_target or Decimal(1)) * 4,
    )
    node = PddNode.objects.filter(plan=plan, level=PddNode.Level.PROGRAM, weight__isnull=False).first()
    assert node is not None and node.weight is not None
    edit(node, actor, weight=node.weight * 20)
    edit(plan, actor, class_high=Decimal("0.2"))
    # the traffic-light shares are the plan's calculation rules': a new version, never an edit
    stricter = {**current_rules(plan).definition(), "verde": "0.3", "rojo": "0.1"}
    assert set_rules(plan, stricter, actor=actor, reason=REASON) is not None
    pdd = loaders.development_plan_for(plan, YEAR)
    assert pdd is not None
    # NB: a program of the year's development plan (the demo also holds 2020-2023's real budget lines)
    investment = ProgramInvestment.objects.filter(plan=plan, node__development_plan=pdd).first()
    assert investment is not None
    edit(investment, actor, budget=investment.budget + 10**12)
    ppi = InvestmentPlanYear.objects.filter(plan=plan).first()
    assert ppi is not None
    edit(ppi, actor, amount=ppi.amount + 10**12)
    # a project's budget is reported data: a correction is a new version, published only by a release
    project_year = ProjectYear.objects.filter(plan=plan, year=YEAR).current().first()
    assert project_year is not None
    ProjectYear.objects.create(
        plan=plan,
        project=project_year.project,
        year=YEAR,
        budget=project_year.budget + 10**12,
        executed=project_year.executed,
        supersedes=project_year,
        recorded_by=actor,
        reason=REASON,
    )
    links_before = links(pdd, None)
    linked, unlinked, component, assigned = edit_links(plan, pdd, actor)

    assert loaders.catalogue_as_of(plan.pk, YEAR, release.number) == release.published_at
    assert by_key(plan, release.number) == pinned
    assert by_key(plan, loaders.PUBLISHED) == published
    assert pages(client, plan, pot) == page
    collected = collect(plan, YEAR, release.number)
    assert (collected.indicators, collected.subsystems) == report
    assert _downloads(client, plan, pot.code) == downloads
    live = dataset_csv(BY_NAME["metas_indicadores"], plan, loaders.WORKING)
    assert live != downloads[0], "the working catalogue shows the edited target"
    assert dataset_csv(BY_NAME["indicadores"], plan, loaders.WORKING) != downloads[3], "the edited sheet"
    assert dataset_csv(BY_NAME["estructura_pdd"], plan, loaders.WORKING) != downloads[5], "the node's weight"
    moved = by_key(plan, loaders.WORKING)
    changed = {key for key, figure in moved.items() if working.get(key) != figure}
    assert {
        f"indicador.{pot.pk}.avance.{YEAR}",
        f"indicador.{pot.pk}.cumplimiento.{YEAR}",
        "pdd.avance_fisico",
        "pdd.clases.alto",
        "dinero.plan_plurianual",
    } <= changed
    assert any(key.startswith("dinero.programa_ejecucion") for key in changed), "the project's budget"
    assert any(key.startswith("dinero.programa.") for key in changed), "the program's budget"

    # the links and the project's groups: the working catalogue shows the edits, the release does not
    as_of = release.published_at
    assert links(pdd, as_of) == links_before != links(pdd, None)
    assert (unlinked.pk, assigned.pk) in links(pdd, None)[0] and not any(
        owner == linked.pk for owner, _project in links(pdd, None)[0]
    )
    assert component.pk in links_before[1] and component.pk not in links(pdd, None)[1]
    then, now = loaders.project_assignments(plan, as_of), loaders.project_assignments(plan)
    before = assigned.history.earliest()
    assert then[assigned.pk] != now[assigned.pk] == (assigned.subsystem_id, assigned.agency_id)
    assert then[assigned.pk] == (before.subsystem_id, before.agency_id)
    assert any(key.startswith("dinero.subsistema") for key in changed), "the project's subsystem"
    # the subsystem pages list the project where the release had it
    for subsystem, listed in ((before.subsystem, True), (assigned.subsystem, False)):
        assert subsystem is not None
        clear_caches()
        code = subsystem.code
        shown = client.get(reverse("front:subsystem", args=[plan.slug, YEAR, code])).text
        assert (f">{assigned.code}<" in shown) == listed, code
    (snapshot,) = unlinked.history.filter(history_type="~")
    assert list(snapshot.projects.values_list("project_id", flat=True)) == [assigned.pk]

    for row in (pot, target, program_indicator, node, plan, investment, ppi, linked, component, assigned):
        last = row.history.first()
        assert (last.history_user, last.history_change_reason) == (actor, REASON)
        # the state it had before (written without history by the demo's bulk loading) is kept too
        assert row.history.count() == 2


def links(pdd: Any, as_of: Any) -> tuple[set[tuple[int, int]], set[int]]:
    """The development plan's indicator-project links and the nodes related to the POT's systems, as of
    ``as_of`` (live with None)."""
    nodes, _sheets, by_indicator = loaders.pdd_structure(pdd, as_of)
    pairs = {(i, p) for i, projects in by_indicator.items() for p in projects}
    return pairs, loaders.nodes_related_to_systems(nodes, as_of)


def edit_links(plan: Plan, pdd: Any, actor: Any) -> tuple[Indicator, Indicator, PddNode, Project]:
    """After the release: a program indicator loses its projects, another one gains one from the
    project's side, a component loses its systems, and that project moves to another subsystem and
    agency (the groups of its money)."""
    programs = Indicator.objects.filter(
        plan=plan, development_plan=pdd, pdd_node__level=PddNode.Level.PROGRAM
    ).order_by("code")
    with_projects = programs.filter(projects__isnull=False).distinct()
    linked = with_projects.last()
    unlinked = programs.filter(projects__isnull=True).first()
    assert linked is not None and unlinked is not None
    linked._history_user, linked._change_reason = actor, REASON  # type: ignore[attr-defined]
    linked.projects.clear()
    assigned = (
        Project.objects.filter(plan=plan, indicators__in=with_projects, years__year=YEAR)
        .exclude(indicators=linked)
        .order_by("code")
        .first()
    )
    assert assigned is not None
    assigned.indicators.add(unlinked)  # NB: from the other side of the link
    component = (
        PddNode.objects.filter(development_plan=pdd, level=PddNode.Level.COMPONENT, systems__isnull=False)
        .order_by("code")
        .first()
    )
    assert component is not None
    component._history_user, component._change_reason = actor, REASON  # type: ignore[attr-defined]
    component.systems.clear()
    subsystem = Subsystem.objects.filter(plan=plan).exclude(projects=assigned).first()
    agency = Agency.objects.filter(plan=plan).exclude(projects=assigned).first()
    edit(assigned, actor, subsystem=subsystem, agency=agency)
    return linked, unlinked, component, assigned


def framework_shown(client: Client, plan: Plan) -> tuple[str, Any]:
    """The year's strategic-framework page and its API answer, afresh."""
    clear_caches()
    page = client.get(reverse("front:marco_estrategico", args=[plan.slug, YEAR]))
    api = client.get(f"/api/v1/planes/{plan.slug}/marco-estrategico", {"vigencia": str(YEAR)})
    assert page.status_code == api.status_code == 200
    return page.text, api.json()


def framework_links(plan: Plan, view: loaders.View) -> dict[str, list[tuple[str, str | None]]]:
    """Each objective's projects with their subsystem, as ``view`` shows them."""
    return {
        o.element.code: [(p.code, p.subsystem.code if p.subsystem else None) for p in o.projects]
        for o in framework(plan, YEAR, view).objectives
    }


def projects_shown(client: Client, plan: Plan, number: int, subsystem: str) -> tuple[bytes, ...]:
    """The projects as published: the release's and the latest publication's CSV, their web downloads and
    the API's list, whole and of ``subsystem``."""
    projects = BY_NAME["proyectos"]
    api = f"/api/v1/planes/{plan.slug}/proyectos"
    files = [
        client.get(f"/datos/{plan.slug}/version/{number}/proyectos.csv"),
        client.get(f"/datos/{plan.slug}/proyectos.csv"),
        client.get(api, {"limite": "1000"}),
        client.get(api, {"limite": "1000", "subsistema": subsystem}),
    ]
    assert all(f.status_code == 200 for f in files)
    return (
        dataset_csv(projects, plan, number),
        dataset_csv(projects, plan, loaders.PUBLISHED),
        *(f.content for f in files),
    )


def test_the_framework_and_the_projects_download_keep_the_releases_links_and_groups(
    demo_plan: Plan, client: Client
) -> None:
    """After 2025's release an objective's indicator loses its projects and one of them moves to another
    subsystem and agency: the year's framework page and API and the published projects downloads stay
    identical; the working framework and projects show the edits."""
    plan = Plan.objects.get(pk=demo_plan.pk)
    release = Release.objects.filter(plan=plan, year=YEAR).order_by("-number").first()
    assert release is not None
    indicator = (
        Indicator.objects.filter(plan=plan, objectives__kind="objetivo", projects__isnull=False)
        .order_by("code")
        .first()
    )
    assert indicator is not None, "the demo links an objective's indicator to projects"
    project = indicator.projects.order_by("code").first()
    assert project is not None
    assert project.subsystem is not None
    code = project.subsystem.code
    shown, downloads = framework_shown(client, plan), projects_shown(client, plan, release.number, code)
    working = framework_links(plan, loaders.WORKING), dataset_csv(BY_NAME["proyectos"], plan, loaders.WORKING)
    assert framework_links(plan, release_view(release)) == working[0]

    actor = get_user_model().objects.create(username="catalogue-editor")
    indicator._history_user, indicator._change_reason = actor, REASON  # type: ignore[attr-defined]
    indicator.projects.clear()
    subsystem = Subsystem.objects.filter(plan=plan).exclude(projects=project).first()
    agency = Agency.objects.filter(plan=plan).exclude(projects=project).first()
    assert subsystem is not None and agency is not None
    edit(project, actor, subsystem=subsystem, agency=agency)

    assert framework_shown(client, plan) == shown
    assert projects_shown(client, plan, release.number, code) == downloads
    assert framework_links(plan, release_view(release)) == working[0]
    assert framework_links(plan, loaders.WORKING) != working[0]
    live = dataset_csv(BY_NAME["proyectos"], plan, loaders.WORKING)
    assert live != working[1]
    groups = {
        name: rows[project.code]
        for name, content in (("published", downloads[0]), ("live", live))
        for rows in [{r["codigo"]: r for r in csv.DictReader(io.StringIO(content.decode("utf-8-sig")))}]
    }
    assert groups["live"]["codigo_subsistema"] == subsystem.code
    assert groups["published"]["codigo_subsistema"] == (project.history.earliest().subsystem.code)
