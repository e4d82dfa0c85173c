"""Sistema de indicadores and Avance de subsistemas: the battery, each indicator's page, the subsystems."""

from django.urls import path

from ssepot.front import indicators, subsystems

urlpatterns = [
    path("planes/<slug:plan_slug>/<int:year>/indicadores/", indicators.battery, name="indicators"),
    path(
        "planes/<slug:plan_slug>/<int:year>/indicadores/<str:code>/",
        indicators.indicator_year_redirect,
        name="indicator_year",
    ),
    path("planes/<slug:plan_slug>/indicadores/<str:code>/", indicators.indicator, name="indicator"),
    path("planes/<slug:plan_slug>/<int:year>/subsistemas/", subsystems.overview, name="subsystems"),
    path("planes/<slug:plan_slug>/<int:year>/subsistemas/<str:code>/", subsystems.detail, name="subsystem"),
]
