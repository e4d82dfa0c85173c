"""Full-text search of a plan's public expediente: one function, ``search``, for both databases.

- PostgreSQL: ``to_tsvector('spanish', ...)`` over the title and act number (weight A), the description
  (B) and the text read from the file (C), queried with ``websearch_to_tsquery('spanish', ...)`` (words,
  "quoted phrases", ``-excluded``, ``or``), ranked by ``ts_rank`` and highlighted by ``ts_headline``. The
  Spanish stemmer drops acute accents, so «planeacion» finds «planeación» and «planes» finds «plan».
- SQLite: the FTS5 table ``archive_document_fts`` that migration 0002 creates and its triggers keep in step
  (unicode61 tokenizer without accents), each word matched as a prefix and all words required, ranked by
  bm25 and highlighted by ``highlight``/``snippet``. An SQLite built without FTS5 falls back to comparing
  the words, folded (lower case, no accents), with the folded text in Python.

Highlights come back marked with control characters that no stored text holds (the extraction drops
them), so the text is escaped whole before the marks become ``<mark>``: a document cannot inject HTML.

Facets (type, year, subsystem, article, comuna) count the documents that match the query and every other
facet's filter, so each facet offers what a click on it would find.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import Count, QuerySet, TextField, Value
from django.db.models.functions import Concat, ExtractYear
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from ssepot.archive.models import ArchiveDocument
from ssepot.catalogue.models import Plan

START, STOP = "\x02", "\x03"
FTS_TABLE = "archive_document_fts"
CONFIG = "spanish"

#: the facets, in the page's order: URL parameter, label, lookup of the value, lookup of its label
FACETS: tuple[tuple[str, Any, str, str], ...] = (
    ("tipo", _("Tipo de documento"), "doc_type", "doc_type"),
    ("anio", _("Año"), "year", "year"),
    ("subsistema", _("Subsistema"), "subsystems__code", "subsystems__name"),
    ("articulo", _("Artículo"), "articles__number", "articles__title"),
    ("comuna", _("Comuna o corregimiento"), "territorial_units__code", "territorial_units__name"),
)
PARAMS = tuple(f[0] for f in FACETS)


def public_documents(plan: Plan) -> QuerySet[ArchiveDocument]:
    """The one visibility rule of the public expediente: the plan's documents marked public."""
    return ArchiveDocument.objects.filter(plan=plan, is_public=True)


def marked(text: str) -> SafeString:
    """Escaped text whose search marks are ``<mark>`` elements."""
    return mark_safe(escape(text).replace(START, "<mark>").replace(STOP, "</mark>"))


def fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@dataclass(frozen=True)
class Match:
    pk: int
    title: str  # the title with its marks (or plain)
    snippet: str  # a passage of the description or the text with its marks, or ""


def _postgres(documents: QuerySet[ArchiveDocument], query: str) -> list[Match]:
    vector = (
        SearchVector("title", "act_number", weight="A", config=CONFIG)
        + SearchVector("description", weight="B", config=CONFIG)
        + SearchVector("text", weight="C", config=CONFIG)
    )
    words = SearchQuery(query, config=CONFIG, search_type="websearch")
    rows = (
        documents.annotate(found=vector)
        .filter(found=words)
        .annotate(
            rank=SearchRank(vector, words),
            title_marked=SearchHeadline(
                "title", words, config=CONFIG, start_sel=START, stop_sel=STOP, highlight_all=True
            ),
            snippet=SearchHeadline(
                Concat("description", Value("\n"), "text", output_field=TextField()),
                words,
                max_fragments=2,
                max_words=30,
                min_words=12,
                fragment_delimiter=" … ",
                config=CONFIG,
                start_sel=START,
                stop_sel=STOP,
            ),
        )
        .order_by("-rank", "-date", "pk")
        .values_list("pk", "title_marked", "snippet")
    )
    return [Match(pk, title, snippet) for pk, title, snippet in rows]


def _fts_query(query: str) -> str:
    """Every word of the query, each as a quoted prefix: «plan zonal» -> ``"plan"* "zonal"*``."""
    return " ".join(f'"{w}"*' for w in re.findall(r"\w+", query))


def _has_fts() -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM sqlite_master WHERE name = %s", [FTS_TABLE])
        return cursor.fetchone() is not None


def _sqlite(documents: QuerySet[ArchiveDocument], query: str) -> list[Match]:
    match = _fts_query(query)
    if not match:
        return []
    if not _has_fts():
        return _folded(documents, query)
    ids_sql, ids_params = documents.values("pk").query.sql_with_params()
    sql = (
        f"SELECT rowid, highlight({FTS_TABLE}, 0, %s, %s), "
        f"snippet({FTS_TABLE}, 3, %s, %s, ' … ', 24), snippet({FTS_TABLE}, 2, %s, %s, ' … ', 24) "
        f"FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s AND rowid IN ({ids_sql}) ORDER BY rank"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [START, STOP, START, STOP, START, STOP, match, *ids_params])
        rows = cursor.fetchall()
    return [
        Match(pk, title, text if START in (text or "") else description or "")
        for pk, title, text, description in rows
    ]


def _folded(documents: QuerySet[ArchiveDocument], query: str) -> list[Match]:
    words = [fold(w) for w in re.findall(r"\w+", query)]
    found = []
    for pk, title, act, description, text in documents.order_by("-date", "pk").values_list(
        "pk", "title", "act_number", "description", "text"
    ):
        haystack = fold(" ".join((title, act, description, text)))
        if all(w in haystack for w in words):
            found.append(Match(pk, title, ""))
    return found


def matching(documents: QuerySet[ArchiveDocument], query: str) -> list[Match]:
    """The documents among ``documents`` that match ``query``, best first, with their highlights."""
    if connection.vendor == "postgresql":
        return _postgres(documents, query)
    return _sqlite(documents, query)


# -- facets ------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Option:
    value: str
    label: str
    count: int
    selected: bool


@dataclass(frozen=True)
class Facet:
    param: str
    label: str
    options: list[Option]


def _filtered(
    documents: QuerySet[ArchiveDocument], filters: dict[str, str], skip: str = ""
) -> QuerySet[ArchiveDocument]:
    for param, _label, lookup, _name in FACETS:
        value = filters.get(param)
        if value and param != skip:
            key = "date__year" if param == "anio" else lookup
            documents = documents.filter(pk__in=ArchiveDocument.objects.filter(**{key: value}).values("pk"))
    return documents


def _facet(
    documents: QuerySet[ArchiveDocument], param: str, label: Any, lookup: str, name: str, chosen: str
) -> Facet:
    rows = documents.annotate(year=ExtractYear("date")) if param == "anio" else documents
    counted = (
        rows.exclude(**{f"{lookup}__isnull": True})
        .values(lookup, name)
        .annotate(n=Count("pk", distinct=True))
        .order_by(lookup)
    )
    choices = dict(ArchiveDocument.DocType.choices)
    options = []
    for row in counted:
        value = str(row[lookup])
        shown = str(choices.get(value, value)) if param == "tipo" else str(row[name] or value)
        if param == "articulo":
            shown = _("Artículo %(n)s") % {"n": value}
        elif param in ("subsistema", "comuna") and row[name]:
            shown = f"{row[name]} ({value})" if param == "comuna" else str(row[name])
        options.append(Option(value, shown, row["n"], value == chosen))
    if param == "anio":
        options.reverse()  # newest first
    return Facet(param, str(label), options)


@dataclass
class Results:
    query: str
    filters: dict[str, str]
    total: int
    documents: list[ArchiveDocument]
    matches: dict[int, Match] = field(default_factory=dict)
    facets: list[Facet] = field(default_factory=list)


def search(plan: Plan, query: str = "", filters: dict[str, str] | None = None) -> Results:
    """The plan's public documents that match ``query`` (all of them when it is blank) and ``filters``
    (``{"tipo": "informe", "anio": "2024", ...}``), best first (newest first without a query), with the
    facets' counts. Unknown filter values simply find nothing."""
    filters = {k: v for k, v in (filters or {}).items() if k in PARAMS and v}
    documents = public_documents(plan)
    query = query.strip()
    found: list[Match] | None = matching(documents, query) if query else None
    if found is not None:
        documents = documents.filter(pk__in=[m.pk for m in found])
    facets = [
        _facet(_filtered(documents, filters, skip=param), param, label, lookup, name, filters.get(param, ""))
        for param, label, lookup, name in FACETS
    ]
    kept = _filtered(documents, filters)
    if found is None:
        ordered = list(kept.order_by("-date", "title", "pk"))
        return Results(query, filters, len(ordered), ordered, {}, facets)
    rows = {d.pk: d for d in kept}
    ordered = [rows[m.pk] for m in found if m.pk in rows]
    return Results(query, filters, len(ordered), ordered, {m.pk: m for m in found if m.pk in rows}, facets)


def versions(document: ArchiveDocument) -> tuple[list[ArchiveDocument], list[ArchiveDocument], bool]:
    """The document's public earlier versions (newest first) and later ones (oldest first), and whether a
    later version exists that is not public."""
    earlier, later, hidden_newer = [], [], False
    seen = {document.pk}
    step = document.supersedes
    while step is not None and step.pk not in seen:
        seen.add(step.pk)
        if step.is_public:
            earlier.append(step)
        step = step.supersedes
    step = getattr(document, "superseded_by", None)
    while step is not None and step.pk not in seen:
        seen.add(step.pk)
        if step.is_public:
            later.append(step)
        else:
            hidden_newer = True
        step = getattr(step, "superseded_by", None)
    return earlier, later, hidden_newer


def filed(documents: Iterable[ArchiveDocument]) -> list[Any]:
    """What the guide's checklist reads of each document (``ssepot.archive.guide.Filed``)."""
    from ssepot.archive.guide import Filed

    return [Filed(d.pk, d.product, d.date, hasattr(d, "superseded_by")) for d in documents if d.product]
