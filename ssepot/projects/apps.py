from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    name = "ssepot.projects"
    verbose_name = _("Programa de ejecución")
