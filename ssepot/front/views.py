from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from ssepot.catalogue.models import Plan


def home(request: HttpRequest) -> HttpResponse:
    plans = Plan.objects.select_related("municipality").order_by("municipality__name", "name")
    return render(request, "front/home.html", {"plans": plans})
