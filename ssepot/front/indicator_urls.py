from django.urls import path

from ssepot.front import views

urlpatterns = [
    path("planes/<slug:plan_slug>/indicadores/<str:code>/", views.indicator, name="indicator"),
]
