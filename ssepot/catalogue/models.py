"""The plan catalogue: municipalities, plans, territory, strategic framework, systems and articles.

Every record below the municipality belongs to one plan (``PlanScoped``), so one installation holds many
municipalities and every key and index starts with the plan.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from ssepot.catalogue.history import catalogue_history, historised
from ssepot.catalogue.year_view import YearView
from ssepot.core.review import DEFAULT_MOVE_THRESHOLD


class Municipality(models.Model):
    """A municipality of DANE's DIVIPOLA list (1,102 of them, plus non-municipalised areas)."""

    class Kind(models.TextChoices):
        MUNICIPALITY = "municipio", _("Municipio")
        ISLAND = "isla", _("Isla")
        NON_MUNICIPALISED = "area_no_municipalizada", _("Área no municipalizada")

    divipola_code = models.CharField(_("código DIVIPOLA"), max_length=5, unique=True)
    name = models.CharField(_("nombre"), max_length=120)
    department_code = models.CharField(_("código del departamento"), max_length=2, db_index=True)
    department_name = models.CharField(_("departamento"), max_length=120)
    kind = models.CharField(_("tipo"), max_length=30, choices=Kind.choices, default=Kind.MUNICIPALITY)

    class Meta:
        verbose_name = _("municipio")
        verbose_name_plural = _("municipios")
        ordering = ["divipola_code"]

    def __str__(self) -> str:
        return f"{self.name} ({self.department_name}) - {self.divipola_code}"


@historised
class Plan(models.Model):
    """A territorial plan (POT) adopted by a municipality's act; the tenant of every other record."""

    municipality = models.ForeignKey(
        Municipality, verbose_name=_("municipio"), on_delete=models.PROTECT, related_name="plans"
    )
    slug = models.SlugField(_("identificador"), max_length=60, unique=True)
    name = models.CharField(_("nombre"), max_length=200)
    act = models.CharField(_("acto de adopción"), max_length=120, help_text=_("p. ej. Acuerdo 48 de 2014"))
    adoption_date = models.DateField(_("fecha de adopción"))
    start_date = models.DateField(_("inicio de vigencia"))
    end_date = models.DateField(_("fin de vigencia"))
    description = models.TextField(_("descripción"), blank=True)
    is_synthetic = models.BooleanField(
        _("datos sintéticos"),
        default=False,
        help_text=_(
            "Marca los planes de demostración cuyos datos no son oficiales; se advierte en cada página."
        ),
    )
    synthetic_note = models.TextField(_("nota sobre los datos sintéticos"), blank=True)
    # NB: the traffic-light thresholds are the plan's calculation rules' (``verde``/``rojo``)
    class_high = models.DecimalField(
        _("avance alto desde"),
        max_digits=4,
        decimal_places=3,
        default=Decimal("0.9"),
        help_text=_("Clase de avance alto: fracción del avance esperado a la fecha de corte."),
    )
    class_low = models.DecimalField(
        _("avance bajo por debajo de"),
        max_digits=4,
        decimal_places=3,
        default=Decimal("0.6"),
        help_text=_("Clase de avance bajo: fracción del avance esperado a la fecha de corte."),
    )
    headline_coverage = models.DecimalField(
        _("cobertura para abrir el portal"),
        max_digits=4,
        decimal_places=3,
        default=Decimal("0.8"),
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(1))],
        help_text=_(
            "El portal abre en la última vigencia cuya publicación tiene valor para al menos esta fracción "
            "de los compromisos e indicadores programados del año; una vigencia por debajo se muestra "
            "como parcial, con su cobertura y sin cifras globales."
        ),
    )
    # The review of reported data (``reporting.actions`` enforces it; ``accounts.permissions`` states it).
    separate_duties = models.BooleanField(
        _("separación de funciones en la revisión"),
        default=False,
        help_text=_(
            "Cada ítem lo validan y lo aprueban personas distintas, y publica quien no aprobó nada de lo que "
            "se publica."
        ),
    )
    review_move_threshold = models.DecimalField(
        _("revisión: cambio en contra del sentido desde"),
        max_digits=4,
        decimal_places=3,
        default=DEFAULT_MOVE_THRESHOLD,
        validators=[MinValueValidator(Decimal(0))],
        help_text=_(
            "La revisión marca un valor que se aleja del sentido del indicador (baja si es creciente, sube "
            "si es decreciente) más que esta fracción del valor anterior: 0,2 = 20 %."
        ),
    )
    stale_years = models.PositiveSmallIntegerField(
        _("años para marcar un dato desactualizado"),
        default=2,
        validators=[MinValueValidator(0), MaxValueValidator(50)],
        help_text=_(
            "El pronóstico de la vigencia N marca «dato desactualizado» un indicador cuyo último valor "
            "publicado es anterior a N menos estos años."
        ),
    )
    history = catalogue_history()

    class Meta:
        verbose_name = _("plan de ordenamiento territorial")
        verbose_name_plural = _("planes de ordenamiento territorial")
        ordering = ["municipality__divipola_code", "slug"]

    def __str__(self) -> str:
        return f"{self.name} ({self.act})"

    def clean(self) -> None:
        if self.start_date and self.end_date and self.start_date > self.end_date:
            raise ValidationError({"end_date": _("El fin de vigencia es anterior al inicio.")})
        if self.class_low is not None and self.class_high is not None and self.class_low > self.class_high:
            raise ValidationError({"class_low": _("El umbral de avance bajo no puede superar al alto.")})


class PlanScoped(models.Model):
    """Abstract base: a record that belongs to one plan."""

    plan = models.ForeignKey(Plan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="+")

    class Meta:
        abstract = True


class Horizon(PlanScoped):
    """The plan's short, medium and long term as date ranges (Medellín: 2016-2019, 2020-2023, 2024-2027)."""

    class Kind(models.TextChoices):
        SHORT = "corto", _("Corto plazo")
        MEDIUM = "mediano", _("Mediano plazo")
        LONG = "largo", _("Largo plazo")

    kind = models.CharField(_("horizonte"), max_length=10, choices=Kind.choices)
    start_date = models.DateField(_("inicio"))
    end_date = models.DateField(_("fin"))

    class Meta:
        verbose_name = _("horizonte del plan")
        verbose_name_plural = _("horizontes del plan")
        ordering = ["plan", "start_date"]
        constraints = [models.UniqueConstraint(fields=["plan", "kind"], name="horizon_unique_kind")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.start_date.year}-{self.end_date.year})"


class AdministrativePeriod(PlanScoped):
    """A mayoral term (periodo administrativo) during the plan's life, e.g. 2024-2027."""

    name = models.CharField(_("nombre"), max_length=120)
    start_date = models.DateField(_("inicio"))
    end_date = models.DateField(_("fin"))

    class Meta:
        verbose_name = _("periodo administrativo")
        verbose_name_plural = _("periodos administrativos")
        ordering = ["plan", "start_date"]

    def __str__(self) -> str:
        return f"{self.name} ({self.start_date.year}-{self.end_date.year})"


class Agency(PlanScoped):
    """A responsible agency (dependencia or entity of the conglomerado público) that reports to the plan."""

    code = models.CharField(_("código"), max_length=40)
    name = models.CharField(_("nombre"), max_length=200)
    acronym = models.CharField(_("sigla"), max_length=30, blank=True)
    email = models.EmailField(_("correo de contacto"), blank=True)

    class Meta:
        verbose_name = _("dependencia")
        verbose_name_plural = _("dependencias")
        ordering = ["plan", "name"]
        constraints = [models.UniqueConstraint(fields=["plan", "code"], name="agency_unique_code")]

    def __str__(self) -> str:
        return self.acronym or self.name


class TerritorialUnit(PlanScoped):
    """A comuna or corregimiento, or below them a barrio or vereda, with its official code and geometry."""

    class Kind(models.TextChoices):
        COMUNA = "comuna", _("Comuna")
        CORREGIMIENTO = "corregimiento", _("Corregimiento")
        BARRIO = "barrio", _("Barrio")
        VEREDA = "vereda", _("Vereda")

    code = models.CharField(_("código oficial"), max_length=20)
    name = models.CharField(_("nombre"), max_length=200, blank=True)
    kind = models.CharField(_("tipo"), max_length=20, choices=Kind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("unidad superior"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="children",
    )
    # NB: GeoJSON geometry (WGS84) as text: shapely reads it, Vega-Lite draws it; no GIS database needed.
    geometry = models.JSONField(_("geometría (GeoJSON)"), null=True, blank=True)
    area_m2 = models.DecimalField(_("área (m²)"), max_digits=16, decimal_places=1, null=True, blank=True)
    source = models.CharField(_("fuente"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("unidad territorial")
        verbose_name_plural = _("unidades territoriales")
        ordering = ["plan", "code"]
        constraints = [models.UniqueConstraint(fields=["plan", "code"], name="territorialunit_unique_code")]

    def __str__(self) -> str:
        return f"{self.code} {self.name}".strip() if self.name else f"{self.code} ({_('sin nombre')})"


class FrameworkElement(PlanScoped):
    """One element of the strategic framework (marco estratégico)."""

    class Kind(models.TextChoices):
        PRINCIPLE = "principio", _("Principio rector")
        VISION = "imaginario", _("Imaginario de ciudad")
        BET = "apuesta", _("Apuesta territorial")
        OBJECTIVE = "objetivo", _("Objetivo estratégico")
        OCCUPATION = "modelo", _("Componente del modelo de ocupación")
        STRATEGY = "estrategia", _("Estrategia territorial")

    kind = models.CharField(_("tipo"), max_length=20, choices=Kind.choices)
    code = models.CharField(_("código"), max_length=20)
    name = models.CharField(_("nombre"), max_length=300)
    description = models.TextField(_("descripción"), blank=True)
    order = models.PositiveIntegerField(_("orden"), default=0)
    articles: models.ManyToManyField[Article, Any] = models.ManyToManyField(
        "Article", verbose_name=_("artículos"), blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("elemento del marco estratégico")
        verbose_name_plural = _("marco estratégico")
        ordering = ["plan", "kind", "order", "code"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "kind", "code"], name="frameworkelement_unique_code")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.code}: {self.name}"


class EvaluationPhase(PlanScoped):
    """A phase of the methodology that evaluates the strategic objectives and the occupation model."""

    number = models.PositiveSmallIntegerField(_("número"))
    name = models.CharField(_("nombre"), max_length=200)
    description = models.TextField(_("descripción"), blank=True)

    class Meta:
        verbose_name = _("fase de la metodología de evaluación")
        verbose_name_plural = _("fases de la metodología de evaluación")
        ordering = ["plan", "number"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="evaluationphase_unique_number")
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.name}"


class PhaseStatus(PlanScoped):
    """The status of one evaluation phase at the end of a year."""

    class Status(models.TextChoices):
        NOT_STARTED = "sin_iniciar", _("Sin iniciar")
        IN_PROGRESS = "en_proceso", _("En proceso")
        DONE = "completada", _("Completada")

    phase = models.ForeignKey(
        EvaluationPhase, verbose_name=_("fase"), on_delete=models.CASCADE, related_name="statuses"
    )
    year = models.PositiveSmallIntegerField(_("vigencia"))
    status = models.CharField(_("estado"), max_length=20, choices=Status.choices)
    progress = models.DecimalField(_("avance (%)"), max_digits=5, decimal_places=2, null=True, blank=True)
    note = models.TextField(_("observación"), blank=True)

    class Meta:
        verbose_name = _("estado de fase")
        verbose_name_plural = _("estados de fase")
        ordering = ["plan", "phase__number", "year"]
        constraints = [models.UniqueConstraint(fields=["phase", "year"], name="phasestatus_unique_year")]

    def __str__(self) -> str:
        return f"{self.phase} {self.year}: {self.get_status_display()}"


class StudyVariable(PlanScoped):
    """A variable identified in a revision study, linked to the strategic objectives it can measure."""

    code = models.CharField(_("código"), max_length=30)
    name = models.CharField(_("nombre"), max_length=300)
    study = models.CharField(_("estudio de origen"), max_length=300, blank=True)
    unit = models.CharField(_("unidad"), max_length=60, blank=True)
    source = models.CharField(_("fuente"), max_length=300, blank=True)
    objectives = models.ManyToManyField(
        FrameworkElement,
        verbose_name=_("objetivos estratégicos"),
        blank=True,
        related_name="variables",
        limit_choices_to={"kind": FrameworkElement.Kind.OBJECTIVE},
    )

    class Meta:
        verbose_name = _("variable de estudio")
        verbose_name_plural = _("variables de estudios")
        ordering = ["plan", "code"]
        constraints = [models.UniqueConstraint(fields=["plan", "code"], name="studyvariable_unique_code")]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class System(PlanScoped):
    """One of the plan's systems (Sistemas Físico-Espaciales; Sistemas Institucionales y de Gestión)."""

    code = models.CharField(_("código"), max_length=20)
    name = models.CharField(_("nombre"), max_length=200)
    order = models.PositiveIntegerField(_("orden"), default=0)

    class Meta:
        verbose_name = _("sistema")
        verbose_name_plural = _("sistemas")
        ordering = ["plan", "order", "code"]
        constraints = [models.UniqueConstraint(fields=["plan", "code"], name="system_unique_code")]

    def __str__(self) -> str:
        return self.name


class Subsystem(PlanScoped):
    """A subsystem (eje temático) of a system: movilidad, equipamientos, espacio público..."""

    system = models.ForeignKey(
        System, verbose_name=_("sistema"), on_delete=models.RESTRICT, related_name="subsystems"
    )
    code = models.CharField(_("código"), max_length=20)
    name = models.CharField(_("nombre"), max_length=200)
    order = models.PositiveIntegerField(_("orden"), default=0)
    is_illustrative = models.BooleanField(
        _("nombre ilustrativo"),
        default=False,
        help_text=_("El nombre no proviene de una fuente oficial (datos de demostración)."),
    )

    class Meta:
        verbose_name = _("subsistema")
        verbose_name_plural = _("subsistemas")
        ordering = ["plan", "system__order", "order", "code"]
        constraints = [models.UniqueConstraint(fields=["plan", "code"], name="subsystem_unique_code")]

    def __str__(self) -> str:
        return self.name


class SubsystemNarrative(PlanScoped):
    """The year's narrative of a subsystem: situations, achievements and challenges (Markdown)."""

    subsystem = models.ForeignKey(
        Subsystem, verbose_name=_("subsistema"), on_delete=models.CASCADE, related_name="narratives"
    )
    year = models.PositiveSmallIntegerField(_("vigencia"))
    situations = models.TextField(_("situaciones"), blank=True)
    achievements = models.TextField(_("logros"), blank=True)
    challenges = models.TextField(_("retos"), blank=True)

    class Meta:
        verbose_name = _("narrativa anual de subsistema")
        verbose_name_plural = _("narrativas anuales de subsistemas")
        ordering = ["plan", "subsystem", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["subsystem", "year"], name="subsystemnarrative_unique_year")
        ]

    def __str__(self) -> str:
        return f"{self.subsystem} {self.year}"


class Article(PlanScoped):
    """An article of the plan's act, which commitments, indicators and projects point to."""

    number = models.CharField(_("número"), max_length=20)
    title = models.CharField(_("título"), max_length=300, blank=True)
    text = models.TextField(_("texto"), blank=True)

    class Meta:
        verbose_name = _("artículo")
        verbose_name_plural = _("artículos")
        ordering = ["plan", "number"]
        constraints = [models.UniqueConstraint(fields=["plan", "number"], name="article_unique_number")]

    def __str__(self) -> str:
        return f"Art. {self.number} {self.title}".strip()


class VersionedQuerySet(models.QuerySet):
    def current(self) -> VersionedQuerySet:
        """The working data: the versions that no later version supersedes, published or not."""
        return self.filter(superseded_by__isnull=True)

    def published(
        self, release_number: int | None = None, *, view: YearView | None = None
    ) -> VersionedQuerySet:
        """What the public sees: for each key, the latest published version.

        With ``release_number``, what release ``release_number`` of each row's year showed (frozen
        forever: later corrections and releases do not change it). With ``view``, what one year's figures
        read (``YearView``). The approval and release records live in ``reporting.Approval``.
        """
        if view is not None:
            return self.published_versions(view=view).exclude(_shown(view, "superseded_by__"))
        if release_number is None:
            return self.published_versions().exclude(superseded_by__approval__release__isnull=False)
        return self.published_versions(release_number).exclude(
            superseded_by__approval__release__number__lte=release_number
        )

    def published_versions(
        self, release_number: int | None = None, *, view: YearView | None = None
    ) -> VersionedQuerySet:
        """Every version a release published (or release ``release_number`` of the row's year showed, or
        ``view`` shows), superseded or not: a key may appear several times, and its highest version is
        what ``published()`` shows (a correction is always a higher version of the same key).

        For readers that keep the highest version per key themselves (the figures' loaders): the
        database skips the anti-join with the superseding versions, about a third of the query's work.
        """
        # NB: the join carries the plan, so the plan-first approval indexes serve it (and a database
        # distributed by plan keeps it on one node)
        if view is not None:
            return self.filter(approval__plan=models.F("plan")).filter(_shown(view))
        if release_number is None:
            return self.filter(approval__release__isnull=False, approval__plan=models.F("plan"))
        return self.filter(
            approval__release__year=models.F("year"),
            approval__release__number__lte=release_number,
            approval__plan=models.F("plan"),
        )


def _shown(view: YearView, prefix: str = "") -> models.Q:
    """The versions (``prefix``: the versions superseding them) ``view`` shows; a version and the one
    superseding it share their year, and a release publishes only its own year's rows."""
    release = f"{prefix}approval__release__"
    own = models.Q(year=view.year, **{f"{release}number__lte": view.number})
    others = ~models.Q(year=view.year) & models.Q(**{f"{release}isnull": False})
    if view.published_at is not None:
        others &= models.Q(**{f"{release}published_at__lte": view.published_at})
    return own | others


class Versioned(PlanScoped):
    """Abstract base for reported data that is never updated: a correction is a new version.

    The current version of a record is the one no other version supersedes (``.current()``). Saving an
    existing row or deleting one raises, so history cannot be lost by accident.
    """

    version = models.PositiveIntegerField(_("versión"), default=1, editable=False)
    supersedes = models.OneToOneField(
        "self",
        verbose_name=_("reemplaza a"),
        null=True,
        blank=True,
        on_delete=models.RESTRICT,
        related_name="superseded_by",
        editable=False,
    )
    recorded_at = models.DateTimeField(_("registrado"), auto_now_add=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("registrado por"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    reason = models.TextField(_("motivo"), blank=True, help_text=_("Obligatorio en una corrección."))

    objects = VersionedQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None and not self._state.adding:
            raise ValidationError(_("Los datos reportados no se modifican: registre una nueva versión."))
        if self.supersedes is not None:
            if not self.reason.strip():
                raise ValidationError(_("Una corrección debe indicar el motivo."))
            self.version = self.supersedes.version + 1
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        raise ValidationError(_("Los datos reportados no se borran: registre una nueva versión."))
