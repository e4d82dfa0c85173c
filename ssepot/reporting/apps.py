from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportingConfig(AppConfig):
    name = "ssepot.reporting"
    verbose_name = _("Reporte de dependencias")

    def ready(self) -> None:
        from ssepot.reporting import tasks

        tasks.connect()
