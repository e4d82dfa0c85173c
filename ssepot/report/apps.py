from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportConfig(AppConfig):
    name = "ssepot.report"
    verbose_name = _("Informe de gestión")
