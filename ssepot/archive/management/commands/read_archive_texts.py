"""``ssepot read_archive_texts --plan SLUG [--usuario USUARIO]``: read again the text of every archive
document with a file, as saving it does (for documents filed before the expediente's search existed, or
after a reader improved). Each change is audited like any other save."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from ssepot.accounts.console import add_user_argument, user_or_error
from ssepot.archive.actions import save_document
from ssepot.archive.models import ArchiveDocument
from ssepot.catalogue.console import plan_or_error


class Command(BaseCommand):
    help = _("Lee de nuevo el texto de los archivos de los documentos del archivo técnico, para la búsqueda.")

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--plan", required=True, help=_("el plan (su identificador corto)"))
        add_user_argument(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        plan = plan_or_error(options["plan"])
        actor = user_or_error(options["usuario"])
        read = changed = 0
        for document in ArchiveDocument.objects.filter(plan=plan).exclude(file="").order_by("pk"):
            before = document.text
            save_document(document, actor=actor, reason=_("lectura del texto del archivo"))
            read += 1
            changed += document.text != before
            if document.text_note:
                self.stdout.write(f"{document.pk}: {document.title[:60]}: {document.text_note}")
        self.stdout.write(
            _("documentos leídos: %(read)d; con texto nuevo: %(changed)d.")
            % {"read": read, "changed": changed}
        )
