"""The plan's portal home, the Compromisos and Relación POT-PDD dashboards, the development plan's levels."""

from django.urls import path

from ssepot.front import dashboards, data
from ssepot.front.pagecache import public_page

urlpatterns = [
    path("planes/<slug:plan_slug>/", data.latest_year_redirect, name="plan_latest"),
    path("planes/<slug:plan_slug>/<int:year>/", public_page(dashboards.plan_home), name="plan"),
    path(
        "planes/<slug:plan_slug>/<int:year>/compromisos/",
        public_page(dashboards.commitments),
        name="commitments",
    ),
    path(
        "planes/<slug:plan_slug>/<int:year>/compromisos/<str:code>/",
        public_page(dashboards.commitment),
        name="commitment",
    ),
    path("planes/<slug:plan_slug>/<int:year>/pot-pdd/", public_page(dashboards.pot_pdd), name="pot_pdd"),
    path(
        "planes/<slug:plan_slug>/<int:year>/plan-de-desarrollo/",
        public_page(dashboards.development),
        name="development",
    ),
    path("planes/<slug:plan_slug>/<int:year>/equidad/", public_page(dashboards.equity), name="equity"),
]
