"""API tokens: how an agency's system reports through the API without a browser session.

A token belongs to one user and acts with exactly that user's permissions (``ssepot.reporting.access``).
Only a SHA-256 digest of the secret is stored: the secret is shown once, when the token is created, and
cannot be read again. A token stops working when it expires or is revoked; ``last_used_at`` tells an
administrator which tokens are still in use.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

PREFIX = "ssepot_"
DEFAULT_DAYS = 90


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


class ApiToken(models.Model):
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("usuario"),
        on_delete=models.CASCADE,
        related_name="api_tokens",
    )
    name = models.CharField(_("nombre"), max_length=120, help_text=_("Para qué sistema o persona es."))
    hint = models.CharField(_("inicio del secreto"), max_length=16, editable=False)
    digest = models.CharField(_("huella SHA-256"), max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("creado"), auto_now_add=True)
    expires_at = models.DateTimeField(_("vence"))
    revoked_at = models.DateTimeField(_("revocado"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("último uso"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("token de la API")
        verbose_name_plural = _("tokens de la API")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.hint}…)"

    @classmethod
    def issue(cls, owner: models.Model, name: str, *, days: int = DEFAULT_DAYS) -> tuple[ApiToken, str]:
        """A new token and its secret (``ssepot_...``), which is shown once and never stored."""
        secret = PREFIX + secrets.token_urlsafe(32)
        token = cls.objects.create(
            owner=owner,
            name=name,
            hint=secret[: len(PREFIX) + 6],
            digest=digest(secret),
            expires_at=timezone.now() + dt.timedelta(days=days),
        )
        return token, secret

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None and self.expires_at > timezone.now()

    def revoke(self) -> None:
        if self.revoked_at is None:
            self.revoked_at = timezone.now()
            self.save(update_fields=["revoked_at"])
