from django.urls import path

from ssepot.front import views

app_name = "front"
urlpatterns = [
    path("", views.home, name="home"),
    path("planes/<slug:plan_slug>/indicadores/<str:code>/", views.indicator, name="indicator"),
]
