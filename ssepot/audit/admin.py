"""The audit log in the admin: read-only, filtered to the user's plans."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db import models
from django.http import HttpRequest

from ssepot.accounts.admin_scoping import PlanScopedAdmin, scoped_filter
from ssepot.audit.models import AuditEntry


@admin.register(AuditEntry)
class AuditEntryAdmin(PlanScopedAdmin):
    list_display = ("at", "actor", "action", "object_repr", "reason", "plan")
    list_select_related = ("actor", "plan")
    list_filter = (scoped_filter("plan"), "action")
    search_fields = ("object_repr", "reason", "actor__username", "object_id")
    date_hierarchy = "at"

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: models.Model | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: models.Model | None = None) -> bool:
        return False
