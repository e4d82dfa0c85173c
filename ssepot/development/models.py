"""Development plans (PDD): the mayor's four-year plan whose investment plan funds the POT's projects.

Structure is a tree of nodes (línea/pilar > componente > programa) with weights; indicators hang from any
node (program indicators, component indicators) and are ``indicators.Indicator`` rows, so POT and PDD
indicators share one technical sheet and one value history.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from ssepot.catalogue.history import catalogue_history, historised
from ssepot.catalogue.models import PlanScoped, System


class DevelopmentPlan(PlanScoped):
    slug = models.SlugField(_("identificador"), max_length=60)
    name = models.CharField(_("nombre"), max_length=200)
    act = models.CharField(_("acto de adopción"), max_length=120, blank=True)
    start_year = models.PositiveSmallIntegerField(_("año inicial"))
    end_year = models.PositiveSmallIntegerField(_("año final"))
    is_synthetic = models.BooleanField(_("datos sintéticos"), default=False)
    source = models.TextField(_("fuente"), blank=True)

    class Meta:
        verbose_name = _("plan de desarrollo")
        verbose_name_plural = _("planes de desarrollo")
        ordering = ["plan", "start_year"]
        constraints = [models.UniqueConstraint(fields=["plan", "slug"], name="developmentplan_unique_slug")]

    def __str__(self) -> str:
        return f"{self.name} {self.start_year}-{self.end_year}"


@historised
class PddNode(PlanScoped):
    """A line (pilar), component or program of a development plan."""

    class Level(models.TextChoices):
        LINE = "linea", _("Línea / pilar")
        COMPONENT = "componente", _("Componente")
        PROGRAM = "programa", _("Programa")

    development_plan = models.ForeignKey(
        DevelopmentPlan, verbose_name=_("plan de desarrollo"), on_delete=models.CASCADE, related_name="nodes"
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("nivel superior"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="children",
    )
    level = models.CharField(_("nivel"), max_length=20, choices=Level.choices)
    code = models.CharField(_("código"), max_length=30, help_text=_("Código compuesto, p. ej. 1.1.2"))
    name = models.CharField(_("nombre"), max_length=400)
    weight = models.DecimalField(_("peso"), max_digits=20, decimal_places=15, null=True, blank=True)
    systems = models.ManyToManyField(
        System, verbose_name=_("sistemas del POT relacionados"), blank=True, related_name="pdd_nodes"
    )
    history = catalogue_history()

    class Meta:
        verbose_name = _("nivel del plan de desarrollo")
        verbose_name_plural = _("estructura de los planes de desarrollo")
        ordering = ["plan", "development_plan", "code"]
        constraints = [
            models.UniqueConstraint(fields=["development_plan", "code"], name="pddnode_unique_code")
        ]
        indexes = [models.Index(fields=["plan", "development_plan", "level"])]

    def __str__(self) -> str:
        return f"{self.get_level_display()} {self.code} {self.name}"


@historised
class ProgramInvestment(PlanScoped):
    """A program's yearly budget and execution (integer COP)."""

    node = models.ForeignKey(
        PddNode, verbose_name=_("programa"), on_delete=models.CASCADE, related_name="investments"
    )
    year = models.PositiveSmallIntegerField(_("vigencia"))
    budget = models.BigIntegerField(_("presupuesto ajustado (COP)"), default=0)
    executed = models.BigIntegerField(_("ejecutado (COP)"), default=0)
    history = catalogue_history()

    class Meta:
        verbose_name = _("inversión anual de programa")
        verbose_name_plural = _("inversión anual de programas")
        ordering = ["plan", "node", "year"]
        constraints = [models.UniqueConstraint(fields=["node", "year"], name="programinvestment_unique_year")]

    def __str__(self) -> str:
        return f"{self.node.code} {self.year}"


@historised
class InvestmentPlanYear(PlanScoped):
    """The development plan's multi-year investment plan (PPI) total for one year (integer COP)."""

    development_plan = models.ForeignKey(
        DevelopmentPlan,
        verbose_name=_("plan de desarrollo"),
        on_delete=models.CASCADE,
        related_name="investment_plan",
    )
    year = models.PositiveSmallIntegerField(_("vigencia"))
    amount = models.BigIntegerField(_("monto del plan plurianual (COP)"))
    history = catalogue_history()

    class Meta:
        verbose_name = _("plan plurianual de inversiones (año)")
        verbose_name_plural = _("plan plurianual de inversiones")
        ordering = ["plan", "development_plan", "year"]
        constraints = [
            models.UniqueConstraint(
                fields=["development_plan", "year"], name="investmentplanyear_unique_year"
            )
        ]

    def __str__(self) -> str:
        return f"{self.development_plan} {self.year}"
