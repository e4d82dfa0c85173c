"""Tokens in the admin: create one (its secret is shown once, in the confirmation message) or revoke it."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ssepot.api.models import ApiToken, digest


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ["name", "owner", "hint", "created_at", "expires_at", "revoked_at", "last_used_at"]
    list_filter = ["revoked_at"]
    search_fields = ["name", "owner__username"]
    readonly_fields = ["hint", "created_at", "last_used_at", "revoked_at"]
    fields = ["owner", "name", "expires_at", "hint", "created_at", "last_used_at", "revoked_at"]
    actions = ["revoke"]

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return obj is None and super().has_change_permission(request, obj)

    def save_model(self, request: HttpRequest, obj: ApiToken, form: Any, change: bool) -> None:
        if change:
            return
        secret = ApiToken.issue(obj.owner, obj.name)[1]
        created = ApiToken.objects.get(digest=digest(secret))
        created.expires_at = obj.expires_at
        created.save(update_fields=["expires_at"])
        obj.pk = created.pk
        messages.warning(
            request,
            _("Copie ahora el secreto del token; no se mostrará de nuevo: %(secret)s") % {"secret": secret},
        )

    @admin.action(description=gettext_lazy("Revocar los tokens seleccionados"))
    def revoke(self, request: HttpRequest, queryset: QuerySet[ApiToken]) -> None:
        for token in queryset:
            token.revoke()
        messages.success(request, _("%(n)d token(s) revocado(s).") % {"n": queryset.count()})
