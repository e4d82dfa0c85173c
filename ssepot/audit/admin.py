"""The audit log in the admin: read-only, filtered to the user's plans."""

from __future__ import annotations

from django.contrib import admin

from ssepot.accounts.admin_scoping import ShownOnlyAdmin, scoped_filter
from ssepot.audit.models import AuditEntry


@admin.register(AuditEntry)
class AuditEntryAdmin(ShownOnlyAdmin):
    list_display = ("at", "actor", "action", "object_repr", "reason", "plan")
    list_select_related = ("actor", "plan")
    list_filter = (scoped_filter("plan"), "action")
    search_fields = ("object_repr", "reason", "actor__username", "object_id")
    date_hierarchy = "at"
