"""Write an audit entry. Every action function calls ``record`` inside its own transaction, so the
entry exists exactly when the change does."""

from __future__ import annotations

import getpass
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser, User
from django.contrib.contenttypes.models import ContentType
from django.core.files import File
from django.db import DEFAULT_DB_ALIAS, models
from django.utils.translation import gettext as _

from ssepot.audit.models import AuditEntry


def _plain(value: Any) -> Any:
    """JSON-safe and exact: Decimals and dates become strings, model instances their primary key, a set
    of records (an admin form's many-to-many field) their keys, a file its name."""
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, Decimal) or hasattr(value, "isoformat"):
        return str(value)
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset | models.QuerySet):
        return [_plain(v) for v in value]
    if isinstance(value, File):
        return value.name or ""
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)


def diff(old: Mapping[str, Any], new: Mapping[str, Any]) -> dict[str, list[Any]]:
    """``{field: [old, new]}`` for the fields whose value changed."""
    return {
        key: [_plain(old.get(key)), _plain(new.get(key))]
        for key in sorted(set(old) | set(new))
        if _plain(old.get(key)) != _plain(new.get(key))
    }


def record(
    action: str,
    obj: models.Model | None,
    *,
    actor: AbstractBaseUser | AnonymousUser | None,
    plan_id: int | None = None,
    changes: Mapping[str, Any] | None = None,
    reason: str = "",
    using: str = DEFAULT_DB_ALIAS,
) -> AuditEntry:
    user = actor if isinstance(actor, User) else None
    return AuditEntry.objects.using(using).create(
        plan_id=plan_id if plan_id is not None else getattr(obj, "plan_id", None),
        actor=user,
        action=action,
        content_type=ContentType.objects.get_for_model(obj) if obj is not None else None,
        object_id=str(obj.pk) if obj is not None else "",
        object_repr=str(obj)[:300] if obj is not None else "",
        changes=_plain(dict(changes or {})),
        reason=reason,
    )


def history(obj: models.Model) -> models.QuerySet[AuditEntry]:
    """Every entry about one object, newest first."""
    return AuditEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(obj), object_id=str(obj.pk)
    ).select_related("actor")


def system_actor() -> str:
    """Who ran a command without ``--usuario``: the system, with the operating system's user named."""
    try:
        name = getpass.getuser()
    except (KeyError, OSError):  # NB: a container may run as a uid without a name
        name = "?"
    return _("sistema (usuario del sistema operativo: %(name)s)") % {"name": name}


def actor_label(actor: User | None) -> str:
    """How the audit log and a batch name the person (or the system) that imported."""
    if actor is None:
        return system_actor()
    full = actor.get_full_name()
    return f"{actor.get_username()} ({full})" if full else actor.get_username()
