"""``ssepot figures --plan SLUG --year N [--cutoff DATE] [--working | --release N] [--format json|table]
[--all]``: the year's figures, explained, and every development-plan level at the cut-off."""

from __future__ import annotations

import datetime as dt
import json
from argparse import ArgumentParser
from collections import Counter
from decimal import Decimal
from io import StringIO
from typing import Any

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _
from rich.console import Console
from rich.table import Table

from ssepot.catalogue.console import plan_or_error
from ssepot.core.equity import INDEX, INDEX_PLACES, TIMES
from ssepot.core.figures import Figure, fmt_number, fmt_percent
from ssepot.core.narrative import check_text, disagreements
from ssepot.development.models import DevelopmentPlan
from ssepot.figures.compute import all_figures, integrity_problems, is_headline
from ssepot.figures.development import DevelopmentFigures, Level, LevelMoney, development_figures
from ssepot.figures.loaders import PUBLISHED, WORKING, View
from ssepot.report.models import NarrativeText

MILLION = 1_000_000


def shown(figure: Figure) -> str:
    """The value as a Colombian reader expects it: 92,1 %, 5.733.749 millones, 14,9 puntos."""
    if figure.value is None:
        return figure.status or "ND"
    if figure.unit == "%":
        return fmt_percent(figure.value, 2)
    if figure.unit == "COP":
        return f"{fmt_number(Decimal(figure.value) / MILLION, 0)} millones"
    if figure.unit == "puntos":
        return f"{fmt_number(figure.value, 1)} puntos"
    if figure.unit in (INDEX, TIMES):
        return f"{fmt_number(figure.value, INDEX_PLACES if figure.unit == INDEX else 2)} {figure.unit}"
    return f"{fmt_number(figure.value, 0)} {figure.unit}"


def _level_json(row: Level) -> dict[str, Any]:
    def one(f: Figure) -> dict[str, Any]:
        return {
            "value": None if f.value is None else str(f.value),
            "status": f.status,
            "why": f.formula if f.value is None else "",
            "key": f.key,
        }

    data = {"level": row.level, "code": row.code, "name": row.name,
            "avance": one(row.progress), "cumplimiento": one(row.compliance)}  # fmt: skip
    if row.programmed is not None:
        data["programado"] = one(row.programmed)
    if row.years:
        # NB: a year not reported is null, never 0: a measured zero is "0"
        data["aporte_por_anio"] = {str(y): None if v is None else str(v * 100) for y, v in row.years}
    if row.money is not None:
        data["dinero"] = _money_json(row.money)
    return data


def _money_json(money: LevelMoney) -> dict[str, Any]:
    """A level's money in the year, in integer pesos (strings, as every value here); an amount no budget
    line carries is null, never 0."""
    execution = money.execution
    return {
        "vigencia": money.year,
        "lineas_presupuesto": money.lines,
        **{key: None if total is None else str(total) for key, total in money.amounts},
        "ejecucion_financiera": {
            "value": None if execution.value is None else str(execution.value),
            "status": execution.status,
            "why": execution.formula,
            "key": execution.key,
        },
    }


def _development_json(d: DevelopmentFigures, with_figures: bool) -> dict[str, Any]:
    """Every level with its code; the indicators too, and every figure explained with ``--all``."""
    data: dict[str, Any] = {
        "rules": d.rules.describe(),
        "rules_version": d.rules.version,
        "cutoff": d.term.cutoff.isoformat(),
        "months_elapsed": d.term.months_elapsed,
        "months_total": d.term.months_total,
        "levels": [_level_json(row) for row in d.levels],
        "indicators": [_level_json(row) for row in d.indicators],
        "source_problems": [{"kind": p.kind, "ref": p.ref, "message": p.message} for p in d.problems],
    }
    if with_figures:
        data["figures"] = [f.as_dict() for f in d.figures()]
    return data


def _development_table(d: DevelopmentFigures) -> Table:
    table = Table(title=f"{d.levels[0].name}: {d.term.describe()}; {d.rules.label}")
    money = any(row.money is not None for row in d.levels)
    columns = [_("nivel"), _("código"), _("nombre"), _("avance"), _("cumplimiento")]
    for column in columns + ([_("ejecución financiera")] if money else []):
        table.add_column(column)
    for row in d.levels:
        cells = [row.level, row.code, row.name[:60], shown(row.progress), shown(row.compliance)]
        if money:
            cells.append(shown(row.money.execution) if row.money is not None else "")
        table.add_row(*cells)
    return table


class Command(BaseCommand):
    help = _("Calcula y explica las cifras de un año del plan; revisa las cifras escritas en la narrativa.")

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--plan", required=True, help=_("identificador (slug) del plan"))
        parser.add_argument("--year", required=True, type=int, help=_("vigencia, p. ej. 2025"))
        parser.add_argument("--format", choices=["table", "json"], default="table")
        parser.add_argument(
            "--cutoff",
            type=dt.date.fromisoformat,
            help=_(
                "fecha de corte AAAA-MM-DD de las cifras del plan de desarrollo "
                "(por omisión, 31 de diciembre)"
            ),
        )
        view = parser.add_mutually_exclusive_group()
        view.add_argument("--working", action="store_true", help=_("datos de trabajo, aún sin publicar"))
        view.add_argument("--release", type=int, help=_("número de publicación de la vigencia"))
        parser.add_argument(
            "--all",
            action="store_true",
            help=_("incluye los desgloses y la historia, no solo las principales"),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        plan = plan_or_error(options["plan"])
        year = options["year"]
        view: View = WORKING if options.get("working") else (options.get("release") or PUBLISHED)
        everything = all_figures(plan, year, view)
        figures = everything if options["all"] else [f for f in everything if is_headline(f)]
        # NB: the narrative is checked against every figure, so a number naming a breakdown is found too.
        texts = NarrativeText.objects.filter(plan=plan, year=year).order_by("section")
        findings = [
            finding
            for text in texts
            for finding in disagreements(check_text(text.body, everything, source=text.get_section_display()))
        ]
        problems = integrity_problems(plan, year)
        development = [
            development_figures(pdd, year, options.get("cutoff"), view)
            for pdd in DevelopmentPlan.objects.filter(plan=plan, start_year__lte=year, end_year__gte=year)
        ]
        if options["format"] == "json":
            payload = {
                "plan": plan.slug,
                "year": year,
                "synthetic": plan.is_synthetic,
                "data": "trabajo"
                if view == WORKING
                else ("publicado" if view == PUBLISHED else f"{year}-{view}"),
                "figures": [f.as_dict() for f in figures],
                "narrative_disagreements": [
                    {
                        "text": f.claim.text,
                        "sentence": f.claim.sentence,
                        "figure": f.figure_key,
                        "figure_value": None if f.figure_value is None else str(f.figure_value),
                        "message": f.message,
                    }
                    for f in findings
                ],
                "integrity_problems": [
                    {"kind": p.kind, "ref": p.ref, "message": p.message} for p in problems
                ],
                "development_plans": [_development_json(d, bool(options["all"])) for d in development],
            }
            self.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2))
            return
        buffer = StringIO()
        console = Console(file=buffer, width=160)
        if plan.is_synthetic:
            console.print(f"[yellow]{_('Atención: el plan contiene datos sintéticos de demostración.')}[/]")
        table = Table(title=_("Cifras de %(plan)s, vigencia %(year)s") % {"plan": plan.name, "year": year})
        for column in (_("cifra"), _("valor"), _("cómo se calculó")):
            table.add_column(column)
        for f in figures:
            table.add_row(f"{f.label}\n[dim]{f.key}[/]", shown(f), f.formula)
        console.print(table)
        for d in development:
            console.print(_development_table(d))
        if findings:
            console.print(f"\n[bold red]{_('Cifras de la narrativa que no coinciden con los datos:')}[/]")
            for finding in findings:
                console.print(f"- {finding.message}")
        if problems:
            kinds = Counter(p.kind for p in problems)
            console.print(
                f"\n[bold]{_('Integridad del plan')}[/] ({', '.join(f'{k}: {n}' for k, n in kinds.items())})"
            )
            for problem in problems[:50]:
                console.print(f"- {problem.message}")
            if len(problems) > 50:
                console.print(
                    _("... y %(n)d más (use --format json para verlos todos)") % {"n": len(problems) - 50}
                )
        self.stdout.write(buffer.getvalue())
