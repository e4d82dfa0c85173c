"""``ssepot rules show --plan SLUG [--pdd SLUG]``: the calculation rules in force and their versions."""

from __future__ import annotations

import json
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from ssepot.indicators.management.commands._rules import add_scope, scope
from ssepot.indicators.models import CalculationRules
from ssepot.indicators.rules import current_rules


class Command(BaseCommand):
    help = _(
        "Muestra las reglas de cálculo vigentes de un plan (o de su plan de desarrollo) y sus versiones."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        add_scope(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        plan, pdd = scope(options["plan"], options.get("pdd"))
        rules = current_rules(plan, pdd)
        self.stdout.write(rules.describe())
        self.stdout.write(json.dumps(rules.definition(), ensure_ascii=False, indent=2))
        history = CalculationRules.objects.filter(plan=plan, development_plan=pdd).select_related(
            "created_by"
        )
        if not history:
            self.stdout.write(_("(sin versiones propias: rige el conjunto por omisión)"))
        for row in history:
            who = row.created_by.get_username() if row.created_by else _("sistema")
            self.stdout.write(f"v{row.version} {row.created_at:%Y-%m-%d %H:%M} {who}: {row.reason}")
