"""The audit log pages: the plan's log with filters and pages, one object's history, CSV and XLSX exports."""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from ssepot.audit.log import record
from ssepot.audit.models import AuditEntry
from ssepot.reporting import actions
from ssepot.reporting.models import Assignment

pytestmark = pytest.mark.django_db
BOGOTA = ZoneInfo("America/Bogota")


@pytest.fixture
def cycle(period: Any, catalogue: Any, alice: Any, bob: Any) -> Assignment:
    """Bob saves and submits the ciclorruta value; Alice returns it with an observation."""
    a = Assignment.objects.get(period=period, indicator=catalogue["indicator"])
    a = actions.save_draft(a, {"values": {"": "12"}}, actor=bob, expected_revision=a.revision)
    a = actions.submit(a, actor=bob, expected_revision=a.revision)
    return actions.return_to_agency(a, "Falta la comuna 02.", actor=alice)


def log_url(**query: Any) -> str:
    url = reverse("audit:plan_log", args=["pot-prueba"])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def shown(client: Any, url: str) -> list[str]:
    return [entry.action for entry, _changes, _url in client.get(url).context["entries"]]


def test_an_analyst_reads_the_plans_log_newest_first_with_old_and_new_values(
    client: Any, cycle: Any, alice: Any
) -> None:
    client.force_login(alice)
    response = client.get(log_url())
    assert response.status_code == 200
    assert shown(client, log_url()) == ["devolver", "enviar", "guardar borrador", "abrir periodo"]
    page = response.content.decode()
    assert "Registro de auditoría" in page and "Falta la comuna 02." in page
    assert "enviado &gt; devuelto" in page and "bob" in page


def test_the_filters_narrow_the_log_by_user_action_and_object_type(
    client: Any, cycle: Any, alice: Any, bob: Any
) -> None:
    client.force_login(alice)
    assert shown(client, log_url(usuario=bob.pk)) == ["enviar", "guardar borrador"]
    assert shown(client, log_url(accion="devolver")) == ["devolver"]
    assert shown(client, log_url(tipo="reporting.reportingperiod")) == ["abrir periodo"]
    assert shown(client, log_url(usuario=bob.pk, tipo="reporting.reportingperiod")) == []
    page = client.get(log_url()).content.decode()
    assert '<option value="reporting.assignment">Asignación de reporte</option>' in page


def test_the_date_range_counts_days_in_bogota(client: Any, cycle: Any, alice: Any) -> None:
    late_evening = dt.datetime(2026, 2, 28, 22, 0, tzinfo=BOGOTA)  # already 1 March in UTC
    AuditEntry.objects.filter(action="devolver").update(at=late_evening)
    AuditEntry.objects.exclude(action="devolver").update(at=dt.datetime(2026, 1, 10, 12, tzinfo=BOGOTA))
    client.force_login(alice)
    assert shown(client, log_url(desde="2026-02-28", hasta="2026-02-28")) == ["devolver"]
    assert shown(client, log_url(desde="2026-03-01")) == []
    assert len(shown(client, log_url(hasta="2026-01-10"))) == 3
    response = client.get(log_url(desde="2026-03-01", hasta="2026-02-01"))
    assert "La fecha inicial es posterior a la final." in response.content.decode()


def test_the_log_comes_in_pages_that_keep_the_filters(client: Any, plan: Any, alice: Any) -> None:
    for n in range(120):
        record("importar", plan, actor=alice, plan_id=plan.pk, reason=f"lote {n}")
    record("otra", plan, actor=alice, plan_id=plan.pk)
    client.force_login(alice)
    first = client.get(log_url(accion="importar"))
    assert len(first.context["entries"]) == 50 and first.context["page"].paginator.num_pages == 3
    assert "?accion=importar&amp;pagina=2" in first.content.decode()
    third = client.get(log_url(accion="importar", pagina=3))
    assert [e.reason for e, _c, _u in third.context["entries"]][-1] == "lote 0"
    assert len(third.context["entries"]) == 20


def test_one_objects_history_shows_who_when_old_new_and_why(
    client: Any, cycle: Any, period: Any, catalogue: Any, alice: Any, charlie: Any
) -> None:
    other = Assignment.objects.get(period=period, indicator=catalogue["edu_indicator"])
    actions.save_draft(other, {"values": {"": "3"}}, actor=charlie, expected_revision=other.revision)
    client.force_login(alice)
    url = reverse("audit:object_history", args=["pot-prueba", "reporting.assignment", cycle.pk])
    response = client.get(url)
    assert response.status_code == 200
    assert [e.action for e, _c, _u in response.context["entries"]] == [
        "devolver",
        "enviar",
        "guardar borrador",
    ]
    page = response.content.decode()
    assert "Historia" in page and "POT-MOV-01" in page and "POT-EQU-01" not in page
    assert "Motivo: Falta la comuna 02." in page and "por alice" in page and "por bob" in page
    assert "borrador &gt; enviado" in page and "estado" in page  # the field as the model names it
    log = client.get(log_url()).content.decode()
    assert f'href="{url}"' in log


def test_an_object_with_no_entries_yet_shows_an_empty_history(
    client: Any, period: Any, catalogue: Any, alice: Any
) -> None:
    untouched = Assignment.objects.get(period=period, indicator=catalogue["edu_indicator"])
    client.force_login(alice)
    url = reverse("audit:object_history", args=["pot-prueba", "reporting.assignment", untouched.pk])
    assert "No hay cambios registrados" in client.get(url).content.decode()


def test_only_the_plans_analysts_administrators_and_superusers_see_the_log(
    client: Any, cycle: Any, bob: Any, charlie: Any, dana: Any, medellin: Any
) -> None:
    from ssepot.accounts.models import Membership
    from ssepot.catalogue.models import Plan

    other = Plan.objects.create(municipality=medellin, slug="otro", name="Otro POT", act="Acuerdo 1",
                                adoption_date=dt.date(2020, 1, 1), start_date=dt.date(2020, 1, 1),
                                end_date=dt.date(2032, 12, 31))  # fmt: skip
    users = get_user_model().objects
    stranger = users.create_user("erin", password="secreto-de-prueba-1")
    Membership.objects.create(plan=other, user=stranger, role="analista")
    admin = users.create_user("frank", password="secreto-de-prueba-1")
    Membership.objects.create(plan=cycle.plan, user=admin, role="administrador")
    root = users.create_superuser("root", password="secreto-de-prueba-1")
    urls = [
        log_url(),
        reverse("audit:object_history", args=["pot-prueba", "reporting.assignment", cycle.pk]),
        reverse("audit:export", args=["pot-prueba", "csv"]),
        reverse("audit:export", args=["pot-prueba", "xlsx"]),
    ]
    for url in urls:
        assert client.get(url).status_code == 302, url  # anonymous: to the sign-in page
        for user in (bob, charlie, dana, stranger):
            client.force_login(user)
            assert client.get(url).status_code == 403, (user, url)
        for user in (admin, root):
            client.force_login(user)
            assert client.get(url).status_code == 200, (user, url)
        client.logout()


def test_another_plans_object_has_no_history_under_this_plan(
    client: Any, cycle: Any, alice: Any, medellin: Any
) -> None:
    from ssepot.catalogue.models import Plan

    other = Plan.objects.create(municipality=medellin, slug="otro", name="Otro POT", act="Acuerdo 1",
                                adoption_date=dt.date(2020, 1, 1), start_date=dt.date(2020, 1, 1),
                                end_date=dt.date(2032, 12, 31))  # fmt: skip
    record("editar", other, actor=None, plan_id=other.pk, changes={"name": ["Viejo", "Otro POT"]})
    client.force_login(alice)
    url = reverse("audit:object_history", args=["pot-prueba", "catalogue.plan", other.pk])
    assert client.get(url).status_code == 404
    assert "editar" not in shown(client, log_url())
    for bad in ("nada.nada", "reporting"):
        assert client.get(reverse("audit:object_history", args=["pot-prueba", bad, 1])).status_code == 404
    assert client.get(reverse("audit:export", args=["pot-prueba", "pdf"])).status_code == 404


DANGEROUS = {
    "reason": '=HYPERLINK("http://x","clic")',
    "object_repr": "+57 300 000 0000",
    "changes": {"value": ["-5", "@SUM(A1:A9)"]},
}


@pytest.fixture
def dangerous(plan: Any, alice: Any) -> AuditEntry:
    return AuditEntry.objects.create(plan=plan, actor=alice, action="corregir", **DANGEROUS)


def test_the_csv_export_follows_the_filters_and_neutralises_formulas(
    client: Any, cycle: Any, dangerous: Any, alice: Any
) -> None:
    client.force_login(alice)
    response = client.get(reverse("audit:export", args=["pot-prueba", "csv"]) + "?accion=corregir")
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:3] == ["fecha", "usuario", "acción"] and len(rows) == 2
    [row] = rows[1:]
    assert row[1] == "alice" and row[2] == "corregir"
    assert row[5] == "'+57 300 000 0000"
    assert row[6] == "value: -5 > @SUM(A1:A9)"  # inside the text: it does not start a cell
    assert row[7] == '\'=HYPERLINK("http://x","clic")'
    everything = client.get(reverse("audit:export", args=["pot-prueba", "csv"]))
    assert len(list(csv.reader(io.StringIO(everything.content.decode("utf-8-sig"))))) == 6


def test_the_xlsx_export_writes_formula_like_text_as_text(
    client: Any, dangerous: Any, plan: Any, alice: Any
) -> None:
    from openpyxl import load_workbook

    record("corregir", plan, actor=alice, plan_id=plan.pk, reason="-1")
    client.force_login(alice)
    response = client.get(reverse("audit:export", args=["pot-prueba", "xlsx"]) + "?accion=corregir")
    assert response["Content-Type"].endswith("spreadsheetml.sheet")
    content = response.content
    with zipfile.ZipFile(io.BytesIO(content)) as z:
        sheet_xml = z.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet_xml and "HYPERLINK" in sheet_xml
    sheet = load_workbook(io.BytesIO(content)).active
    assert sheet is not None
    rows = list(sheet.iter_rows(min_row=2))
    reasons: dict[Any, Any] = {r[7].value: r[7] for r in rows}
    cell = reasons[DANGEROUS["reason"]]
    assert cell.data_type == "s" and cell.quotePrefix
    # NB: "-1" is a number, not a formula (the one rule, ssepot.core.tabular): it stays text, unprefixed
    assert reasons["-1"].data_type == "s" and not reasons["-1"].quotePrefix
    assert isinstance(rows[0][0].value, dt.datetime)  # the date stays a date
