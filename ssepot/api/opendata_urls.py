"""``/datos/``: open-data downloads; ``version/N/`` pins a plan's files to release N of each year."""

from django.urls import URLPattern, URLResolver, include, path

from ssepot.api import opendata

app_name = "opendata"

files: list[URLPattern | URLResolver] = [
    path("", opendata.datapackage, name="plan"),
    path("datapackage.json", opendata.datapackage, name="datapackage"),
    path("completo.xlsx", opendata.workbook, name="workbook"),
    path("completo.json", opendata.json_document, name="json"),
    path("valores.geojson", opendata.geojson, name="geojson"),
    # NB: before the datasets' pattern, which would take «sdmx» for a dataset's name
    path("sdmx.csv", opendata.sdmx_csv, name="sdmx"),
    path("<slug:name>.csv", opendata.dataset_csv, name="csv"),
]

urlpatterns: list[URLPattern | URLResolver] = [
    path("", opendata.index, name="index"),
    path("catalogo.jsonld", opendata.catalogue_jsonld, name="dcat_jsonld"),
    path("catalogo.ttl", opendata.catalogue_turtle, name="dcat_turtle"),
    path("<slug:slug>/", include(files)),
    path("<slug:slug>/version/<int:release>/", include(files)),
]
