from django.urls import include, path

from ssepot.front import views

app_name = "front"
urlpatterns = [
    path("", views.home, name="home"),
    path("", include("ssepot.front.directory_urls")),
    path("", include("ssepot.front.dashboard_urls")),
    path("", include("ssepot.front.indicator_urls")),
    path("", include("ssepot.front.works_urls")),
    path("", include("ssepot.front.framework_urls")),
]
