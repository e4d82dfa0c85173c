"""Sistema de indicadores and Avance de subsistemas: the battery, each indicator's page, the subsystems."""

from django.urls import path

from ssepot.front import forecasts, indicators, subsystems
from ssepot.front.pagecache import public_page

urlpatterns = [
    path(
        "planes/<slug:plan_slug>/<int:year>/indicadores/", public_page(indicators.battery), name="indicators"
    ),
    path(
        "planes/<slug:plan_slug>/<int:year>/indicadores/<str:code>/",
        indicators.indicator_year_redirect,
        name="indicator_year",
    ),
    path(
        "planes/<slug:plan_slug>/indicadores/<str:code>/", public_page(indicators.indicator), name="indicator"
    ),
    path("planes/<slug:plan_slug>/<int:year>/pronosticos/", public_page(forecasts.summary), name="forecasts"),
    path(
        "planes/<slug:plan_slug>/<int:year>/subsistemas/", public_page(subsystems.overview), name="subsystems"
    ),
    path(
        "planes/<slug:plan_slug>/<int:year>/subsistemas/<str:code>/",
        public_page(subsystems.detail),
        name="subsystem",
    ),
]
