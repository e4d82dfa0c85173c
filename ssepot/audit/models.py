"""The audit log: every write, with who, when, what object, old and new values, and why."""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditEntry(models.Model):
    plan = models.ForeignKey(
        "catalogue.Plan",
        verbose_name=_("plan"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("usuario"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    at = models.DateTimeField(_("fecha"), auto_now_add=True, db_index=True)
    action = models.CharField(_("acción"), max_length=60)
    content_type = models.ForeignKey(
        ContentType,
        verbose_name=_("tipo de objeto"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    object_id = models.CharField(_("identificador del objeto"), max_length=64, blank=True)
    object_repr = models.CharField(_("objeto"), max_length=300, blank=True)
    changes = models.JSONField(_("cambios (anterior > nuevo)"), default=dict, blank=True)
    reason = models.TextField(_("motivo"), blank=True)

    class Meta:
        verbose_name = _("registro de auditoría")
        verbose_name_plural = _("registro de auditoría")
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["plan", "at"]),
            models.Index(fields=["content_type", "object_id", "at"]),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor or '-'} {self.action} {self.object_repr}"
