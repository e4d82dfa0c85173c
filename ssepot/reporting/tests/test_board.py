"""The data quality board at /reporte/calidad/<period>/: per agency completeness, timeliness and quality."""

from __future__ import annotations

import csv
import datetime as dt
import io
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ssepot.reporting.models import Assignment

pytestmark = pytest.mark.django_db
BOGOTA = ZoneInfo("America/Bogota")
ON_TIME = dt.datetime(2026, 2, 15, 23, 59, 59, tzinfo=BOGOTA)  # the deadline is 2026-02-15
LATE = dt.datetime(2026, 2, 16, 0, 0, 0, tzinfo=BOGOTA)  # 05:00 UTC: still the 16th in Bogotá only


def set_state(period: Any, state: str, submitted_at: dt.datetime | None = None, flagged: bool = False,
              **item: Any) -> None:  # fmt: skip
    Assignment.objects.filter(period=period, **item).update(
        state=state, submitted_at=submitted_at, flagged=flagged
    )


@pytest.fixture
def reported(period: Any, catalogue: Any) -> Any:
    """SM: indicator sent on time, commitment validated but sent late and flagged, project returned.
    EDU: its only item still in draft."""
    set_state(period, "enviado", ON_TIME, indicator=catalogue["indicator"])
    set_state(period, "validado", LATE, flagged=True, commitment=catalogue["commitment"])
    set_state(period, "devuelto", ON_TIME, project=catalogue["project"])
    return period


def board_url(period: Any, **query: str) -> str:
    url = reverse("board:period", args=[period.pk])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def test_an_analyst_sees_completeness_timeliness_and_quality_per_agency(
    client: Any, reported: Any, alice: Any
) -> None:
    client.force_login(alice)
    response = client.get(board_url(reported))
    assert response.status_code == 200
    rows = {q.code: q for q in response.context["board"]}
    sm, edu, total = rows["SM"], rows["EDU"], response.context["total"]
    assert (sm.assigned, sm.submitted, sm.on_time, sm.validated, sm.open_observations, sm.flagged) == (
        3, 2, 1, 1, 1, 1)  # fmt: skip
    assert (edu.assigned, edu.submitted, edu.on_time, edu.validated) == (1, 0, 0, 0)
    assert (total.assigned, total.submitted, total.on_time, total.validated) == (4, 2, 1, 1)
    page = response.content.decode()
    assert "Calidad del reporte 2025" in page
    assert "66,7 %" in page and "33,3 %" in page and "50,0 %" in page and "25,0 %" in page


def test_on_time_ends_with_the_deadline_day_in_bogota(client: Any, period: Any, catalogue: Any,
                                                      alice: Any) -> None:  # fmt: skip
    set_state(period, "enviado", LATE - dt.timedelta(microseconds=1), indicator=catalogue["indicator"])
    set_state(period, "enviado", LATE, commitment=catalogue["commitment"])
    client.force_login(alice)
    [sm] = [q for q in client.get(board_url(period)).context["board"] if q.code == "SM"]
    assert (sm.submitted, sm.on_time) == (2, 1)


def test_reporters_readers_and_other_plans_analysts_cannot_see_the_board(
    client: Any, reported: Any, bob: Any, dana: Any, medellin: Any
) -> None:
    from ssepot.accounts.models import Membership
    from ssepot.catalogue.models import Plan

    other = Plan.objects.create(municipality=medellin, slug="otro", name="Otro POT", act="Acuerdo 1",
                                adoption_date=dt.date(2020, 1, 1), start_date=dt.date(2020, 1, 1),
                                end_date=dt.date(2032, 12, 31))  # fmt: skip
    from django.contrib.auth import get_user_model

    stranger = get_user_model().objects.create_user("erin", password="secreto-de-prueba-1")
    Membership.objects.create(plan=other, user=stranger, role="analista")
    for url in (board_url(reported), reverse("board:period_csv", args=[reported.pk])):
        assert client.get(url).status_code == 302  # anonymous: to the sign-in page
        for user in (bob, dana, stranger):
            client.force_login(user)
            assert client.get(url).status_code == 403, (user, url)
        client.logout()
    client.force_login(stranger)
    assert reported.plan.name not in client.get(reverse("board:index")).content.decode()


def test_the_index_lists_the_periods_of_the_plans_the_analyst_reviews(
    client: Any, reported: Any, alice: Any
) -> None:
    client.force_login(alice)
    page = client.get(reverse("board:index")).content.decode()
    assert board_url(reported) in page and "vigencia 2025" in page


def test_the_table_sorts_by_any_column_both_ways(client: Any, reported: Any, alice: Any) -> None:
    client.force_login(alice)

    def order(**query: str) -> list[str]:
        return [q.code for q in client.get(board_url(reported, **query)).context["board"]]

    assert order() == ["EDU", "SM"]  # by name: Empresa..., Secretaría...
    assert order(orden="enviados", dir="desc") == ["SM", "EDU"]
    assert order(orden="enviados") == ["EDU", "SM"]
    assert order(orden="asignados", dir="desc") == ["SM", "EDU"]
    assert order(orden="observaciones") == ["EDU", "SM"]
    assert order(orden="nada", dir="desc") == ["SM", "EDU"]  # unknown column: by name
    page = client.get(board_url(reported, orden="enviados")).content.decode()
    assert 'aria-sort="ascending"' in page and "?orden=enviados&amp;dir=desc" in page


def test_the_csv_has_one_row_per_agency_and_the_totals_with_formulas_neutralised(
    client: Any, reported: Any, alice: Any, agencies: Any
) -> None:
    agencies["edu"].name = '=HYPERLINK("http://x")'
    agencies["edu"].save()
    client.force_login(alice)
    response = client.get(reverse("board:period_csv", args=[reported.pk]))
    assert response["Content-Type"].startswith("text/csv")
    assert "calidad-pot-prueba-2025.csv" in response["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    by_code = {r["codigo"]: r for r in rows}
    assert by_code["SM"]["pct_enviados"] == "66.7" and by_code["SM"]["a_tiempo"] == "1"
    assert by_code["EDU"]["dependencia"] == '\'=HYPERLINK("http://x")'
    assert rows[-1]["dependencia"] == "Total" and rows[-1]["asignados"] == "4"


def test_the_board_costs_the_same_queries_for_two_agencies_or_forty(
    client: Any, reported: Any, alice: Any, catalogue: Any, django_assert_max_num_queries: Any
) -> None:
    from ssepot.catalogue.models import Agency
    from ssepot.commitments.models import Commitment

    client.force_login(alice)
    with CaptureQueriesContext(connection) as small:
        assert client.get(board_url(reported)).status_code == 200
    plan, subsystem = reported.plan, catalogue["commitment"].subsystem
    for n in range(38):
        agency = Agency.objects.create(plan=plan, code=f"A{n:02}", name=f"Dependencia {n:02}")
        for k in range(3):
            c = Commitment.objects.create(plan=plan, code=f"C-{n:02}-{k}", description="Compromiso",
                                          horizon="corto", subsystem=subsystem, agency=agency)  # fmt: skip
            Assignment.objects.create(plan=plan, period=reported, agency=agency, kind="compromiso",
                                      commitment=c, state="enviado" if k else "borrador")  # fmt: skip
    with django_assert_max_num_queries(len(small)):
        response = client.get(board_url(reported))
    assert len(response.context["board"]) == 40
