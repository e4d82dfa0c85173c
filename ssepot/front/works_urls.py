"""Public works by comuna and corregimiento (``ssepot.front.works``)."""

from django.urls import path

from ssepot.front import works
from ssepot.front.pagecache import public_page

urlpatterns = [
    path("planes/<slug:plan_slug>/<int:year>/comunas/", public_page(works.comunas), name="comunas"),
    path("planes/<slug:plan_slug>/<int:year>/comunas/<str:code>/", public_page(works.comuna), name="comuna"),
]
