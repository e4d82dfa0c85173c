"""Every admin page opens for a superuser, and search finds records."""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.urls import reverse

pytestmark = pytest.mark.django_db

OUR_APPS = {
    "catalogue",
    "commitments",
    "projects",
    "indicators",
    "development",
    "accounts",
    "reporting",
    "archive",
    "report",
    "audit",
}
SHOWN_ONLY = {
    "reporting.Assignment",
    "reporting.AssignmentEvent",
    "reporting.Evidence",
    "reporting.Release",
    "reporting.Approval",
    "reporting.SentNotice",
    "report.ReportBuild",
    "audit.AuditEntry",
    # a new version of the calculation rules is registered with ``ssepot rules set`` (who and why, audited)
    "indicators.CalculationRules",
    # reported data: written by the reporting cycle's actions, with their checks and the audit log
    "commitments.CommitmentStatus",
    "projects.ProjectYear",
    "indicators.IndicatorValue",
    # an import's rows: written by its importer, its values reviewed on the batch's page
    "projects.Work",
    "reporting.ImportBatch",
    "reporting.ImportedValue",
}
OUR_MODELS = [m for m in admin.site._registry if m._meta.app_label in OUR_APPS]


def test_every_model_of_the_project_has_an_admin() -> None:
    from django.apps import apps

    from ssepot.catalogue.history import HISTORISED, link_fields, link_history

    # NB: a catalogue record's history (with its links) is shown on its own history page (ADR 0006)
    histories = {model.history.model for model in HISTORISED}  # type: ignore[attr-defined]
    histories |= {link_history(model, f.name) for model in HISTORISED for f in link_fields(model)}
    missing = [
        m.__name__
        for app in OUR_APPS
        for m in apps.get_app_config(app).get_models()
        if m not in admin.site._registry and m not in histories
    ]
    assert missing == []


@pytest.mark.parametrize("model", OUR_MODELS, ids=lambda m: m._meta.label)
def test_changelist_add_and_change_pages_open_for_a_superuser(client, superuser, full_plan, model):
    client.force_login(superuser)
    opts = model._meta
    assert client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")).status_code == 200
    add = client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_add")).status_code
    # NB: reported data, the reporting cycle's records and the audit log are written only by actions.
    assert add == (403 if model._meta.label in SHOWN_ONLY else 200)
    obj = model._default_manager.first()
    assert obj is not None, f"the fixture has no {opts.label}"
    url = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
    assert client.get(url).status_code == 200


def test_user_admin_shows_memberships(client, superuser, alice):
    client.force_login(superuser)
    response = client.get(reverse("admin:auth_user_change", args=[alice.pk]))
    assert response.status_code == 200
    assert "membership_set" in response.text or "memberships" in response.text


def test_commitment_search_finds_by_code_and_description(client, superuser, full_plan):
    client.force_login(superuser)
    url = reverse("admin:commitments_commitment_changelist")
    assert "C-001" in client.get(url, {"q": "C-001"}).text
    assert "C-001" in client.get(url, {"q": "movilidad"}).text
    assert "C-001" not in client.get(url, {"q": "inexistente"}).text


def test_indicator_search_finds_by_code_and_name(client, superuser, full_plan):
    client.force_login(superuser)
    url = reverse("admin:indicators_indicator_changelist")
    assert "IND-1" in client.get(url, {"q": "ciclorruta"}).text
    response = client.get(url, {"q": "IND-1"})
    assert "IND-1" in response.text and "Instrumentos adoptados" not in response.text


def test_indicator_origin_filter_separates_pot_from_pdd(client, superuser, full_plan):
    client.force_login(superuser)
    url = reverse("admin:indicators_indicator_changelist")
    pdd = client.get(url, {"origen": "pdd"}).text
    assert "Instrumentos adoptados" in pdd and "ciclorruta" not in pdd


def test_changelists_do_not_query_per_row(
    client,
    superuser,
    full_plan,
    other_plan,
    django_assert_max_num_queries,
):
    from ssepot.catalogue.models import Plan
    from ssepot.commitments.models import Commitment

    plan = full_plan["commitment"].plan
    for n in range(20):
        Commitment.objects.create(
            plan=plan,
            code=f"X-{n}",
            description="x",
            horizon="plan",
            typology="x",
            subsystem=full_plan["subsystem"],
            agency=full_plan["agency"],
        )
    assert Plan.objects.count() == 2
    client.force_login(superuser)
    with django_assert_max_num_queries(15):
        assert client.get(reverse("admin:commitments_commitment_changelist")).status_code == 200


def test_years_are_not_shown_with_a_thousands_separator(client, superuser, full_plan):
    client.force_login(superuser)
    page = client.get(reverse("admin:commitments_commitmentstatus_changelist")).text
    assert "2025" in page and "2.025" not in page


def test_plan_admin_shows_the_traffic_light_of_its_calculation_rules(client, superuser, plan):
    """The indicators app adds the rules' traffic light to the catalogue's plan admin (ADR 0009)."""
    client.force_login(superuser)
    page = client.get(reverse("admin:catalogue_plan_change", args=[plan.pk])).text
    assert "Semáforo" in page
    assert "verde desde" in page and "ssepot rules set" in page
