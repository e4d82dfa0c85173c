"""What the console commands share about the catalogue: finding the plan that ``--plan`` names (and saying
how to create one when there is none), and turning a refused write into a message that names the options.
"""

from __future__ import annotations

from collections.abc import Mapping

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from ssepot.catalogue.actions import DIVIPOLA_CSV
from ssepot.catalogue.models import Municipality, Plan

GUIDE = "docs/primeros-pasos.md"


def create_plan_command(slug: str = "SLUG") -> str:
    """The command that creates a plan, with the placeholders a new user fills in."""
    return (
        f'ssepot plan create --divipola CODIGO --slug {slug or "SLUG"} --name "NOMBRE" '
        '--act "ACUERDO N DE AAAA" --adopted AAAA-MM-DD --end AAAA'
    )


def plan_or_error(slug: str) -> Plan:
    """The plan whose identifier is ``slug``; else a ``CommandError`` that lists the plans there are and
    gives the exact command that creates one (and, on a fresh install, the one that loads DIVIPOLA first)."""
    plan = Plan.objects.filter(slug=slug).first()
    if plan is not None:
        return plan
    known = ", ".join(Plan.objects.order_by("slug").values_list("slug", flat=True)) or _("ninguno")
    lines = [
        _("no existe un plan con identificador '%(slug)s' (planes disponibles: %(known)s)")
        % {"slug": slug, "known": known},
        _("Para crear el plan: %(command)s") % {"command": create_plan_command(slug)},
    ]
    if not Municipality.objects.exists():
        lines.append(
            _("Antes, cargue los municipios: ssepot import municipalities %(csv)s") % {"csv": DIVIPOLA_CSV}
        )
    lines.append(_("Paso a paso: %(guide)s") % {"guide": GUIDE})
    raise CommandError("\n".join(lines))


def refused(error: ValidationError, options: Mapping[str, object], what: str) -> CommandError:
    """``error``'s messages, one per line, each after the option it is about (``--slug: ya existe ...``).

    ``options`` maps the action's field names to the command's options; a field it does not name is shown
    by its own name.
    """
    lines = [_("no se %(what)s:") % {"what": what}]
    for field, messages in error.message_dict.items():
        where = "" if field == NON_FIELD_ERRORS else f"{options.get(field, field)}: "
        lines += [f"  {where}{message}" for message in messages]
    return CommandError("\n".join(lines))
