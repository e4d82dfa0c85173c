"""``ssepot send_digest [--date AAAA-MM-DD] [--now]``: the analysts' daily digest, for a daily cron job."""

from __future__ import annotations

import datetime as dt
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand
from django.utils import timezone
from django.utils.translation import gettext as _

from ssepot.reporting import tasks


class Command(BaseCommand):
    help = _("Envía a los analistas el resumen diario: ítems por revisar y respuestas, por dependencia.")

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--date", type=dt.date.fromisoformat, default=None, help=_("el día de hoy (AAAA-MM-DD)")
        )
        parser.add_argument("--now", action="store_true", help=_("envía ya, sin pasar por la cola de tareas"))

    def handle(self, *args: Any, **options: Any) -> None:
        today = options["date"] or timezone.localdate()
        self.stdout.write(tasks.run(tasks.send_daily_digest, today.isoformat(), now=options["now"]))
