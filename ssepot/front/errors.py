"""The site's error pages (400, 403, 404, 500) in its layout and language, with a way back; JSON under
``/api/``, so a client never parses an HTML page.

Django calls these as ``handler400`` ... ``handler500`` (``ssepot/urls.py``). The 500 page reads nothing
from the database, which may be what failed: it is ``front/base.html``'s layout without the session, the
signed-in user or the demo banner. ``RefuseControlCharacters`` turns a NUL or another control character
in a public address into a 400 before any view reads it (the one text rule, ``ssepot.core.inputs``).
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseBase, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.utils.translation import gettext as _

from ssepot.core.inputs import InputError, clean_text
from ssepot.front.middleware import SpanishFirstLocaleMiddleware

logger = logging.getLogger(__name__)
API_PREFIX = "/api/"


def _json(status: int, detail: str) -> JsonResponse:
    return JsonResponse({"detalle": detail}, status=status, json_dumps_params={"ensure_ascii": False})


def _page(request: HttpRequest, status: int, title: str, message: str, detail: str = "") -> HttpResponse:
    try:
        return render(
            request,
            "front/errors/page.html",
            {"title": title, "message": message, "detail": detail},
            status=status,
        )
    except Exception:  # the layout reads the database (session, banner): it may be what is down
        logger.exception("error page %s rendered without the site's layout", status)
        return server_error(request, status=status)


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if request.path.startswith(API_PREFIX):
        return _json(400, _("La solicitud no es válida."))
    return _page(
        request,
        400,
        _("Solicitud no válida"),
        _("La dirección o los datos enviados no se pueden leer."),
        str(exception) if isinstance(exception, ValueError) else "",
    )


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if request.path.startswith(API_PREFIX):
        return _json(403, _("No tiene permiso para esta operación."))
    return _page(
        request,
        403,
        _("Acceso no permitido"),
        _("Su cuenta no tiene permiso para ver esta página. Si cree que debería tenerlo, pídalo al equipo de "
          "seguimiento del plan."),
        str(exception) if isinstance(exception, PermissionDenied) else "",
    )  # fmt: skip


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if request.path.startswith(API_PREFIX):
        return _json(
            404, _("No existe la ruta %(path)s en la API; vea /api/v1/docs.") % {"path": request.path}
        )
    return _page(
        request,
        404,
        _("Página no encontrada"),
        _("La página que busca no existe o cambió de dirección."),
    )


def server_error(request: HttpRequest, status: int = 500) -> HttpResponse:
    if request.path.startswith(API_PREFIX):
        return _json(500, _("Error interno del servidor; no se hizo ningún cambio. Intente de nuevo."))
    # no RequestContext: its processors would read the session and the user
    html = loader.get_template("front/errors/500.html").render({})
    return HttpResponse(html, status=status)


class RefuseControlCharacters:
    """A public address (path or query) with a NUL or another control character is a 400, before the page
    cache or any view reads it: such a character cannot name anything stored (PostgreSQL cannot even hold
    a NUL). The API keeps its own rule for its query parameters (``ssepot.api.auth.without_nul``)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response
        self.locale = SpanishFirstLocaleMiddleware(get_response)

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        if not request.path.startswith(API_PREFIX):
            texts = [request.path_info, *(t for key, values in request.GET.lists() for t in [key, *values])]
            try:
                for text in texts:
                    clean_text(text)
            except InputError:
                self.locale.process_request(request)
                return bad_request(
                    request,
                    ValueError(_("La dirección tiene un carácter de control, como un carácter nulo.")),
                )
        return self.get_response(request)
