"""``/api/v1/``: the REST API (``ssepot.api.v1``) with its schema and its documentation page."""

from django.urls import URLPattern, URLResolver, path

from ssepot.api.v1 import api

urlpatterns: list[URLPattern | URLResolver] = [path("v1/", api.urls)]
