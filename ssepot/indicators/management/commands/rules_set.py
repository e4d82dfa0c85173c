"""``ssepot rules set --plan SLUG [--pdd SLUG] (--preset NAME | --file RULES.yml) --reason TEXT``: a new
version of the calculation rules, with who and why in the audit log."""

from __future__ import annotations

from argparse import ArgumentParser
from pathlib import Path
from typing import Any

import yaml
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from ssepot.core.rules import PRESETS, RulesError
from ssepot.indicators.management.commands._rules import add_scope, scope
from ssepot.indicators.rules import set_rules


class Command(BaseCommand):
    help = _("Registra una versión nueva de las reglas de cálculo de un plan o de su plan de desarrollo.")

    def add_arguments(self, parser: ArgumentParser) -> None:
        add_scope(parser)
        source = parser.add_mutually_exclusive_group(required=True)
        source.add_argument("--preset", help=_("conjunto incluido: %s") % ", ".join(sorted(PRESETS)))
        source.add_argument("--file", type=Path, help=_("definición en YAML o JSON (ver docs/cifras.md)"))
        parser.add_argument(
            "--reason", required=True, help=_("por qué cambian las reglas (queda en la auditoría)")
        )
        parser.add_argument("--user", help=_("usuario que registra el cambio"))

    def handle(self, *args: Any, **options: Any) -> None:
        plan, pdd = scope(options["plan"], options.get("pdd"))
        actor = None
        if options.get("user"):
            actor = get_user_model().objects.filter(username=options["user"]).first()
            if actor is None:
                raise CommandError(_("no existe el usuario '%s'") % options["user"])
        rules: Any = options.get("preset")
        if options.get("file"):
            try:
                rules = yaml.safe_load(options["file"].read_text(encoding="utf-8"))
            except (OSError, yaml.YAMLError) as exc:
                raise CommandError(
                    _("no se puede leer %(file)s: %(e)s") % {"file": options["file"], "e": exc}
                ) from None
            if not isinstance(rules, dict):
                raise CommandError(
                    _("%s no es una definición de reglas (se esperaba un mapa)") % options["file"]
                )
        try:
            row = set_rules(plan, rules, actor=actor, reason=options["reason"], development_plan=pdd)
        except RulesError as exc:
            raise CommandError(str(exc)) from None
        scope_name = f"{plan.slug}/{pdd.slug}" if pdd else plan.slug
        if row is None:
            self.stdout.write(_("%s: las reglas ya eran estas; no se crea versión") % scope_name)
        else:
            self.stdout.write(
                _("%(scope)s: reglas de cálculo v%(v)d registradas") % {"scope": scope_name, "v": row.version}
            )
