"""Reporting periods: the planning department asks every agency for its report at a cut-off date."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from ssepot.catalogue.models import PlanScoped


class ReportingPeriod(PlanScoped):
    class Status(models.TextChoices):
        PLANNED = "programado", _("Programado")
        OPEN = "abierto", _("Abierto")
        CLOSED = "cerrado", _("Cerrado")

    year = models.PositiveSmallIntegerField(_("vigencia"))
    cutoff_date = models.DateField(_("fecha de corte"))
    deadline = models.DateField(_("fecha límite de reporte"))
    status = models.CharField(_("estado"), max_length=20, choices=Status.choices, default=Status.PLANNED)

    class Meta:
        verbose_name = _("periodo de reporte")
        verbose_name_plural = _("periodos de reporte")
        ordering = ["plan", "-year"]
        constraints = [models.UniqueConstraint(fields=["plan", "year"], name="reportingperiod_unique_year")]

    def __str__(self) -> str:
        return f"{self.year} ({self.get_status_display()})"

    def clean(self) -> None:
        if self.cutoff_date and self.deadline and self.deadline < self.cutoff_date:
            raise ValidationError(
                {"deadline": _("La fecha límite no puede ser anterior a la fecha de corte.")}
            )
