"""The addresses of the plan's public publications (``ssepot.report.publications``), one per release.

The views are the report's; the addresses and the public pages' cache are the site's, so the report does
not import the site (docs/decisions/0009-layers.md)."""

from django.urls import URLPattern, path, re_path

from ssepot.front.pagecache import public_page
from ssepot.report import publications

app_name = "publications"
RELEASE = r"informe-(?P<year>[12][0-9]{3})-v(?P<number>[1-9][0-9]{0,3})"
PLAN = r"^planes/(?P<plan_slug>[-a-zA-Z0-9_]+)/publicaciones/"


urlpatterns: list[URLPattern] = [
    path("planes/<slug:plan_slug>/publicaciones/", public_page(publications.publications), name="list"),
    path("planes/<slug:plan_slug>/publicaciones/feed/", publications.PublicationsFeed(), name="feed"),
    re_path(PLAN + RELEASE + r"/$", publications.publication, name="publication"),
    re_path(PLAN + RELEASE + r"\.pdf$", publications.publication_pdf, name="publication_pdf"),
    re_path(PLAN + RELEASE + r"\.xlsx$", publications.publication_xlsx, name="publication_xlsx"),
]
