"""``ssepot import lotes --plan SLUG [--lote N | --aprobar N | --rechazar N --motivo TEXTO]
[--usuario NOMBRE]``: the import batches waiting for review, one batch's differences, and the decision
(as on the "Importaciones" page: the same actions, the same audit)."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from ssepot.accounts.console import add_user_argument, user_or_error
from ssepot.catalogue.console import plan_or_error
from ssepot.reporting import batches
from ssepot.reporting.models import ImportBatch

SHOWN = 50
"""Differences printed for one batch (the page shows them all)."""


class Command(BaseCommand):
    help = _(
        "Lista los lotes de importación de un plan, muestra las diferencias de uno con los datos actuales, "
        "y lo aprueba o rechaza."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--plan", required=True, help=_("identificador (slug) del plan"))
        group = parser.add_mutually_exclusive_group()
        group.add_argument("--lote", type=int, metavar="N", help=_("muestra las diferencias del lote N"))
        group.add_argument("--aprobar", type=int, metavar="N", help=_("aprueba el lote N (pide --usuario)"))
        group.add_argument(
            "--rechazar", type=int, metavar="N", help=_("rechaza el lote N (pide --usuario y --motivo)")
        )
        parser.add_argument("--motivo", default="", help=_("motivo del rechazo, o nota de la aprobación"))
        add_user_argument(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        plan = plan_or_error(options["plan"])
        number = options["lote"] or options["aprobar"] or options["rechazar"]
        if number is None:
            self._list(plan)
            return
        batch = ImportBatch.objects.filter(plan=plan, pk=number).first()
        if batch is None:
            raise CommandError(_("el plan no tiene un lote %(n)d") % {"n": number})
        if options["lote"]:
            self._show(batch)
            return
        actor = user_or_error(options["usuario"])
        if actor is None:
            raise CommandError(_("diga quién revisa el lote con --usuario NOMBRE (un analista del plan)"))
        try:
            if options["aprobar"]:
                approvals = batches.approve_batch(batch, actor=actor, note=options["motivo"])
                self.stdout.write(
                    self.style.SUCCESS(
                        _(
                            "Lote %(n)d aprobado: %(count)d versiones nuevas, listas para la próxima "
                            "publicación."
                        )
                        % {"n": batch.pk, "count": len(approvals)}
                    )
                )
            else:
                batches.reject_batch(batch, actor=actor, reason=options["motivo"])
                self.stdout.write(self.style.SUCCESS(_("Lote %(n)d rechazado.") % {"n": batch.pk}))
        except batches.BatchRefused as refused:
            raise CommandError(refused.message) from None

    def _list(self, plan: Any) -> None:
        listed = ImportBatch.objects.filter(plan=plan).order_by("-imported_at", "-pk")
        if not listed.exists():
            self.stdout.write(_("El plan no tiene lotes de importación."))
        for b in listed:
            self.stdout.write(
                f"{b.pk:>6}  {b.get_state_display():<22}  {b.imported_at:%Y-%m-%d %H:%M}  "
                f"{b.importer:<18}  {b.file_name}  ({b.imported_as})"
            )

    def _show(self, batch: ImportBatch) -> None:
        found = batches.differences(batch)
        counts = ", ".join(f"{batches.KIND_OF_ONE[k]}: {n}" for k, n in found.counts.items())
        self.stdout.write(
            _("Lote %(n)d (%(state)s), %(file)s: %(counts)s")
            % {"n": batch.pk, "state": batch.get_state_display(), "file": batch.file_name, "counts": counts}
        )
        different = [d for d in found.rows if d.kind != batches.UNCHANGED]
        for row in batches.shown(batch, different[:SHOWN]):
            self.stdout.write(
                f"  {row.label:<10} {row.indicator} {row.unit} {row.year}: "
                f"{row.before or '—'} → {row.after or '—'}"
            )
        if len(different) > SHOWN:
            self.stdout.write(
                _("  ... y %(n)d más: véalos en Reporte > Importaciones") % {"n": len(different) - SHOWN}
            )
