"""Who may do what in which plan: a user's membership of a plan with one role, and for reporters an agency."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from ssepot.catalogue.models import Agency, PlanScoped


class Role(models.TextChoices):
    ADMINISTRATOR = "administrador", _("Administrador")
    ANALYST = "analista", _("Analista de planeación")
    REPORTER = "reportante", _("Reportante de dependencia")
    READER = "lector", _("Lector")


class Membership(PlanScoped):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("usuario"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    role = models.CharField(_("rol"), max_length=20, choices=Role.choices)
    agency = models.ForeignKey(
        Agency,
        verbose_name=_("dependencia"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="memberships",
        help_text=_("Obligatoria para quien reporta por una dependencia."),
    )

    class Meta:
        verbose_name = _("membresía")
        verbose_name_plural = _("membresías")
        ordering = ["plan", "user__username"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "user", "role", "agency"], name="membership_unique"),
            models.CheckConstraint(
                condition=~models.Q(role="reportante") | models.Q(agency__isnull=False),
                name="membership_reporter_has_agency",
            ),
        ]

    def __str__(self) -> str:
        who = f" ({self.agency})" if self.agency_id else ""
        return f"{self.user} - {self.get_role_display()}{who}"

    def clean(self) -> None:
        if self.role == Role.REPORTER and self.agency_id is None:
            raise ValidationError({"agency": _("Quien reporta debe pertenecer a una dependencia.")})
        if self.agency is not None and self.agency.plan_id != self.plan_id:
            raise ValidationError({"agency": _("La dependencia pertenece a otro plan.")})
