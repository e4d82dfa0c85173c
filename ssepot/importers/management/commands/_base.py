"""What every ``ssepot import <kind>`` command shares: plan lookup, dry run, progress bar and summary.

Django skips command modules whose name starts with an underscore, so this one is not a command itself.
"""

from __future__ import annotations

from argparse import ArgumentParser
from pathlib import Path
from typing import Any, ClassVar

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TextColumn, TimeElapsedColumn

from ssepot.accounts.console import add_user_argument, user_or_error
from ssepot.catalogue.console import plan_or_error
from ssepot.importers.base import Importer, ImportFailed, ImportResult
from ssepot.importers.report import summary_text, write_report


class ImportCommand(BaseCommand):
    """Subclasses set ``importer`` and may add their options in ``add_importer_arguments``."""

    importer: ClassVar[type[Importer[Any]]]
    #: importer option names taken from the command line (argparse ``dest`` names)
    importer_options: ClassVar[list[str]] = []

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("file", help=_("archivo a importar"))
        if self.importer.needs_plan:
            parser.add_argument("--plan", required=True, help=_("identificador (slug) del plan"))
        parser.add_argument(
            "--dry-run", action="store_true", help=_("revisa y simula la importación sin guardar nada")
        )
        parser.add_argument(
            "--informe",
            metavar="ARCHIVO",
            help=_(
                "escribe el informe de lo que se crea, cambia, omite o ignora, línea por línea, en ARCHIVO "
                "(.xlsx o texto); con --dry-run, lo que se haría"
            ),
        )
        add_user_argument(parser)
        self.add_importer_arguments(parser)

    def add_importer_arguments(self, parser: ArgumentParser) -> None:
        """Hook for the importer's own options."""

    def handle(self, *args: Any, **options: Any) -> None:
        plan = plan_or_error(options["plan"]) if self.importer.needs_plan else None
        extra = {name: options[name] for name in self.importer_options if options.get(name) is not None}
        actor = user_or_error(options["usuario"])
        importer = self.importer(options["file"], plan=plan, actor=actor, **extra)
        try:
            result = self._run(importer, dry_run=options["dry_run"])
        except ImportFailed as failed:
            for problem in failed.problems:
                self.stderr.write(str(problem))
            raise CommandError(
                _("no se importó nada: %(count)d problema(s) en %(file)s")
                % {"count": len(failed.problems), "file": importer.path.name}
            ) from None
        self._summary(importer, result)
        self._report(result, options.get("informe"))

    def _report(self, result: ImportResult, path: str | None) -> None:
        """The planner's report: its summary on the console after a dry run, every line in ``--informe``."""
        if result.dry_run and result.changes:
            self.stdout.write(summary_text(result))
        if path:
            write_report(result, Path(path))
            self.stdout.write(_("Informe escrito en %(path)s") % {"path": path})

    def _run(self, importer: Importer[Any], *, dry_run: bool) -> ImportResult:
        # NB: the bar goes to stderr so the summary on stdout stays clean for scripts, and it only appears
        # once writing starts: reading either succeeds quickly or fails with the list of problems.
        console = Console(stderr=True)
        bar = Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=console,
            transient=True,
            disable=not console.is_terminal,
        )
        task: TaskID | None = None

        def progress(done: int, total: int) -> None:
            nonlocal task
            if task is None:
                bar.start()
                task = bar.add_task(_("Guardando"), total=total)
            bar.update(task, completed=done, total=total)

        try:
            return importer.run(dry_run=dry_run, progress=progress)
        finally:
            bar.stop()

    def _summary(self, importer: Importer[Any], result: ImportResult) -> None:
        if result.dry_run:
            self.stdout.write(_("Simulación (--dry-run): no se guardó nada."))
        self.stdout.write(
            self.style.SUCCESS(
                _("%(file)s: %(summary)s") % {"file": importer.path.name, "summary": result.summary()}
            )
        )
        if importer.batch is not None and not result.dry_run:
            self.stdout.write(
                _(
                    "Los valores quedan en el lote %(n)d, pendiente de revisión: véalo y apruébelo o "
                    "rechácelo en Reporte > Importaciones o con «ssepot import lotes --plan %(plan)s»."
                )
                % {"n": importer.batch.pk, "plan": importer.plan.slug if importer.plan else ""}
            )
        if result.warnings:
            self.stdout.write(
                self.style.WARNING(_("Advertencias (%(count)d):") % {"count": len(result.warnings)})
            )
            for warning in result.warnings:
                self.stdout.write(f"  {warning}")
