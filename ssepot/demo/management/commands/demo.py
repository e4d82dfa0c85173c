"""``ssepot demo``: migrate, build the Medellín demo plan, create demo users and serve it.

The build replaces any previous demo plan in one transaction, so the command can be re-run.
"""

from __future__ import annotations

import io
import threading
import time
from argparse import ArgumentParser
from typing import IO, Any, cast

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from rich.console import Console
from rich.table import Table

from ssepot.demo.builder import build_demo
from ssepot.importers.base import ImportFailed


def database_location() -> str:
    """Where the default database is, in words a planner can act on."""
    db = settings.DATABASES["default"]
    if db["ENGINE"].endswith("sqlite3"):
        return f"SQLite: {db['NAME']}"
    host = db.get("HOST") or "localhost"
    port = f":{db['PORT']}" if db.get("PORT") else ""
    return f"{db['ENGINE'].rsplit('.', 1)[-1]}: {host}{port}/{db['NAME']}"


def start_task_worker() -> threading.Thread:
    """Run the background tasks (notifications) in a daemon thread beside the server, so the demo needs no
    second process; in production ``ssepot db_worker`` runs as its own service."""
    from django_tasks_db.management.commands.db_worker import Worker

    worker = Worker(queue_names=["*"], interval=2, batch=False, backend_name="default", startup_delay=False,
                    max_tasks=None, worker_id="demo", excluded_queue_names=[])  # fmt: skip
    thread = threading.Thread(target=worker.run, name="ssepot-tareas", daemon=True)
    thread.start()
    return thread


class Command(BaseCommand):
    help = "Crea el plan de demostración de Medellín (datos reales y sintéticos) y lo sirve en el navegador."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--no-serve", action="store_true", help="solo construye la demostración, sin servirla"
        )
        parser.add_argument("--addr", default="127.0.0.1:8000", help="dirección y puerto (127.0.0.1:8000)")

    def handle(self, *args: Any, **options: Any) -> None:
        console = Console(file=cast(IO[str], self.stdout), highlight=False, soft_wrap=True)
        console.print("[bold]SSEPOT - demostración del POT de Medellín[/bold]")
        console.print(f"Base de datos: {database_location()}")
        with console.status("Aplicando migraciones..."):
            call_command("migrate", interactive=False, verbosity=0)

        started = time.monotonic()
        with console.status("Construyendo la demostración...") as status:

            def step(label: str) -> None:
                status.update(f"{label}...")
                console.print(f"  [green]\u2713[/green] {label}")

            try:
                summary = build_demo(step)
            except ImportFailed as failed:
                # NB: real files come from SSEPOT_SHARED_DATA; name the faulty one instead of a traceback.
                raise CommandError(
                    "no se construyó la demostración "
                    f"(carpeta de datos: {settings.SHARED_DATA_DIR}):\n{failed}"
                ) from None
        with console.status("Calculando las cifras principales del directorio de planes..."):
            # NB: the demo publishes without the task queue's warm-up, which stores them after a publication
            call_command("headlines", stdout=io.StringIO())
        console.print(
            f"Demostración construida en {time.monotonic() - started:.1f} s "
            f"(plan '{summary.plan.slug}', datos sintéticos marcados como tales)."
        )

        table = Table(title="Datos cargados", show_header=True)
        table.add_column("registros")
        table.add_column("cantidad", justify="right")
        for label, count in summary.counts.items():
            table.add_row(label, f"{count:,}".replace(",", "."))
        console.print(table)
        console.print(
            f"Usuarios de demostración: {', '.join(summary.usernames)} "
            f"(contraseña: [bold]{summary.password}[/bold])"
        )
        console.print(f"Base de datos: {database_location()}")

        if options["no_serve"]:
            return
        addr = options["addr"]
        start_task_worker()
        console.print(f"Sirviendo en http://{addr}/ (Ctrl+C para terminar)")
        # NB: no reloader (it would re-run this command in a child); DEBUG stays as configured (off).
        call_command("runserver", addr, use_reloader=False)
