"""The public expediente (``ssepot.archive.views``)."""

from django.urls import path

from ssepot.archive import views

app_name = "archive"
urlpatterns = [
    path("planes/<slug:plan_slug>/expediente/", views.expediente, name="expediente"),
    path("planes/<slug:plan_slug>/expediente/<int:pk>/", views.document, name="document"),
    path("planes/<slug:plan_slug>/expediente/<int:pk>/archivo/", views.download, name="download"),
]
