"""What the portal keeps of its own: each plan's headline, read by the plans' directory (``/planes/``)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from ssepot.catalogue.models import Plan
from ssepot.reporting.models import Release


class Headline(models.Model):
    """A plan's headline as ``ssepot.front.headlines`` computed it from the published data: the year its
    portal opens, that year's coverage and its headline figures (with their formulas and first inputs).

    Derived data, never entered by anyone: it is recomputed when the plan publishes (the release's warm-up)
    or by ``ssepot headlines``. It is current while ``stamp`` is still the plan's newest release and
    ``threshold`` its ``headline_coverage``; the directory shows nothing of a headline that is not."""

    plan = models.OneToOneField(
        Plan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="headline"
    )
    stamp = models.ForeignKey(
        Release, verbose_name=_("publicación más reciente"), on_delete=models.CASCADE, related_name="+"
    )
    threshold = models.DecimalField(_("cobertura para abrir el portal"), max_digits=4, decimal_places=3)
    year = models.PositiveSmallIntegerField(_("vigencia"), null=True)
    release = models.ForeignKey(
        Release,
        verbose_name=_("publicación de la vigencia"),
        null=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    covered = models.PositiveIntegerField(_("elementos con reporte"), default=0)
    coverable = models.PositiveIntegerField(_("elementos por reportar"), default=0)
    partial = models.BooleanField(_("vigencia parcial"), default=False)
    # NB: the measures the directory sorts by, beside the figures (None: not shown, or ND)
    compliance = models.DecimalField(max_digits=12, decimal_places=4, null=True)
    progress = models.DecimalField(max_digits=12, decimal_places=4, null=True)
    execution = models.DecimalField(max_digits=12, decimal_places=4, null=True)
    figures = models.JSONField(default=list)
    computed_at = models.DateTimeField(_("calculado"))

    class Meta:
        verbose_name = _("cifras principales de un plan")
        verbose_name_plural = _("cifras principales de los planes")

    def __str__(self) -> str:
        return f"{self.plan_id}: {self.year}"
