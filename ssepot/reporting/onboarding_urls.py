from django.urls import path

from ssepot.reporting import onboarding

app_name = "onboarding"
urlpatterns = [
    path("", onboarding.index, name="index"),
    path("nuevo-plan/", onboarding.new_plan, name="new_plan"),
    path("<slug:slug>/", onboarding.plan, name="plan"),
    path("<slug:slug>/planes-de-desarrollo/", onboarding.add_development_plan, name="add_development_plan"),
    path("<slug:slug>/dependencias/", onboarding.add_agency, name="add_agency"),
    path("<slug:slug>/usuarios/", onboarding.add_member, name="add_member"),
]
