"""The strategic framework's public page (``ssepot.front.framework``)."""

from django.urls import path

from ssepot.front import framework
from ssepot.front.pagecache import public_page

urlpatterns = [
    path(
        "planes/<slug:plan_slug>/<int:year>/marco-estrategico/",
        public_page(framework.strategic_framework),
        name="marco_estrategico",
    ),
]
