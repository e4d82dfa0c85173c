from django.apps import AppConfig
from django.db.models.signals import post_save
from django.utils.translation import gettext_lazy as _


class FrontConfig(AppConfig):
    name = "ssepot.front"
    verbose_name = _("Portal")

    def ready(self) -> None:
        from ssepot.front.pagecache import release_published
        from ssepot.front.warmup import on_release_published
        from ssepot.reporting import signals
        from ssepot.reporting.models import Release

        # the process that publishes shows the release at once; the others within STAMP_SECONDS
        post_save.connect(release_published, sender=Release, dispatch_uid="ssepot.front.release_published")
        # and the worker computes its figures, pages and report files before the first visitor asks
        signals.release_published.connect(on_release_published, dispatch_uid="ssepot.front.warm_release")
