"""The reporting cycle: periods, each agency's assignments, review, releases and validation rules.

The planning department opens a period (year, cut-off date, deadline); every agency gets its items;
agencies enter drafts and submit; analysts return, validate, correct, approve; publishing freezes a release.
All writes go through ``ssepot.reporting.actions``.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from ssepot.catalogue.models import PlanScoped, TerritorialUnit


class ReportingPeriod(PlanScoped):
    class Status(models.TextChoices):
        PLANNED = "programado", _("Programado")
        OPEN = "abierto", _("Abierto")
        CLOSED = "cerrado", _("Cerrado")

    year = models.PositiveSmallIntegerField(_("vigencia"))
    cutoff_date = models.DateField(_("fecha de corte"))
    deadline = models.DateField(_("fecha límite de reporte"))
    status = models.CharField(_("estado"), max_length=20, choices=Status.choices, default=Status.PLANNED)
    opened_at = models.DateTimeField(_("abierto"), null=True, blank=True)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("abierto por"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

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


class Assignment(PlanScoped):
    """One item an agency must report for a period: an indicator's values, a commitment's status, or a
    project's progress and money. The agency's entry lives in ``draft`` until it is approved; only then
    does it become reported data (a new version of the indicator value, commitment status or project year).

    ``revision`` grows with every write, so two people saving the same item at once cannot overwrite each
    other: the second save names the revision it started from and is refused when it is stale.
    """

    class Kind(models.TextChoices):
        INDICATOR = "indicador", _("Indicador")
        COMMITMENT = "compromiso", _("Compromiso")
        PROJECT = "proyecto", _("Proyecto")

    class State(models.TextChoices):
        DRAFT = "borrador", _("Borrador")
        SUBMITTED = "enviado", _("Enviado")
        RETURNED = "devuelto", _("Devuelto con observaciones")
        VALIDATED = "validado", _("Validado")
        APPROVED = "aprobado", _("Aprobado")
        PUBLISHED = "publicado", _("Publicado")

    period = models.ForeignKey(
        ReportingPeriod, verbose_name=_("periodo"), on_delete=models.CASCADE, related_name="assignments"
    )
    agency = models.ForeignKey(
        "catalogue.Agency",
        verbose_name=_("dependencia"),
        on_delete=models.RESTRICT,
        related_name="assignments",
    )
    kind = models.CharField(_("tipo"), max_length=20, choices=Kind.choices)
    indicator = models.ForeignKey(
        "indicators.Indicator",
        verbose_name=_("indicador"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="assignments",
    )
    commitment = models.ForeignKey(
        "commitments.Commitment",
        verbose_name=_("compromiso"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="assignments",
    )
    project = models.ForeignKey(
        "projects.Project",
        verbose_name=_("proyecto"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="assignments",
    )
    state = models.CharField(_("estado"), max_length=20, choices=State.choices, default=State.DRAFT)
    draft = models.JSONField(_("datos del reporte"), default=dict, blank=True)
    revision = models.PositiveIntegerField(_("revisión"), default=0)
    flagged = models.BooleanField(
        _("requiere justificación"),
        default=False,
        help_text=_("Un valor atípico o marcado por una regla pide una observación que lo justifique."),
    )
    submitted_at = models.DateTimeField(_("enviado"), null=True, blank=True)
    updated_at = models.DateTimeField(_("actualizado"), auto_now=True)

    class Meta:
        verbose_name = _("asignación de reporte")
        verbose_name_plural = _("asignaciones de reporte")
        ordering = ["plan", "period", "agency", "kind", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["period", "indicator"],
                condition=models.Q(indicator__isnull=False),
                name="assignment_unique_indicator",
            ),
            models.UniqueConstraint(
                fields=["period", "commitment"],
                condition=models.Q(commitment__isnull=False),
                name="assignment_unique_commitment",
            ),
            models.UniqueConstraint(
                fields=["period", "project"],
                condition=models.Q(project__isnull=False),
                name="assignment_unique_project",
            ),
            models.CheckConstraint(
                condition=(
                    models.Q(
                        kind="indicador",
                        indicator__isnull=False,
                        commitment__isnull=True,
                        project__isnull=True,
                    )
                    | models.Q(
                        kind="compromiso",
                        indicator__isnull=True,
                        commitment__isnull=False,
                        project__isnull=True,
                    )
                    | models.Q(
                        kind="proyecto",
                        indicator__isnull=True,
                        commitment__isnull=True,
                        project__isnull=False,
                    )
                ),
                name="assignment_one_item_of_its_kind",
            ),
        ]
        indexes = [
            models.Index(fields=["plan", "period", "agency", "state"]),
            models.Index(fields=["plan", "period", "state"]),
        ]

    def __str__(self) -> str:
        return f"{self.period.year} {self.agency}: {self.item}"

    @property
    def item(self) -> models.Model:
        item = self.indicator or self.commitment or self.project
        assert item is not None
        return item


class AssignmentEvent(PlanScoped):
    """A step of an assignment's review: who did what, when, with which message (observation, answer or
    reason) and the entry as it stood. Append-only: the conversation between analyst and agency."""

    class Action(models.TextChoices):
        SAVE = "guardar", _("Guardó el borrador")
        UPLOAD = "cargar", _("Cargó un libro de Excel")
        SUBMIT = "enviar", _("Envió")
        RETURN = "devolver", _("Devolvió con observaciones")
        ANSWER = "responder", _("Respondió una observación")
        VALIDATE = "validar", _("Validó")
        CORRECT = "corregir", _("Corrigió")
        APPROVE = "aprobar", _("Aprobó")
        PUBLISH = "publicar", _("Publicó")
        EVIDENCE = "evidencia", _("Adjuntó una evidencia")

    assignment = models.ForeignKey(
        Assignment, verbose_name=_("asignación"), on_delete=models.CASCADE, related_name="events"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("usuario"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    at = models.DateTimeField(_("fecha"), auto_now_add=True)
    action = models.CharField(_("acción"), max_length=20, choices=Action.choices)
    from_state = models.CharField(_("estado anterior"), max_length=20, blank=True)
    to_state = models.CharField(_("estado nuevo"), max_length=20, blank=True)
    message = models.TextField(_("mensaje"), blank=True)
    data = models.JSONField(_("datos en ese momento"), default=dict, blank=True)

    class Meta:
        verbose_name = _("evento de revisión")
        verbose_name_plural = _("eventos de revisión")
        ordering = ["plan", "assignment", "at", "id"]
        indexes = [models.Index(fields=["plan", "assignment", "at"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.get_action_display()}"


class Evidence(PlanScoped):
    """A file that supports a reported value (PDF, XLSX, image), checked by content, not by its name."""

    assignment = models.ForeignKey(
        Assignment, verbose_name=_("asignación"), on_delete=models.CASCADE, related_name="evidence"
    )
    file = models.FileField(_("archivo"), upload_to="evidence/%Y/")
    original_name = models.CharField(_("nombre original"), max_length=255)
    content_type = models.CharField(_("tipo de contenido"), max_length=100)
    size = models.PositiveBigIntegerField(_("tamaño (bytes)"))
    sha256 = models.CharField(_("huella SHA-256"), max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("cargado por"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("cargado"), auto_now_add=True)

    class Meta:
        verbose_name = _("evidencia")
        verbose_name_plural = _("evidencias")
        ordering = ["plan", "assignment", "uploaded_at"]

    def __str__(self) -> str:
        return self.original_name


class Release(PlanScoped):
    """A publication of a year's data: the set of versions the public sees, frozen forever.

    A version belongs to the release that first published it (``Approval.release``); the release ``N`` of
    a year shows, for each key, the latest version published in a release numbered ``N`` or lower.
    """

    year = models.PositiveSmallIntegerField(_("vigencia"))
    number = models.PositiveSmallIntegerField(_("número"))
    published_at = models.DateTimeField(_("publicado"))
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("publicado por"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    note = models.TextField(_("nota de la publicación"), blank=True)

    class Meta:
        verbose_name = _("publicación")
        verbose_name_plural = _("publicaciones")
        ordering = ["plan", "-year", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "year", "number"], name="release_unique_number")
        ]

    def __str__(self) -> str:
        return f"{self.year}-{self.number}"


class ImportBatch(PlanScoped):
    """One import of reported values (a CSV of values, an Open SDG folder): what the file brought, kept
    apart from the reported data until an analyst approves it (``ssepot.reporting.batches``).

    Pending, the values are only ``ImportedValue`` rows: no figure, page or publication reads them.
    Approved, each new or changed value becomes a new version with an ``Approval`` that names the batch
    and the person who imported it, ready for the year's next release. Rejected, nothing is written and
    the batch stays as a record of what was refused and why.
    """

    class State(models.TextChoices):
        PENDING = "pendiente", _("Pendiente de revisión")
        APPROVED = "aprobado", _("Aprobado")
        REJECTED = "rechazado", _("Rechazado")

    class Scope(models.TextChoices):
        YEAR = "vigencia", _("Cada indicador en las vigencias del archivo")
        SERIES = "serie", _("Cada indicador en todas sus vigencias")

    importer = models.CharField(_("importador"), max_length=60)
    file_name = models.CharField(_("archivo"), max_length=255)
    imported_at = models.DateTimeField(_("importado"))
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("importado por"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    imported_as = models.CharField(
        _("quién importó"),
        max_length=200,
        help_text=_("El usuario, o el sistema con el usuario del sistema operativo que corrió el comando."),
    )
    scope = models.CharField(
        _("alcance de los retirados"),
        max_length=20,
        choices=Scope.choices,
        default=Scope.YEAR,
        help_text=_(
            "Qué valores actuales que no vienen en el archivo se listan como retirados: los de los "
            "indicadores y vigencias del archivo, o los de sus indicadores en todas las vigencias."
        ),
    )
    state = models.CharField(_("estado"), max_length=20, choices=State.choices, default=State.PENDING)
    decided_at = models.DateTimeField(_("revisado"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("revisado por"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    note = models.TextField(_("nota de la revisión"), blank=True)

    class Meta:
        verbose_name = _("lote de importación")
        verbose_name_plural = _("lotes de importación")
        ordering = ["plan", "-imported_at", "-id"]
        indexes = [models.Index(fields=["plan", "state"])]

    def __str__(self) -> str:
        return _("Lote %(n)s: %(file)s") % {"n": self.pk, "file": self.file_name}


class ImportedValue(PlanScoped):
    """One value a batch brought, as the file said it (the key of ``IndicatorValue`` and its fields)."""

    batch = models.ForeignKey(
        ImportBatch, verbose_name=_("lote"), on_delete=models.CASCADE, related_name="values"
    )
    line = models.PositiveIntegerField(_("fila del archivo"), default=0)
    indicator = models.ForeignKey(
        "indicators.Indicator", verbose_name=_("indicador"), on_delete=models.CASCADE, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("vigencia"))
    period = models.PositiveSmallIntegerField(_("periodo"), default=0)
    territorial_unit = models.ForeignKey(
        TerritorialUnit,
        verbose_name=_("unidad territorial"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    value = models.DecimalField(_("valor"), max_digits=34, decimal_places=20, null=True, blank=True)
    value_code = models.CharField(_("código de valor"), max_length=20, blank=True)
    observation = models.TextField(_("observación"), blank=True)

    class Meta:
        verbose_name = _("valor importado")
        verbose_name_plural = _("valores importados")
        ordering = ["batch", "indicator", "year", "period", "territorial_unit"]
        indexes = [models.Index(fields=["batch", "indicator", "year"])]

    def __str__(self) -> str:
        return f"{self.batch_id}: {self.indicator_id} {self.year}"


class Approval(PlanScoped):
    """Where one version of reported data came from and when the public first saw it.

    Written when the version is approved (by the review of an assignment or of an import's batch, or by
    the demo, which has neither); ``release`` is set once, when a publication first includes the version.
    Exactly one of the three records is set.
    """

    assignment = models.ForeignKey(
        Assignment,
        verbose_name=_("asignación"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="approvals",
    )
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reportado por"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("aprobado por"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    approved_at = models.DateTimeField(_("aprobado"))
    batch = models.ForeignKey(
        ImportBatch,
        verbose_name=_("lote de importación"),
        null=True,
        blank=True,
        on_delete=models.RESTRICT,
        related_name="approvals",
    )
    release = models.ForeignKey(
        Release,
        verbose_name=_("publicación"),
        null=True,
        blank=True,
        on_delete=models.RESTRICT,
        related_name="approvals",
    )
    indicator_value = models.OneToOneField(
        "indicators.IndicatorValue", null=True, blank=True, on_delete=models.CASCADE, related_name="approval"
    )
    commitment_status = models.OneToOneField(
        "commitments.CommitmentStatus",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="approval",
    )
    project_year = models.OneToOneField(
        "projects.ProjectYear", null=True, blank=True, on_delete=models.CASCADE, related_name="approval"
    )

    class Meta:
        verbose_name = _("aprobación de una versión")
        verbose_name_plural = _("aprobaciones y publicación de versiones")
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(
                        indicator_value__isnull=False,
                        commitment_status__isnull=True,
                        project_year__isnull=True,
                    )
                    | models.Q(
                        indicator_value__isnull=True,
                        commitment_status__isnull=False,
                        project_year__isnull=True,
                    )
                    | models.Q(
                        indicator_value__isnull=True,
                        commitment_status__isnull=True,
                        project_year__isnull=False,
                    )
                ),
                name="approval_one_record",
            )
        ]
        indexes = [
            models.Index(fields=["plan", "release"]),
            # NB: the figures ask, for every value, status and project year of a plan, whether a release
            # published it (``published_versions``, whose join carries the plan): with the plan first
            # and the release included, PostgreSQL reads the plan's approvals from the index alone and
            # hashes them (a plan's values 10 to 5 ms with the country in the database; SQLite ignores
            # INCLUDE)
            *(
                models.Index(
                    fields=["plan", record],
                    include=["release"],
                    condition=models.Q(**{f"{record}__isnull": False}),
                    name=name,
                )
                for record, name in (
                    ("indicator_value", "approval_plan_value"),
                    ("commitment_status", "approval_plan_status"),
                    ("project_year", "approval_plan_project_year"),
                )
            ),
        ]

    def __str__(self) -> str:
        record = self.indicator_value or self.commitment_status or self.project_year
        return f"{record} ({self.release or _('sin publicar')})"

    @property
    def record(self) -> models.Model:
        record = self.indicator_value or self.commitment_status or self.project_year
        assert record is not None
        return record


class ValidationRule(PlanScoped):
    """A rule an analyst writes, as in DHIS2: left side, operator, right side, across indicators.

    Sides are arithmetic expressions over indicator values of the year: ``#{POT-MOV-01}`` is the city
    total, ``#{POT-MOV-03.05}`` the value of territorial unit 05, ``#{POT-MOV-03.*}`` the sum over units.
    """

    class Operator(models.TextChoices):
        EQ = "==", _("igual a")
        NE = "!=", _("distinto de")
        LT = "<", _("menor que")
        LE = "<=", _("menor o igual que")
        GT = ">", _("mayor que")
        GE = ">=", _("mayor o igual que")

    class Severity(models.TextChoices):
        ERROR = "error", _("Error: impide enviar")
        WARNING = "advertencia", _("Advertencia: pide justificación")

    name = models.CharField(_("nombre"), max_length=200)
    left = models.CharField(_("lado izquierdo"), max_length=500)
    operator = models.CharField(_("operador"), max_length=2, choices=Operator.choices)
    right = models.CharField(_("lado derecho"), max_length=500)
    severity = models.CharField(
        _("severidad"), max_length=20, choices=Severity.choices, default=Severity.WARNING
    )
    message = models.CharField(_("mensaje para quien reporta"), max_length=300)
    tolerance = models.DecimalField(_("tolerancia"), max_digits=12, decimal_places=6, default=0)
    active = models.BooleanField(_("activa"), default=True)

    class Meta:
        verbose_name = _("regla de validación")
        verbose_name_plural = _("reglas de validación")
        ordering = ["plan", "name"]

    def __str__(self) -> str:
        return f"{self.name}: {self.left} {self.operator} {self.right}"

    def clean(self) -> None:
        """A rule that cannot be read, or that names an indicator the plan lacks, is refused when saved:
        at submission time it would be skipped silently (a broken rule must not block the agencies)."""
        from ssepot.core.validation import parse_expression, split_reference
        from ssepot.indicators.models import Indicator

        errors: dict[str, list[str]] = {}
        references: dict[str, list[str]] = {}
        for field in ("left", "right"):
            text = getattr(self, field)
            if not text:
                continue  # the required-field check speaks for an empty side
            try:
                references[field] = list(parse_expression(text, variables=False).references)
            except ValueError as e:
                errors.setdefault(field, []).append(str(e).capitalize())
        if self.plan_id is not None and references:
            codes = set(Indicator.objects.filter(plan_id=self.plan_id).values_list("code", flat=True))
            units = set(TerritorialUnit.objects.filter(plan_id=self.plan_id).values_list("code", flat=True))
            for field, refs in references.items():
                for ref in refs:
                    reference = split_reference(ref, codes.__contains__)
                    if reference.code not in codes:
                        errors.setdefault(field, []).append(
                            _("El plan no tiene un indicador con código «%(code)s».")
                            % {"code": reference.code}
                        )
                    elif reference.unit not in (None, "*") and reference.unit not in units:
                        errors.setdefault(field, []).append(
                            _("El plan no tiene una unidad territorial con código «%(unit)s».")
                            % {"unit": reference.unit}
                        )
        if errors:
            raise ValidationError(errors)


class SentNotice(PlanScoped):
    """A reminder or digest already sent to someone on a day: asking again the same day sends nothing more
    (a scheduler that fires twice, or an administrator who runs the command by hand after the cron)."""

    day = models.DateField(_("día"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, verbose_name=_("destinatario")
    )
    key = models.CharField(_("aviso"), max_length=100)
    sent_at = models.DateTimeField(_("enviado"), auto_now_add=True)

    class Meta:
        verbose_name = _("aviso enviado")
        verbose_name_plural = _("avisos enviados")
        constraints = [
            models.UniqueConstraint(fields=["plan", "day", "user", "key"], name="sentnotice_once_a_day")
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.key} → {self.user}"
