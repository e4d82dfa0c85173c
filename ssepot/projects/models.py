"""The execution program (programa de ejecución): the plan's projects with their money and progress."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from ssepot.catalogue.history import catalogue_history, historised
from ssepot.catalogue.models import Agency, Article, PlanScoped, Subsystem, TerritorialUnit, Versioned


@historised
class Project(PlanScoped):
    """A project of the execution program, or a public-works contract imported from a file.

    An imported contract may arrive without a subsystem or an agency ("sin asignar"): the analyst assigns
    them later (``ssepot.projects.actions.assign_projects``). Its value is the contract's, counted once,
    however many activity rows (``Work``) the file had for it."""

    code = models.CharField(_("código"), max_length=40)
    name = models.CharField(_("nombre"), max_length=400)
    description = models.TextField(_("descripción"), blank=True)
    subsystem = models.ForeignKey(
        Subsystem,
        verbose_name=_("subsistema"),
        on_delete=models.RESTRICT,
        related_name="projects",
        null=True,
        blank=True,
        help_text=_("Vacío: sin asignar (lo asigna el analista)."),
    )
    agency = models.ForeignKey(
        Agency,
        verbose_name=_("dependencia responsable"),
        on_delete=models.RESTRICT,
        related_name="projects",
        null=True,
        blank=True,
        help_text=_("Vacía: sin asignar (la asigna el analista)."),
    )
    contract_type = models.CharField(_("tipo de contrato"), max_length=60, blank=True)
    status = models.CharField(_("estado"), max_length=60, blank=True)
    start_date = models.DateField(_("fecha de inicio"), null=True, blank=True)
    end_date = models.DateField(_("fecha de terminación"), null=True, blank=True)
    contract_value = models.BigIntegerField(
        _("valor del contrato (COP)"),
        null=True,
        blank=True,
        help_text=_("Una vez por contrato, aunque el archivo lo repita en cada actividad."),
    )
    source = models.CharField(_("fuente"), max_length=200, blank=True)
    territorial_units = models.ManyToManyField(
        TerritorialUnit, verbose_name=_("unidades territoriales"), blank=True, related_name="projects"
    )
    articles = models.ManyToManyField(
        Article, verbose_name=_("artículos"), blank=True, related_name="projects"
    )
    # NB: its subsystem and agency group the money figures: a release reads them as they were (ADR 0006)
    history = catalogue_history()

    class Meta:
        verbose_name = _("proyecto")
        verbose_name_plural = _("proyectos del programa de ejecución")
        ordering = ["plan", "code"]
        constraints = [models.UniqueConstraint(fields=["plan", "code"], name="project_unique_code")]
        indexes = [models.Index(fields=["plan", "subsystem"]), models.Index(fields=["plan", "agency"])]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class Work(PlanScoped):
    """One place of a project: an activity row of a public-works file, with its geometry (GeoJSON in
    WGS84: a point, a line or a polygon) and the territorial unit it falls in."""

    project = models.ForeignKey(
        Project, verbose_name=_("proyecto"), on_delete=models.CASCADE, related_name="works"
    )
    key = models.CharField(
        _("clave"), max_length=80, help_text=_("Identifica la fila en el archivo de origen al reimportar.")
    )
    activity = models.CharField(_("actividad"), max_length=300, blank=True)
    unit = models.CharField(_("unidad"), max_length=30, blank=True)
    quantity = models.DecimalField(_("cantidad"), max_digits=24, decimal_places=6, null=True, blank=True)
    location = models.CharField(_("ubicación"), max_length=400, blank=True)
    geometry = models.JSONField(_("geometría (GeoJSON)"))
    territorial_unit = models.ForeignKey(
        TerritorialUnit,
        verbose_name=_("unidad territorial"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="works",
    )
    declared_unit = models.CharField(_("comuna declarada en el archivo"), max_length=120, blank=True)
    year = models.PositiveSmallIntegerField(_("vigencia"), null=True, blank=True)

    class Meta:
        verbose_name = _("obra")
        verbose_name_plural = _("obras")
        ordering = ["plan", "project", "key"]
        constraints = [models.UniqueConstraint(fields=["plan", "project", "key"], name="work_unique_key")]
        indexes = [models.Index(fields=["plan", "territorial_unit"])]

    def __str__(self) -> str:
        return f"{self.project.code} {self.activity or self.key}"


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
