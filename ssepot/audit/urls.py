from django.urls import path

from ssepot.audit import views

app_name = "audit"
urlpatterns = [
    path("<slug:slug>/", views.plan_log, name="plan_log"),
    path("<slug:slug>/exportar.<str:fmt>", views.export_log, name="export"),
    path("<slug:slug>/<str:label>/<str:object_id>/", views.object_history, name="object_history"),
]
