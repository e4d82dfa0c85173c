"""The execution program (programa de ejecución): the plan's projects with their money and progress."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from ssepot.catalogue.models import Agency, Article, PlanScoped, Subsystem, TerritorialUnit, Versioned


class Project(PlanScoped):
    code = models.CharField(_("código"), max_length=40)
    name = models.CharField(_("nombre"), max_length=400)
    description = models.TextField(_("descripción"), blank=True)
    subsystem = models.ForeignKey(
        Subsystem, verbose_name=_("subsistema"), on_delete=models.RESTRICT, related_name="projects"
    )
    agency = models.ForeignKey(
        Agency, verbose_name=_("dependencia responsable"), on_delete=models.RESTRICT, related_name="projects"
    )
    territorial_units = models.ManyToManyField(
        TerritorialUnit, verbose_name=_("unidades territoriales"), blank=True, related_name="projects"
    )
    articles = models.ManyToManyField(
        Article, verbose_name=_("artículos"), blank=True, related_name="projects"
    )

    class Meta:
        verbose_name = _("proyecto")
        verbose_name_plural = _("proyectos del programa de ejecución")
        ordering = ["plan", "code"]
        constraints = [models.UniqueConstraint(fields=["plan", "code"], name="project_unique_code")]
        indexes = [models.Index(fields=["plan", "subsystem"]), models.Index(fields=["plan", "agency"])]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class ProjectYear(Versioned):
    """A project's budget, executed amount (integer COP) and physical progress for one year."""

    project = models.ForeignKey(
        Project, verbose_name=_("proyecto"), on_delete=models.CASCADE, related_name="years"
    )
    year = models.PositiveSmallIntegerField(_("vigencia"))
    budget = models.BigIntegerField(_("presupuesto (COP)"), default=0)
    executed = models.BigIntegerField(_("ejecutado (COP)"), default=0)
    physical_progress = models.DecimalField(
        _("avance físico (%)"), max_digits=5, decimal_places=2, null=True, blank=True
    )

    class Meta:
        verbose_name = _("ejecución anual de proyecto")
        verbose_name_plural = _("ejecución anual de proyectos")
        ordering = ["plan", "project", "year", "version"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "project", "year", "version"], name="projectyear_unique"),
            models.CheckConstraint(
                condition=models.Q(budget__gte=0, executed__gte=0), name="projectyear_money_nonnegative"
            ),
        ]
        # NB: keys start with the plan (distribution by plan); the unique key serves (plan, project, year).
        indexes = [models.Index(fields=["plan", "year"])]

    def __str__(self) -> str:
        return f"{self.project.code} {self.year}"
