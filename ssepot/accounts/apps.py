from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_delete, post_migrate, post_save
from django.utils.translation import gettext_lazy as _


def _on_migrate(**kwargs: Any) -> None:
    from ssepot.accounts.permissions import sync_role_groups

    sync_role_groups(**kwargs)


def _on_membership_change(instance: Any, **kwargs: Any) -> None:
    from django.contrib.auth import get_user_model

    from ssepot.accounts.permissions import sync_user_groups

    # NB: when the user himself is being deleted the membership goes with him; nothing left to sync.
    user = get_user_model().objects.filter(pk=instance.user_id).first()
    if user is not None:
        sync_user_groups(user)


class AccountsConfig(AppConfig):
    name = "ssepot.accounts"
    verbose_name = _("Usuarios y roles")

    def ready(self) -> None:
        post_migrate.connect(_on_migrate, sender=self, dispatch_uid="ssepot.accounts.role_groups")
        post_save.connect(
            _on_membership_change,
            sender="accounts.Membership",
            dispatch_uid="ssepot.accounts.membership_saved",
        )
        post_delete.connect(
            _on_membership_change,
            sender="accounts.Membership",
            dispatch_uid="ssepot.accounts.membership_deleted",
        )
