"""``/ogc/``: OGC API - Features (``ssepot.api.ogc``); any other address under it answers a JSON 404."""

from django.urls import URLPattern, URLResolver, path, re_path

from ssepot.api import ogc

app_name = "ogc"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", ogc.landing, name="landing"),
    path("api", ogc.openapi, name="openapi"),
    path("conformance", ogc.conformance, name="conformance"),
    path("collections", ogc.collections, name="collections"),
    path("collections/<str:collection_id>", ogc.collection, name="collection"),
    path("collections/<str:collection_id>/items", ogc.items, name="items"),
    path("collections/<str:collection_id>/items/<str:feature_id>", ogc.item, name="item"),
    re_path(r"^(?P<rest>.*)$", ogc.not_found),
]
