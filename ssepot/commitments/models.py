"""Commitments (compromisos): obligations written in the plan's articles, with a status every year."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from ssepot.catalogue.models import Agency, Article, PlanScoped, Subsystem, Versioned


class Horizon(models.TextChoices):
    """When a commitment is due: one of the plan's terms or the whole plan ("vigencia del plan")."""

    SHORT = "corto", _("Corto plazo")
    MEDIUM = "mediano", _("Mediano plazo")
    LONG = "largo", _("Largo plazo")
    PLAN = "plan", _("Vigencia del plan")


class Commitment(PlanScoped):
    code = models.CharField(_("código"), max_length=30)
    description = models.TextField(_("descripción"))
    articles = models.ManyToManyField(
        Article, verbose_name=_("artículos"), blank=True, related_name="commitments"
    )
    horizon = models.CharField(_("horizonte"), max_length=10, choices=Horizon.choices)
    typology = models.CharField(
        _("tipología"),
        max_length=80,
        help_text=_("Clasificación tipológica, p. ej. normativo, estudio, proyecto."),
    )
    subsystem = models.ForeignKey(
        Subsystem, verbose_name=_("subsistema"), on_delete=models.RESTRICT, related_name="commitments"
    )
    agency = models.ForeignKey(
        Agency,
        verbose_name=_("dependencia responsable"),
        on_delete=models.RESTRICT,
        related_name="commitments",
    )

    class Meta:
        verbose_name = _("compromiso")
        verbose_name_plural = _("compromisos")
        ordering = ["plan", "code"]
        constraints = [models.UniqueConstraint(fields=["plan", "code"], name="commitment_unique_code")]
        indexes = [models.Index(fields=["plan", "horizon"]), models.Index(fields=["plan", "subsystem"])]

    def __str__(self) -> str:
        return f"{self.code} {self.description[:80]}"


class CommitmentStatus(Versioned):
    """A commitment's status for one reporting year; corrections are new versions."""

    class Status(models.TextChoices):
        DONE = "cumplido", _("Cumplido")
        IN_PROGRESS = "en_proceso", _("En proceso")
        NO_REPORT = "sin_reporte", _("Sin reporte")
        NOT_APPLICABLE = "no_aplica", _("No aplica")

    commitment = models.ForeignKey(
        Commitment, verbose_name=_("compromiso"), on_delete=models.CASCADE, related_name="statuses"
    )
    year = models.PositiveSmallIntegerField(_("vigencia"))
    status = models.CharField(_("estado"), max_length=20, choices=Status.choices)
    progress = models.DecimalField(
        _("avance (%)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Vacío cuando no hay reporte o no aplica."),
    )
    observation = models.TextField(_("observación"), blank=True)
    evidence = models.FileField(_("evidencia"), upload_to="evidence/commitments/%Y/", blank=True)

    class Meta:
        verbose_name = _("estado anual de compromiso")
        verbose_name_plural = _("estados anuales de compromisos")
        ordering = ["plan", "commitment", "year", "version"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "commitment", "year", "version"], name="commitmentstatus_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(progress__isnull=True) | models.Q(progress__gte=0, progress__lte=100),
                name="commitmentstatus_progress_range",
            ),
        ]
        # NB: keys start with the plan (distribution by plan); the unique key serves (plan, commitment, year).
        indexes = [models.Index(fields=["plan", "year"])]

    def __str__(self) -> str:
        return f"{self.commitment.code} {self.year}: {self.get_status_display()}"
