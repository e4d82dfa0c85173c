"""The technical and historical archive (Archivo Técnico e Histórico) of the plan's expediente."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from ssepot.catalogue.models import Article, PlanScoped, Subsystem, TerritorialUnit
from ssepot.commitments.models import Commitment
from ssepot.indicators.models import Indicator
from ssepot.projects.models import Project


class ArchiveDocument(PlanScoped):
    class DocType(models.TextChoices):
        ACT = "acto", _("Acto administrativo (acuerdo, decreto, resolución)")
        DTS = "dts", _("Documento técnico de soporte")
        STUDY = "estudio", _("Estudio")
        MAP = "mapa", _("Cartografía")
        REPORT = "informe", _("Informe de seguimiento")
        BULLETIN = "boletin", _("Boletín temático")
        OTHER = "otro", _("Otro")

    title = models.CharField(_("título"), max_length=400)
    doc_type = models.CharField(_("tipo de documento"), max_length=20, choices=DocType.choices)
    date = models.DateField(_("fecha"))
    act_number = models.CharField(_("número del acto"), max_length=60, blank=True)
    description = models.TextField(_("descripción"), blank=True)
    file = models.FileField(_("archivo"), upload_to="archive/%Y/", blank=True)
    url = models.URLField(_("enlace"), blank=True)
    articles = models.ManyToManyField(
        Article, verbose_name=_("artículos"), blank=True, related_name="documents"
    )
    subsystems = models.ManyToManyField(
        Subsystem, verbose_name=_("subsistemas"), blank=True, related_name="documents"
    )
    commitments = models.ManyToManyField(
        Commitment, verbose_name=_("compromisos"), blank=True, related_name="documents"
    )
    projects = models.ManyToManyField(
        Project, verbose_name=_("proyectos"), blank=True, related_name="documents"
    )
    indicators = models.ManyToManyField(
        Indicator, verbose_name=_("indicadores"), blank=True, related_name="documents"
    )
    territorial_units = models.ManyToManyField(
        TerritorialUnit, verbose_name=_("unidades territoriales"), blank=True, related_name="documents"
    )
    is_public = models.BooleanField(
        _("público"),
        default=False,
        help_text=_("Se muestra en el expediente público del plan (/planes/<plan>/expediente/)."),
    )
    product = models.CharField(
        _("producto del expediente"),
        max_length=60,
        blank=True,
        help_text=_("El producto de la guía del expediente (MVCT 2019) que este documento cumple."),
    )
    supersedes = models.OneToOneField(
        "self",
        verbose_name=_("reemplaza a"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="superseded_by",
        help_text=_("La versión anterior de este documento, si la hay."),
    )
    text = models.TextField(
        _("texto extraído"),
        blank=True,
        editable=False,
        help_text=_("El texto del archivo (PDF, DOCX o XLSX), leído al guardarlo; con él se busca."),
    )
    text_note = models.CharField(_("lectura del texto"), max_length=300, blank=True, editable=False)

    class Meta:
        verbose_name = _("documento del archivo técnico")
        verbose_name_plural = _("archivo técnico e histórico")
        ordering = ["plan", "-date"]
        indexes = [models.Index(fields=["plan", "doc_type", "date"])]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        from ssepot.archive.guide import load_guide

        if self.product and self.product not in load_guide().products:
            raise ValidationError({"product": _("No es un producto de la guía del expediente.")})
        if self.supersedes_id is not None and self.supersedes_id == self.pk:
            raise ValidationError({"supersedes": _("Un documento no se reemplaza a sí mismo.")})
