"""Input of the report's pages, validated at the boundary: a text that names an unknown figure is refused."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from ssepot.report.narrative import unknown_references


class NarrativeTextForm(forms.Form):
    title = forms.CharField(label=gettext_lazy("Título"), max_length=200, required=False)
    body = forms.CharField(
        label=gettext_lazy("Texto (Markdown)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 18}),
        help_text=gettext_lazy(
            "Escriba las cifras por su clave entre llaves dobles, p. ej. "
            "{{ compromisos.cumplimiento_global }}: "
            "el informe escribirá el valor calculado."
        ),
    )
    source = forms.CharField(label=gettext_lazy("Fuente del texto"), max_length=300, required=False)

    def __init__(self, *args: Any, keys: Iterable[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.keys = set(keys)

    def clean_body(self) -> str:
        body: str = self.cleaned_data["body"]
        unknown = unknown_references(body, self.keys)
        if unknown:
            raise forms.ValidationError(
                ngettext(
                    "El texto nombra una cifra que no existe en esta vigencia: %(keys)s. Revise la clave.",
                    "El texto nombra cifras que no existen en esta vigencia: %(keys)s. Revise las claves.",
                    len(unknown),
                )
                % {"keys": ", ".join(f"{{{{ {k} }}}}" for k in unknown)},
                code="unknown_figure",
            )
        return body


class StartBuildForm(forms.Form):
    release = forms.TypedChoiceField(
        label=gettext_lazy("Publicación de los datos"), coerce=int, required=False, empty_value=None
    )

    def __init__(self, *args: Any, releases: Iterable[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        numbers = sorted(releases, reverse=True)
        field = self.fields["release"]
        assert isinstance(field, forms.TypedChoiceField)
        field.choices = [("", _("La última"))] + [(str(n), str(n)) for n in numbers]
