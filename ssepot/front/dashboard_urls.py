"""The plan's portal home and the Compromisos and Relación POT-PDD dashboards."""

from django.urls import path

from ssepot.front import dashboards, data

urlpatterns = [
    path("planes/<slug:plan_slug>/", data.latest_year_redirect, name="plan_latest"),
    path("planes/<slug:plan_slug>/<int:year>/", dashboards.plan_home, name="plan"),
    path("planes/<slug:plan_slug>/<int:year>/compromisos/", dashboards.commitments, name="commitments"),
    path(
        "planes/<slug:plan_slug>/<int:year>/compromisos/<str:code>/",
        dashboards.commitment,
        name="commitment",
    ),
    path("planes/<slug:plan_slug>/<int:year>/pot-pdd/", dashboards.pot_pdd, name="pot_pdd"),
]
