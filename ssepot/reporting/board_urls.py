from django.urls import URLPattern, path  # noqa: F401

app_name = "board"
urlpatterns: list[URLPattern] = []
