from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from django.views.decorators.csrf import csrf_exempt
from django.views.i18n import set_language

# the site's error pages in its layout, JSON under /api/ (ssepot/front/errors.py)
handler400 = "ssepot.front.errors.bad_request"
handler403 = "ssepot.front.errors.permission_denied"
handler404 = "ssepot.front.errors.page_not_found"
handler500 = "ssepot.front.errors.server_error"

admin.site.site_header = _("SSEPOT: administración del plan")
admin.site.site_title = _("SSEPOT")
admin.site.index_title = _("Catálogo del plan")

urlpatterns = [
    # no CSRF token: a forged request could only change the visitor's language (docs/decisions/0005)
    path("i18n/setlang/", csrf_exempt(set_language), name="set_language"),
    path("admin/", admin.site.urls),
    path("cuenta/", include("django.contrib.auth.urls")),
    path("reporte/calidad/", include("ssepot.reporting.board_urls")),
    path("reporte/configuracion/", include("ssepot.reporting.onboarding_urls")),
    path("reporte/", include("ssepot.reporting.urls")),
    path("auditoria/", include("ssepot.audit.urls")),
    path("api/", include("ssepot.api.urls")),
    path("datos/", include("ssepot.api.opendata_urls")),
    path("ogc/", include("ssepot.api.ogc_urls")),
    path("informes/", include("ssepot.report.urls")),
    path("graficos/", include("ssepot.charts.urls")),
    path("", include("ssepot.front.publication_urls")),
    path("", include("ssepot.archive.urls")),
    path("", include("ssepot.front.urls")),
]
