"""The plans' directory and the comparison, before ``planes/<slug>/`` so «comparar» is not read as a plan."""

from django.urls import path

from ssepot.front import directory

urlpatterns = [
    path("planes/", directory.directory, name="directory"),
    path("planes/comparar/", directory.compare, name="compare"),
]
