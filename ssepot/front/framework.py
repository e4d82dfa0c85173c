"""The strategic framework in public: ``/planes/<slug>/<year>/marco-estrategico/``.

Principles, vision, territorial bets, the strategic objectives, the occupation model and the territorial
strategies (``catalogue.FrameworkElement``) as a navigable tree; the evaluation methodology's phases with
their status in the year (``PhaseStatus``); the study variables × objectives matrix (``StudyVariable``);
and for each objective what the catalogue links to it: its indicators (``Indicator.objectives``), the
commitments and projects of those indicators, and its variables. Nothing here is computed: it is the
catalogue as it stands, read like the other public pages; the links a release keeps (an indicator's
projects, a project's subsystem) as the year's release saw them (ADR 0006).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from ssepot.catalogue.models import EvaluationPhase, FrameworkElement, Plan, StudyVariable, Subsystem
from ssepot.commitments.models import Commitment
from ssepot.figures.loaders import PUBLISHED, View, catalogue_as_of, links_as_of, project_assignments
from ssepot.front.data import PlanContext, plan_page
from ssepot.front.indicators import indicator_url
from ssepot.indicators.models import Indicator
from ssepot.projects.models import Project

Kind = FrameworkElement.Kind
KINDS = [Kind.PRINCIPLE, Kind.VISION, Kind.BET, Kind.OBJECTIVE, Kind.OCCUPATION, Kind.STRATEGY]
SECTION_IDS = {
    Kind.PRINCIPLE: "principios",
    Kind.VISION: "imaginario",
    Kind.BET: "apuestas",
    Kind.OBJECTIVE: "objetivos",
    Kind.OCCUPATION: "modelo-de-ocupacion",
    Kind.STRATEGY: "estrategias",
}


def element_anchor(element: FrameworkElement) -> str:
    return f"{SECTION_IDS[Kind(element.kind)]}-{element.code}"


def variable_anchor(variable: StudyVariable) -> str:
    return f"variable-{variable.code}"


@dataclass
class Objective:
    element: FrameworkElement
    indicators: list[Indicator] = field(default_factory=list)
    commitments: list[Commitment] = field(default_factory=list)
    projects: list[Project] = field(default_factory=list)
    variables: list[StudyVariable] = field(default_factory=list)

    @property
    def anchor(self) -> str:
        return element_anchor(self.element)

    @property
    def linked(self) -> bool:
        return bool(self.indicators or self.commitments or self.projects or self.variables)


@dataclass
class Framework:
    """The plan's strategic framework as the catalogue holds it."""

    sections: list[dict[str, Any]]
    objectives: list[Objective]
    variables: list[StudyVariable]
    matrix: list[dict[str, Any]]
    phases: list[dict[str, Any]]


def framework(plan: Plan, year: int, view: View = PUBLISHED) -> Framework:
    """Read the framework of ``plan``, with the methodology's phase statuses at the end of ``year`` and the
    objectives' projects as the year's release in ``view`` saw them."""
    elements = list(
        FrameworkElement.objects.filter(plan=plan).prefetch_related("articles").order_by("order", "code")
    )
    by_kind: dict[str, list[FrameworkElement]] = {k: [] for k in KINDS}
    for element in elements:
        by_kind.setdefault(element.kind, []).append(element)
    sections = [
        {
            "kind": kind,
            "id": SECTION_IDS[kind],
            "label": kind.label,
            "elements": [{"element": e, "anchor": element_anchor(e)} for e in by_kind[kind]],
        }
        for kind in KINDS
    ]

    variables = list(
        StudyVariable.objects.filter(plan=plan)
        .prefetch_related(Prefetch("objectives", queryset=FrameworkElement.objects.order_by("order", "code")))
        .order_by("code")
    )
    indicators = list(
        Indicator.objects.filter(plan=plan, objectives__kind=Kind.OBJECTIVE)
        .distinct()
        .prefetch_related(
            "objectives",
            Prefetch("commitments", queryset=Commitment.objects.order_by("code")),
        )
        .order_by("code")
    )
    projects_of = _projects(plan, [i.pk for i in indicators], catalogue_as_of(plan.pk, year, view))
    objectives = {e.pk: Objective(e) for e in by_kind[Kind.OBJECTIVE]}
    for variable in variables:
        for obj in variable.objectives.all():
            if obj.pk in objectives:
                objectives[obj.pk].variables.append(variable)
    for indicator in indicators:
        for obj in indicator.objectives.all():
            if (entry := objectives.get(obj.pk)) is None:
                continue
            entry.indicators.append(indicator)
            for commitment in indicator.commitments.all():
                if commitment not in entry.commitments:
                    entry.commitments.append(commitment)
            for project in projects_of[indicator.pk]:
                if project not in entry.projects:
                    entry.projects.append(project)
    for entry in objectives.values():
        entry.commitments.sort(key=lambda c: c.code)
        entry.projects.sort(key=lambda p: p.code)

    ordered = list(objectives.values())
    matrix = [
        {
            "variable": v,
            "anchor": variable_anchor(v),
            "cells": [
                {"objective": o, "linked": o.element.pk in {x.pk for x in v.objectives.all()}}
                for o in ordered
            ],
        }
        for v in variables
    ]

    phases = [
        {"phase": phase, "status": next((s for s in phase.statuses.all() if s.year == year), None)}
        for phase in EvaluationPhase.objects.filter(plan=plan).prefetch_related("statuses").order_by("number")
    ]
    return Framework(sections=sections, objectives=ordered, variables=variables, matrix=matrix, phases=phases)


def _projects(plan: Plan, indicators: list[int], as_of: dt.datetime | None) -> dict[int, list[Project]]:
    """The ``indicators``' projects, each with its subsystem, as of ``as_of`` (``catalogue_as_of``; the
    live links and subsystems when None)."""
    links = links_as_of(Indicator, "projects", indicators, as_of)
    subsystem_of = project_assignments(plan, as_of)
    subsystems = {s.pk: s for s in Subsystem.objects.filter(plan=plan)}
    projects = Project.objects.filter(plan=plan, pk__any=sorted({p for _i, p in links}))
    by_pk = {p.pk: p for p in projects}
    for linked in by_pk.values():
        linked.subsystem = subsystems.get(subsystem_of[linked.pk][0])
    found: dict[int, list[Project]] = defaultdict(list)
    for indicator, project in links:
        found[indicator].append(by_pk[project])
    return found


def indicator_link(plan: Plan, indicator: Indicator, year: int) -> str | None:
    """The indicator's public page: only the POT's own indicators have one by code."""
    return indicator_url(plan, indicator.code, year) if indicator.development_plan_id is None else None


def commitment_link(ctx: PlanContext, commitment: Commitment) -> str:
    return f"{ctx.base_url}compromisos/{quote(commitment.code)}/"


def project_link(ctx: PlanContext, project: Project) -> str | None:
    if project.subsystem is None:
        return None
    return f"{ctx.base_url}subsistemas/{quote(project.subsystem.code)}/?proyecto={quote(project.code)}"


@plan_page(allowed=())
def strategic_framework(request: HttpRequest, ctx: PlanContext) -> HttpResponse:
    """``/planes/<slug>/<year>/marco-estrategico/``."""
    data = framework(ctx.plan, ctx.year, ctx.view)
    objectives = [
        {
            "entry": o,
            "indicators": [{"item": i, "url": indicator_link(ctx.plan, i, ctx.year)} for i in o.indicators],
            "commitments": [{"item": c, "url": commitment_link(ctx, c)} for c in o.commitments],
            "projects": [{"item": p, "url": project_link(ctx, p)} for p in o.projects],
            "variables": [{"item": v, "anchor": variable_anchor(v)} for v in o.variables],
        }
        for o in data.objectives
    ]
    return render(
        request,
        "front/framework/page.html",
        {
            **ctx.as_dict(),
            "framework": data,
            "objective_details": objectives,
            "page_url": reverse("front:marco_estrategico", args=[ctx.plan.slug, ctx.year]),
        },
    )
