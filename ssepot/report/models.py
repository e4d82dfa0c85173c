"""The annual management report's narrative, stored per year as data (Markdown)."""

from __future__ import annotations

from django.conf import settings
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


class ReportBuild(PlanScoped):
    """One generation of the year's report, started by an analyst from the web and run by the task worker."""

    class Status(models.TextChoices):
        QUEUED = "en_cola", _("En cola")
        RUNNING = "en_curso", _("En curso")
        DONE = "terminado", _("Terminado")
        FAILED = "fallido", _("Fallido")

    year = models.PositiveSmallIntegerField(_("vigencia"))
    release_number = models.PositiveSmallIntegerField(
        _("publicación pedida"), null=True, blank=True, help_text=_("Vacío: la última publicación.")
    )
    release_label = models.CharField(_("publicación usada"), max_length=20, blank=True)
    status = models.CharField(_("estado"), max_length=20, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(_("avance (%)"), default=0)
    message = models.CharField(_("paso"), max_length=200, blank=True)
    error = models.TextField(_("error"), blank=True)
    files = models.JSONField(_("archivos"), default=dict, blank=True)
    seconds = models.JSONField(_("tiempos (s)"), default=dict, blank=True)
    findings = models.JSONField(_("cifras de la narrativa por revisar"), default=list, blank=True)
    corrections = models.PositiveIntegerField(_("correcciones posteriores"), default=0)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("pedido por"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("pedido"), auto_now_add=True)
    finished_at = models.DateTimeField(_("terminado"), null=True, blank=True)

    class Meta:
        verbose_name = _("generación del informe")
        verbose_name_plural = _("generaciones del informe")
        ordering = ["plan", "-created_at"]
        indexes = [models.Index(fields=["plan", "year"])]

    def __str__(self) -> str:
        return f"{self.year} #{self.pk} ({self.get_status_display()})"

    @property
    def finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)
