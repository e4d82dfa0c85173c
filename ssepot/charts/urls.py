from django.urls import path

from ssepot.charts import views

app_name = "charts"
urlpatterns = [
    path("vega-<str:version>.js", views.vega_bundle, name="vega"),
]
