"""What the open-data formats keep about the data they brought in, below the importers and exporters that
read and write them (docs/decisions/0009-layers.md)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class OpenSdgSeries(models.Model):
    """Where an indicator came from in an Open SDG data repository, so the exporter writes it back as it was.

    Open SDG keeps one CSV per SDG indicator (``indicator_11-1-1.csv``) with free disaggregation columns;
    SSEPOT keeps one indicator per series (one combination of disaggregation values), whose values are
    ordinary ``IndicatorValue`` rows. ``key`` holds the series' disaggregation values by column, ``columns``
    the file's column order, ``year_labels`` the file's text for a year written as a range (``2011-2021``),
    and the headline series keeps the indicator's YAML metadata.
    """

    plan = models.ForeignKey(
        "catalogue.Plan", verbose_name=_("plan"), on_delete=models.CASCADE, related_name="+"
    )
    indicator = models.OneToOneField(
        "indicators.Indicator", verbose_name=_("indicador"), on_delete=models.CASCADE, related_name="opensdg"
    )
    sdg_code = models.CharField(_("código Open SDG"), max_length=40, help_text=_("p. ej. 11-1-1"))
    position = models.PositiveIntegerField(_("orden en el archivo"), default=0)
    columns = models.JSONField(_("columnas de desagregación"), default=list, blank=True)
    key = models.JSONField(_("valores de desagregación"), default=dict, blank=True)
    year_labels = models.JSONField(_("años escritos como rango"), default=dict, blank=True)
    metadata = models.JSONField(_("metadatos YAML"), default=dict, blank=True)

    class Meta:
        verbose_name = _("serie Open SDG")
        verbose_name_plural = _("series Open SDG")
        ordering = ["plan", "sdg_code", "position"]
        # the table it had in the api app (docs/decisions/0009-layers.md): moved without copying a row
        db_table = "api_opensdgseries"
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "sdg_code", "position"], name="opensdgseries_unique_position"
            )
        ]

    def __str__(self) -> str:
        return f"{self.sdg_code} #{self.position}"
