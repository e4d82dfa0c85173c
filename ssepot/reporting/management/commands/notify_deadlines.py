"""``ssepot notify_deadlines [--days N] [--date AAAA-MM-DD] [--now]``: reminders of unsubmitted items, for a
daily cron job. An agency is reminded N days before the deadline of an open period and on the deadline."""

from __future__ import annotations

import datetime as dt
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand
from django.utils import timezone
from django.utils.translation import gettext as _

from ssepot.reporting import tasks


class Command(BaseCommand):
    help = _("Recuerda a las dependencias los ítems sin enviar antes de la fecha límite (una vez al día).")

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--days", type=int, default=tasks.DEFAULT_DAYS_BEFORE,
            help=_("días antes de la fecha límite en que se envía el primer recordatorio (por omisión 3)"),
        )  # fmt: skip
        parser.add_argument(
            "--date", type=dt.date.fromisoformat, default=None, help=_("el día de hoy (AAAA-MM-DD)")
        )
        parser.add_argument("--now", action="store_true", help=_("envía ya, sin pasar por la cola de tareas"))

    def handle(self, *args: Any, **options: Any) -> None:
        today = options["date"] or timezone.localdate()
        self.stdout.write(
            tasks.run(tasks.send_deadline_reminders, today.isoformat(), options["days"], now=options["now"])
        )
