"""The annual management report's narrative, stored per year as data (Markdown)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from ssepot.catalogue.models import PlanScoped


class NarrativeText(PlanScoped):
    """The text of one section of the year's report (presentation, a chapter's introduction...).

    Numbers typed here are compared with the computed figures by the narrative consistency check.
    """

    class Section(models.TextChoices):
        PRESENTATION = "presentacion", _("Presentación")
        USER_GUIDE = "guia", _("Guía de usuario")
        GENERALITIES = "generalidades", _("Generalidades del seguimiento y evaluación")
        COMMITMENTS = "compromisos", _("1. Compromisos del POT")
        POT_PDD = "pot_pdd", _("2. Articulación POT - PDD")
        SUBSYSTEMS = "subsistemas", _("3. Avance de los subsistemas")
        FRAMEWORK = "marco_estrategico", _("4. Seguimiento al marco estratégico")
        INDICATORS = "indicadores", _("5. Sistema de indicadores")
        DASHBOARDS = "tableros", _("6. Tableros")
        REVISION = "revision", _("7. Revisión y ajuste del POT")

    year = models.PositiveSmallIntegerField(_("vigencia"))
    section = models.CharField(_("sección"), max_length=30, choices=Section.choices)
    title = models.CharField(_("título"), max_length=200, blank=True)
    body = models.TextField(_("texto (Markdown)"), blank=True)
    source = models.CharField(_("fuente"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("texto del informe")
        verbose_name_plural = _("textos del informe")
        ordering = ["plan", "-year", "section"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "year", "section"], name="narrativetext_unique_section")
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.get_section_display()}"
