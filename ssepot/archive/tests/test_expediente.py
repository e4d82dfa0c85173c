"""The public expediente: anyone searches a plan's public documents (titles, descriptions and the text
of their files, without minding accents), filters them by facets, opens each at its permanent address
with its versions and its file, and sees the guide's required products as a checklist."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from ssepot.archive.actions import save_document
from ssepot.archive.models import ArchiveDocument
from ssepot.archive.search import search
from ssepot.archive.tests import files
from ssepot.audit.models import AuditEntry
from ssepot.catalogue.models import Article, Subsystem, System, TerritorialUnit

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


def _doc(plan: Any, title: str, *, upload: tuple[str, bytes] | None = None, **fields: Any) -> ArchiveDocument:
    fields.setdefault("doc_type", "estudio")
    fields.setdefault("date", dt.date(2020, 6, 30))
    fields.setdefault("is_public", True)
    document = ArchiveDocument(plan=plan, title=title, **fields)
    if upload:
        document.file = SimpleUploadedFile(upload[0], upload[1])
    return save_document(document, actor=None)


@pytest.fixture
def archive(plan: Any) -> dict[str, ArchiveDocument]:
    system = System.objects.create(plan=plan, code="FE", name="Sistemas físico-espaciales")
    mobility = Subsystem.objects.create(plan=plan, system=system, code="MOV", name="Movilidad")
    article = Article.objects.create(plan=plan, number="603", title="Expediente")
    belen = TerritorialUnit.objects.create(plan=plan, code="16", name="Belén", kind="comuna")
    old = _doc(
        plan,
        "Estudio de movilidad 2019",
        upload=("movilidad-2019.pdf", files.pdf("Primera version del estudio")),
        date=dt.date(2019, 5, 1),
        product="diagnostico",
    )
    new = _doc(
        plan,
        "Estudio de movilidad 2021",
        upload=("movilidad-2021.pdf", files.pdf("Lineamientos de planeación zonal para la comuna")),
        date=dt.date(2021, 5, 1),
        supersedes=old,
        product="diagnostico",
    )
    new.subsystems.add(mobility)
    new.territorial_units.add(belen)
    new.articles.add(article)
    sheet = _doc(
        plan,
        "Inventario de equipamientos",
        upload=("equipamientos.xlsx", files.xlsx([["Equipamiento", "Comuna"], ["Biblioteca", "Belén"]])),
        doc_type="informe",
        date=dt.date(2023, 2, 1),
    )
    hidden = _doc(
        plan,
        "Borrador interno de planeación",
        upload=("borrador.docx", files.docx("Planeación reservada")),
        is_public=False,
    )
    return {"old": old, "new": new, "sheet": sheet, "hidden": hidden}


def test_saving_a_document_reads_its_text_and_audits_it(archive: dict[str, ArchiveDocument]) -> None:
    new = archive["new"]
    assert "planeación zonal" in new.text
    entry = AuditEntry.objects.get(object_id=str(new.pk), action="archivo: crear documento")
    assert entry.changes["texto extraído (caracteres)"] == len(new.text)


def test_a_search_without_accents_finds_the_text_inside_a_pdf(
    plan: Any, archive: dict[str, ArchiveDocument]
) -> None:
    found = search(plan, "planeacion")
    assert [d.pk for d in found.documents] == [archive["new"].pk]
    assert "<mark>" in str(found.matches[archive["new"].pk].snippet).replace("\x02", "<mark>")


def test_a_search_reads_inside_workbooks_and_private_documents_stay_out(
    plan: Any, archive: dict[str, ArchiveDocument]
) -> None:
    assert [d.pk for d in search(plan, "biblioteca").documents] == [archive["sheet"].pk]
    assert search(plan, "reservada").documents == []


def test_anyone_searches_the_expediente_and_sees_highlights(
    client: Any, plan: Any, archive: dict[str, ArchiveDocument]
) -> None:
    page = client.get(reverse("archive:expediente", args=[plan.slug]), {"q": "planeacion"})
    assert page.status_code == 200
    html = page.text
    assert archive["new"].title in html and "<mark>" in html
    assert archive["hidden"].title not in html and archive["sheet"].title not in html


def test_without_a_query_every_public_document_is_listed_newest_first(
    client: Any, plan: Any, archive: dict[str, ArchiveDocument]
) -> None:
    html = client.get(reverse("archive:expediente", args=[plan.slug])).text
    public = ArchiveDocument.objects.filter(plan=plan, is_public=True).order_by("-date")
    positions = [html.index(d.title) for d in public]
    assert positions == sorted(positions) and archive["hidden"].title not in html


def test_facets_count_what_each_choice_would_find(plan: Any, archive: dict[str, ArchiveDocument]) -> None:
    facets = {f.param: {o.value: o.count for o in f.options} for f in search(plan).facets}
    assert facets["tipo"] == {"estudio": 2, "informe": 1}
    assert facets["anio"] == {"2019": 1, "2021": 1, "2023": 1}
    assert facets["subsistema"] == {"MOV": 1}
    assert facets["articulo"] == {"603": 1}
    assert facets["comuna"] == {"16": 1}
    chosen = search(plan, filters={"tipo": "estudio", "comuna": "16"})
    assert [d.pk for d in chosen.documents] == [archive["new"].pk]
    # a facet counts with the other facets' filters, not its own: both types still show
    types = next(f for f in chosen.facets if f.param == "tipo")
    assert {o.value: o.count for o in types.options} == {"estudio": 1}
    years = next(f for f in search(plan, filters={"anio": "2021"}).facets if f.param == "anio")
    assert {o.value for o in years.options if o.selected} == {"2021"} and len(years.options) == 3


def test_htmx_gets_the_results_alone(client: Any, plan: Any, archive: dict[str, ArchiveDocument]) -> None:
    url = reverse("archive:expediente", args=[plan.slug])
    partial = client.get(url, {"tipo": "informe"}, headers={"HX-Request": "true"}).text
    assert 'id="resultados"' in partial and "<html" not in partial
    assert archive["sheet"].title in partial and archive["new"].title not in partial


def test_a_document_has_a_permanent_page_with_its_versions(
    client: Any, plan: Any, archive: dict[str, ArchiveDocument]
) -> None:
    old, new = archive["old"], archive["new"]
    html = client.get(reverse("archive:document", args=[plan.slug, old.pk])).text
    assert reverse("archive:document", args=[plan.slug, new.pk]) in html
    assert "reemplazado por una versión más reciente" in html
    html = client.get(reverse("archive:document", args=[plan.slug, new.pk])).text
    assert reverse("archive:document", args=[plan.slug, old.pk]) in html and "Reemplaza a:" in html
    assert "Belén" in html and "Movilidad" in html


def test_the_file_downloads_as_an_attachment(
    client: Any, plan: Any, archive: dict[str, ArchiveDocument]
) -> None:
    answer = client.get(reverse("archive:download", args=[plan.slug, archive["new"].pk]))
    assert answer.status_code == 200 and "attachment" in answer["Content-Disposition"]
    assert b"".join(answer.streaming_content).startswith(b"%PDF")


def test_a_private_document_does_not_exist_in_public(
    client: Any, plan: Any, archive: dict[str, ArchiveDocument]
) -> None:
    hidden = archive["hidden"]
    assert client.get(reverse("archive:document", args=[plan.slug, hidden.pk])).status_code == 404
    assert client.get(reverse("archive:download", args=[plan.slug, hidden.pk])).status_code == 404


def test_a_document_text_cannot_inject_html(client: Any, plan: Any) -> None:
    _doc(plan, "Anexo", upload=("anexo.docx", files.docx("<script>alert(1)</script> planeación")))
    html = client.get(reverse("archive:expediente", args=[plan.slug]), {"q": "planeación"}).text
    # NB: SQLite's snippet keeps the tag as text (escaped here); PostgreSQL's ts_headline drops it
    assert "<script>alert(1)" not in html and "Anexo" in html and "<mark>" in html


def test_a_year_that_is_not_a_year_is_refused(client: Any, plan: Any) -> None:
    assert client.get(reverse("archive:expediente", args=[plan.slug]), {"anio": "dos mil"}).status_code == 400


def test_the_checklist_shows_present_missing_and_outdated_products(
    client: Any, plan: Any, archive: dict[str, ArchiveDocument]
) -> None:
    # the 2021 study is the current «diagnóstico»; then a newer, private version makes it outdated
    html = client.get(reverse("archive:expediente", args=[plan.slug])).text
    row = html[html.index("Diagnóstico territorial") :].split("</tr>")[0]
    assert "Presente" in row
    _doc(
        plan,
        "Estudio de movilidad 2024",
        date=dt.date(2024, 5, 1),
        supersedes=archive["new"],
        is_public=False,
    )
    html = client.get(reverse("archive:expediente", args=[plan.slug])).text
    row = html[html.index("Diagnóstico territorial") :].split("</tr>")[0]
    assert "Desactualizado" in row
    row = html[html.index("Memoria justificativa") :].split("</tr>")[0]
    assert "Falta" in row


def test_a_long_list_is_paged_and_keeps_the_search(client: Any, plan: Any, monkeypatch: Any) -> None:
    from ssepot.archive import views

    monkeypatch.setattr(views, "PER_PAGE", 2)
    for n in range(5):
        _doc(plan, f"Boletín {n}", description="boletín de planeación", date=dt.date(2020, 1, n + 1))
    url = reverse("archive:expediente", args=[plan.slug])
    first = client.get(url, {"q": "planeacion"}).text
    assert first.count('class="hit"') == 2 and "?q=planeacion&amp;pagina=2" in first
    last = client.get(url, {"q": "planeacion", "pagina": "3"}).text
    assert last.count('class="hit"') == 1 and 'start="5"' in last
