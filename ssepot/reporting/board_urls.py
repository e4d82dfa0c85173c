from django.urls import path  # noqa: F401

app_name = "board"
urlpatterns: list = []  # type: ignore[type-arg]
