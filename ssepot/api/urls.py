"""``/api/v1/``: the REST API (``ssepot.api.v1``) with its schema and its documentation page. Any other
address under ``/api/`` answers a JSON 404, so a client never has to parse an HTML error page."""

from django.http import HttpRequest, JsonResponse
from django.urls import URLPattern, URLResolver, path, re_path
from django.utils.translation import gettext as _

from ssepot.api.v1 import api


def not_found(request: HttpRequest) -> JsonResponse:
    return JsonResponse(
        {"detalle": _("No existe la ruta %(path)s en la API; vea /api/v1/docs.") % {"path": request.path}},
        status=404,
        json_dumps_params={"ensure_ascii": False},
    )


urlpatterns: list[URLPattern | URLResolver] = [path("v1/", api.urls), re_path(r"", not_found)]
