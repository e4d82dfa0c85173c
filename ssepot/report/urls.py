from django.urls import URLPattern, URLResolver, path

from ssepot.report import views

app_name = "report"
urlpatterns: list[URLPattern | URLResolver] = [
    path("<slug:slug>/<int:year>/", views.builds, name="builds"),
    path("<slug:slug>/<int:year>/textos/", views.texts, name="texts"),
    path("<slug:slug>/<int:year>/textos/<str:section>/", views.edit_text, name="edit_text"),
    path("generacion/<int:pk>/avance/", views.progress, name="progress"),
    path("generacion/<int:pk>/<str:kind>/", views.download, name="download"),
]
