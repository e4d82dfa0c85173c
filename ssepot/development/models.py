"""Development plans (PDD): the mayor's four-year plan whose investment plan funds the POT's projects.

Structure is a tree of nodes with weights, as deep as the plan is: Medellín's línea/pilar > componente >
programa, or another municipality's eje > programa > subprograma > meta de resultado. The levels are data
(``PddLevel``: a key, a name and a depth per development plan); a plan without them has the three default
levels. Indicators hang from any node (program indicators, component indicators) and are
``indicators.Indicator`` rows, so POT and PDD indicators share one technical sheet and one value history; the
indicators of the deepest level make the plan's physical progress.
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


class PddLevel(PlanScoped):
    """One level of a development plan's structure: its key (``linea``, ``meta-resultado``), its name and
    its depth (1 is the top). The deepest level is the one whose indicators make the physical progress."""

    development_plan = models.ForeignKey(
        DevelopmentPlan, verbose_name=_("plan de desarrollo"), on_delete=models.CASCADE, related_name="levels"
    )
    depth = models.PositiveSmallIntegerField(_("profundidad"), help_text=_("1 es el nivel superior"))
    key = models.SlugField(_("clave"), max_length=40)
    name = models.CharField(_("nombre"), max_length=120)

    class Meta:
        verbose_name = _("nivel de la estructura del plan de desarrollo")
        verbose_name_plural = _("niveles de la estructura de los planes de desarrollo")
        ordering = ["plan", "development_plan", "depth"]
        constraints = [
            models.UniqueConstraint(fields=["development_plan", "depth"], name="pddlevel_unique_depth"),
            models.UniqueConstraint(fields=["development_plan", "key"], name="pddlevel_unique_key"),
        ]

    def __str__(self) -> str:
        return f"{self.depth}. {self.name}"


def plan_levels(development_plan: DevelopmentPlan | int) -> list[tuple[str, str]]:
    """The plan's levels from the top, as (key, name); the three default levels when it declares none."""
    pk = development_plan if isinstance(development_plan, int) else development_plan.pk
    found = list(PddLevel.objects.filter(development_plan_id=pk).order_by("depth").values_list("key", "name"))
    return found or [(str(level.value), str(level.label)) for level in PddNode.Level]


def leaf_level(development_plan: DevelopmentPlan | int) -> str:
    """The key of the plan's deepest level: its nodes' indicators make the physical progress."""
    return plan_levels(development_plan)[-1][0]


@historised
class PddNode(PlanScoped):
    """A node of a development plan's structure (a line, component, program, goal... of any level)."""

    class Level(models.TextChoices):
        """The default levels (Medellín's), for plans that declare none (``PddLevel``); not a closed list."""

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
    level = models.CharField(
        _("nivel"),
        max_length=40,
        help_text=_("La clave del nivel en la estructura del plan (p. ej. programa)"),
    )
    code = models.CharField(_("código"), max_length=30, help_text=_("Código compuesto, p. ej. 1.1.2"))
    name = models.CharField(_("nombre"), max_length=400)
    weight = models.DecimalField(_("peso"), max_digits=20, decimal_places=15, null=True, blank=True)
    systems = models.ManyToManyField(
        System, verbose_name=_("sistemas del POT relacionados"), blank=True, related_name="pdd_nodes"
    )
    history = catalogue_history(links=["systems"])

    class Meta:
        verbose_name = _("nivel del plan de desarrollo")
        verbose_name_plural = _("estructura de los planes de desarrollo")
        ordering = ["plan", "development_plan", "code"]
        constraints = [
            models.UniqueConstraint(fields=["development_plan", "code"], name="pddnode_unique_code")
        ]
        indexes = [models.Index(fields=["plan", "development_plan", "level"])]

    def __str__(self) -> str:
        return f"{DEFAULT_LEVEL_NAMES.get(self.level, self.level)} {self.code} {self.name}"


DEFAULT_LEVEL_NAMES = {str(level.value): level.label for level in PddNode.Level}


MONEY_FIELDS = (
    "initial_appropriation",
    "budget",
    "commitments",
    "obligations",
    "payments",
    "executed",
    "financial_plan",
)
"""The amounts of an investment row, in the order a budget execution report writes them (integer COP)."""


@historised
class ProgramInvestment(PlanScoped):
    """One budget line of the development plan for one year (integer COP): a program's (or any level's)
    money, or a goal's (``indicator``), of one investment project (``bpin``) and one funding source.

    ``budget`` is the final appropriation (apropiación definitiva, the budget as adjusted); ``executed`` is
    what the plan reports as executed: the source's own «ejecutado» or, when the source has none, its
    commitments (compromisos), the measure of Colombian budget execution. The other amounts are kept as the
    source gives them; an amount the source does not carry is empty, never 0.
    """

    node = models.ForeignKey(
        PddNode, verbose_name=_("nivel del plan"), on_delete=models.CASCADE, related_name="investments"
    )
    indicator = models.ForeignKey(
        "indicators.Indicator",
        verbose_name=_("meta (indicador)"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="investments",
    )
    agency = models.ForeignKey(
        "catalogue.Agency",
        verbose_name=_("dependencia"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="investments",
    )
    year = models.PositiveSmallIntegerField(_("vigencia"))
    bpin = models.CharField(_("código BPIN"), max_length=40, blank=True, default="")
    project = models.CharField(_("proyecto de inversión"), max_length=400, blank=True, default="")
    source = models.CharField(_("fuente de financiación"), max_length=200, blank=True, default="")
    initial_appropriation = models.BigIntegerField(_("apropiación inicial (COP)"), null=True, blank=True)
    budget = models.BigIntegerField(_("apropiación definitiva o presupuesto ajustado (COP)"), default=0)
    commitments = models.BigIntegerField(_("compromisos (COP)"), null=True, blank=True)
    obligations = models.BigIntegerField(_("obligaciones (COP)"), null=True, blank=True)
    payments = models.BigIntegerField(_("pagos (COP)"), null=True, blank=True)
    executed = models.BigIntegerField(_("ejecutado (COP)"), default=0)
    financial_plan = models.BigIntegerField(_("plan financiero (COP)"), null=True, blank=True)
    cutoff = models.DateField(_("fecha de corte"), null=True, blank=True)
    history = catalogue_history()

    class Meta:
        verbose_name = _("inversión anual del plan de desarrollo")
        verbose_name_plural = _("inversión anual del plan de desarrollo")
        ordering = ["plan", "node", "year"]
        constraints = [
            models.UniqueConstraint(
                fields=["node", "year", "bpin", "source"],
                condition=models.Q(indicator__isnull=True),
                name="programinvestment_unique_line",
            ),
            models.UniqueConstraint(
                fields=["indicator", "year", "bpin", "source"],
                condition=models.Q(indicator__isnull=False),
                name="programinvestment_unique_goal_line",
            ),
            models.CheckConstraint(
                condition=models.Q(budget__gte=0, executed__gte=0)
                & (models.Q(initial_appropriation__isnull=True) | models.Q(initial_appropriation__gte=0))
                & (models.Q(commitments__isnull=True) | models.Q(commitments__gte=0))
                & (models.Q(obligations__isnull=True) | models.Q(obligations__gte=0))
                & (models.Q(payments__isnull=True) | models.Q(payments__gte=0))
                & (models.Q(financial_plan__isnull=True) | models.Q(financial_plan__gte=0)),
                name="programinvestment_money_nonnegative",
            ),
        ]

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
