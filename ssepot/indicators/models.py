"""Indicators: the technical sheet (ficha técnica), yearly targets and measured values.

One model serves POT indicators and development-plan (PDD) indicators: a PDD indicator hangs from a
``PddNode``. Values are append-only (``Versioned``); unknown values keep their code ('S/D', '-1', '-2')
instead of a number.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ssepot.catalogue.history import catalogue_history, historised
from ssepot.catalogue.models import (
    Agency,
    Article,
    FrameworkElement,
    PlanScoped,
    Subsystem,
    TerritorialUnit,
    Versioned,
)
from ssepot.commitments.models import Commitment
from ssepot.core.inputs import as_written
from ssepot.core.periods import MONTHLY, QUARTERLY, WHOLE_YEAR, YEARLY
from ssepot.development.models import DevelopmentPlan, PddNode
from ssepot.projects.models import Project

VALUE_CODES = ("S/D", "SD", "ND", "NA", "N/A", "-1", "-2")
"""Codes a reporter or a file may give instead of a number ('sin dato', 'no disponible', 'no aplica'...):
kept as ``IndicatorValue.value_code``, never as numbers. One list for forms, workbooks and importers."""

RETRACTED = "RETIRADO"
"""The code of a retraction: the version that supersedes a value an approved import no longer brings
(``reporting.batches``). Not among ``VALUE_CODES``: no form, workbook or file writes it; a retracted key
has no number, so figures read it as missing, and a release that publishes it shows the value withdrawn."""


@historised
class Indicator(PlanScoped):
    class Frequency(models.TextChoices):
        """How often the indicator reports: a year's value, or one per quarter or month
        (``ssepot.core.periods`` combines them into the year by the indicator's rule)."""

        YEARLY = YEARLY, _("Anual")
        QUARTERLY = QUARTERLY, _("Trimestral")
        MONTHLY = MONTHLY, _("Mensual")

    class Type(models.TextChoices):
        PRODUCT = "P", _("Producto")
        RESULT = "R", _("Resultado")
        MANAGEMENT = "G", _("Gestión")
        IMPACT = "I", _("Impacto")

    class Direction(models.TextChoices):
        INCREASING = "C", _("Creciente")
        DECREASING = "D", _("Decreciente")

    class Accumulation(models.TextChoices):
        """Medellín's codes, for code that builds indicators; a plan may use any code its rules map."""

        ACCUMULATED = "A", _("Acumulado")
        NOT_ACCUMULATED = "NoA", _("No acumulado")
        MAINTENANCE = "M", _("Mantenimiento")

    code = models.CharField(_("código"), max_length=40)
    name = models.CharField(_("nombre"), max_length=600)
    indicator_type = models.CharField(_("tipo"), max_length=1, choices=Type.choices)
    definition = models.TextField(_("definición"), blank=True)
    objective = models.TextField(_("objetivo"), blank=True)
    legal_basis = models.TextField(_("normativa"), blank=True)
    formula = models.TextField(_("fórmula"), blank=True)
    operative_variables = models.TextField(_("variables operativas"), blank=True)
    unit = models.CharField(_("unidad de medida"), max_length=120)
    direction = models.CharField(
        _("sentido"), max_length=1, choices=Direction.choices, default=Direction.INCREASING
    )
    desired_behaviour = models.CharField(_("comportamiento deseado"), max_length=200, blank=True)
    # NB: no fixed choices: each plan maps its own codes (A/NoA/M, Incremento/Mantenimiento/Reducción...) to
    # named rules in its calculation rules (``ssepot.core.rules``), which say what the code means.
    accumulation = models.CharField(
        _("tipo de acumulación (FC)"),
        max_length=40,
        help_text=_(
            "El código del plan; sus reglas de cálculo dicen qué regla aplica (acumulado, flujo...)."
        ),
    )
    baseline_value = models.DecimalField(
        _("línea base"), max_digits=20, decimal_places=6, null=True, blank=True
    )
    baseline_code = models.CharField(
        _("código de línea base"),
        max_length=20,
        blank=True,
        help_text=_("Código cuando el valor no se conoce: S/D, -1, -2 (no son números)."),
    )
    baseline_year = models.CharField(_("vigencia de la línea base"), max_length=40, blank=True)
    baseline_type = models.CharField(_("tipo de línea base"), max_length=120, blank=True)
    baseline_included = models.BooleanField(_("incluye línea base en la meta"), null=True, blank=True)
    baseline_included_raw = models.CharField(
        _("valor original de 'incluye línea base'"),
        max_length=40,
        blank=True,
        help_text=_("El texto de la ficha cuando no es Sí/No."),
    )
    plan_target = models.DecimalField(
        _("meta del plan"), max_digits=20, decimal_places=6, null=True, blank=True
    )
    plan_target_code = models.CharField(_("código de meta"), max_length=20, blank=True)
    # NB: 15 decimals: a global weight such as Medellín's (0.000324429855039) loses 20 % at 6 decimals
    weight = models.DecimalField(_("peso"), max_digits=20, decimal_places=15, null=True, blank=True)
    source_figures = models.JSONField(
        _("resultados de la fuente"),
        default=dict,
        blank=True,
        help_text=_(
            "Lo que el libro de origen calculó para el indicador (avance, cumplimiento, un segundo peso), "
            "guardado para compararlo con el cálculo del sistema; nunca se usa como cifra."
        ),
    )
    periodicity = models.TextField(_("periodicidad"), blank=True)
    frequency = models.CharField(
        _("frecuencia de reporte"),
        max_length=12,
        choices=Frequency.choices,
        default=Frequency.YEARLY,
        db_default=Frequency.YEARLY,
        help_text=_(
            "Anual: un valor por vigencia. Trimestral o mensual: metas y logros por periodo, que se "
            "combinan en el año según la regla del indicador."
        ),
    )
    source = models.TextField(_("fuente"), blank=True)
    source_type = models.TextField(_("tipo de fuente"), blank=True)
    verification_means = models.TextField(_("medio de verificación"), blank=True)
    data_format = models.CharField(_("formato de datos de la fuente"), max_length=200, blank=True)
    collection_instrument = models.TextField(_("instrumento de recolección"), blank=True)
    observations = models.TextField(_("observaciones"), blank=True)
    agency = models.ForeignKey(
        Agency,
        verbose_name=_("dependencia responsable"),
        null=True,
        blank=True,
        on_delete=models.RESTRICT,
        related_name="indicators",
    )
    reporting_agency = models.ForeignKey(
        Agency,
        verbose_name=_("dependencia que reporta"),
        null=True,
        blank=True,
        on_delete=models.RESTRICT,
        related_name="reported_indicators",
    )
    is_disaggregated = models.BooleanField(_("desagregado por unidad territorial"), default=False)

    # POT links
    subsystem = models.ForeignKey(
        Subsystem,
        verbose_name=_("subsistema"),
        null=True,
        blank=True,
        on_delete=models.RESTRICT,
        related_name="indicators",
    )
    articles = models.ManyToManyField(
        Article, verbose_name=_("artículos"), blank=True, related_name="indicators"
    )
    commitments = models.ManyToManyField(
        Commitment, verbose_name=_("compromisos"), blank=True, related_name="indicators"
    )
    projects = models.ManyToManyField(
        Project, verbose_name=_("proyectos del POT"), blank=True, related_name="indicators"
    )
    objectives = models.ManyToManyField(
        FrameworkElement,
        verbose_name=_("objetivos estratégicos"),
        blank=True,
        related_name="indicators",
        limit_choices_to={"kind": FrameworkElement.Kind.OBJECTIVE},
    )
    territorial_units = models.ManyToManyField(
        TerritorialUnit, verbose_name=_("unidades territoriales"), blank=True, related_name="indicators"
    )
    # PDD link: set for development-plan indicators (program or component indicators). Codes are unique
    # per development plan there (two PDDs reuse '1.1.1.2'), per plan for the POT's own indicators.
    development_plan = models.ForeignKey(
        DevelopmentPlan,
        verbose_name=_("plan de desarrollo"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="indicators",
    )
    pdd_node = models.ForeignKey(
        PddNode,
        verbose_name=_("nivel del plan de desarrollo"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="indicators",
    )
    sequence = models.PositiveIntegerField(_("número en el programa"), null=True, blank=True)
    history = catalogue_history(links=["projects"])

    class Meta:
        verbose_name = _("indicador")
        verbose_name_plural = _("indicadores")
        ordering = ["plan", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "code"],
                condition=models.Q(development_plan__isnull=True),
                name="indicator_unique_code_pot",
            ),
            models.UniqueConstraint(
                fields=["plan", "development_plan", "code"],
                condition=models.Q(development_plan__isnull=False),
                name="indicator_unique_code_pdd",
            ),
            models.CheckConstraint(
                condition=models.Q(pdd_node__isnull=True) | models.Q(development_plan__isnull=False),
                name="indicator_pdd_node_needs_development_plan",
            ),
        ]
        indexes = [
            models.Index(fields=["plan", "subsystem"]),
            models.Index(fields=["plan", "development_plan", "pdd_node"]),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name[:100]}"

    @property
    def accumulation_label(self) -> str:
        """The plan's code and the rule its calculation rules give it: ``A (acumulado)``."""
        from ssepot.indicators.rules import current_rules

        rule = current_rules(self.plan_id, self.development_plan).accumulation.get(self.accumulation)
        return f"{self.accumulation} ({rule})" if rule else self.accumulation

    @property
    def is_pdd(self) -> bool:
        return self.development_plan_id is not None


# NB: ``period`` 0 (``WHOLE_YEAR``) is a row that holds the whole year; 1-4 are quarters and 1-12 months, as
# the indicator's ``frequency`` says (``ssepot.core.periods``)
PERIOD_RANGE = models.Q(period__gte=0, period__lte=12)


@historised
class IndicatorTarget(PlanScoped):
    """The programmed value of an indicator for one year, or for one of its quarters or months
    (``period``; 0 means the whole year). A value of 0 means 'no aplica' that year or period."""

    indicator = models.ForeignKey(
        Indicator, verbose_name=_("indicador"), on_delete=models.CASCADE, related_name="targets"
    )
    year = models.PositiveSmallIntegerField(_("vigencia"))
    period = models.PositiveSmallIntegerField(
        _("periodo"),
        default=WHOLE_YEAR,
        db_default=WHOLE_YEAR,
        help_text=_(
            "0 = el año completo; 1-4 el trimestre o 1-12 el mes, según la frecuencia del indicador."
        ),
    )
    value = models.DecimalField(_("meta"), max_digits=20, decimal_places=6)
    programmed = models.DecimalField(
        _("avance programado declarado"),
        max_digits=20,
        decimal_places=15,
        null=True,
        blank=True,
        help_text=_(
            "Fracción de la meta del plan que la oficina de planeación programó al cierre del año, cuando la "
            "declara (reprogramaciones); sin ella, el avance programado sale de las metas anuales."
        ),
    )
    history = catalogue_history()

    class Meta:
        verbose_name = _("meta anual")
        verbose_name_plural = _("metas anuales")
        ordering = ["plan", "indicator", "year", "period"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "year", "period"], name="indicatortarget_unique_year_period"
            ),
            models.CheckConstraint(condition=PERIOD_RANGE, name="indicatortarget_period_range"),
        ]
        # NB: keys start with the plan so a plan's rows sit together (and can be distributed by plan).
        indexes = [models.Index(fields=["plan", "indicator", "year"])]

    def __str__(self) -> str:
        when = f"-{self.period}" if self.period else ""
        return f"{self.indicator.code} {self.year}{when}: {self.value}"


class MeasuredValueField(models.DecimalField):
    """A measured value: stored with the column's 20 decimals, read back as written (12.5, not
    12.50000000000000000000), so every reader, export and message shows what the source wrote."""

    def from_db_value(self, value: Decimal | None, expression: Any, connection: Any) -> Decimal | None:
        return None if value is None else as_written(value)


class IndicatorValue(Versioned):
    """A measured value for a year, or one of its quarters or months (``period``; 0 = the whole year), and
    optionally a territorial unit; never updated, only superseded. The key of its versions is (indicator,
    year, period, territorial unit)."""

    indicator = models.ForeignKey(
        Indicator, verbose_name=_("indicador"), on_delete=models.CASCADE, related_name="values"
    )
    year = models.PositiveSmallIntegerField(_("vigencia"))
    period = models.PositiveSmallIntegerField(
        _("periodo"),
        default=WHOLE_YEAR,
        db_default=WHOLE_YEAR,
        help_text=_(
            "0 = el año completo; 1-4 el trimestre o 1-12 el mes, según la frecuencia del indicador."
        ),
    )
    territorial_unit = models.ForeignKey(
        TerritorialUnit,
        verbose_name=_("unidad territorial"),
        null=True,
        blank=True,
        on_delete=models.RESTRICT,
        related_name="indicator_values",
    )
    # NB: twenty decimals keep the 15 significant digits of statistics published by others (Open SDG's
    # 0.0734463276836158) with the same 14 digits before the comma as before; ``core.inputs`` reads the
    # limits from this field.
    value = MeasuredValueField(_("valor"), max_digits=34, decimal_places=20, null=True, blank=True)
    value_code = models.CharField(
        _("código de valor"),
        max_length=20,
        blank=True,
        help_text=_("S/D u otro código cuando no hay número."),
    )
    observation = models.TextField(_("observación"), blank=True)
    evidence = models.FileField(_("evidencia"), upload_to="evidence/indicators/%Y/", blank=True)

    class Meta:
        verbose_name = _("valor medido")
        verbose_name_plural = _("valores medidos")
        ordering = ["plan", "indicator", "year", "period", "territorial_unit", "version"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "indicator", "year", "period", "territorial_unit", "version"],
                name="indicatorvalue_unique_period_version",
            ),
            models.UniqueConstraint(
                fields=["plan", "indicator", "year", "period", "version"],
                condition=models.Q(territorial_unit__isnull=True),
                name="indicatorvalue_unique_period_version_total",
            ),
            models.CheckConstraint(condition=PERIOD_RANGE, name="indicatorvalue_period_range"),
            models.CheckConstraint(
                condition=models.Q(value__isnull=False) | ~models.Q(value_code=""),
                name="indicatorvalue_value_or_code",
            ),
        ]
        # NB: keys start with the plan (distribution by plan); the unique key serves (plan, indicator, year).
        indexes = [models.Index(fields=["plan", "year"])]

    def __str__(self) -> str:
        where = f" {self.territorial_unit.code}" if self.territorial_unit is not None else ""
        shown = self.value if self.value is not None else self.value_code
        when = f"-{self.period}" if self.period else ""
        return f"{self.indicator.code} {self.year}{when}{where}: {shown}"


class CalculationRules(PlanScoped):
    """One version of the calculation rules of a plan, or of one of its development plans
    (``ssepot.core.rules``). Never edited: a change is a new version with who, when and why."""

    development_plan = models.ForeignKey(
        DevelopmentPlan,
        verbose_name=_("plan de desarrollo"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="rules",
    )
    version = models.PositiveIntegerField(_("versión"))
    definition = models.JSONField(_("definición"))
    created_at = models.DateTimeField(_("fecha"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("registrado por"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reason = models.TextField(_("motivo"), blank=True)

    class Meta:
        verbose_name = _("reglas de cálculo")
        verbose_name_plural = _("reglas de cálculo")
        ordering = ["plan", "development_plan", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "development_plan", "version"], name="calculationrules_unique_version"
            )
        ]

    def __str__(self) -> str:
        return f"{self.definition.get('nombre', '')} v{self.version}"
