from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CatalogueConfig(AppConfig):
    name = "ssepot.catalogue"
    verbose_name = _("Catálogo del plan")
