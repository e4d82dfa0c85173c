"""The DCAT-AP catalogue of the open data, in JSON-LD and Turtle, for CKAN (ckanext-dcat) or datos.gov.co.

One ``dcat:Dataset`` per plan and table (``ssepot.api.datasets``), each with its CSV distribution, plus one
per plan for the whole set (XLSX, JSON, the Frictionless data package and the GeoJSON). The graph is built
with rdflib, which also writes both serialisations.
"""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, RDF, XSD

from ssepot.api.datasets import DATASETS
from ssepot.api.exports import LICENSE
from ssepot.catalogue.models import Plan
from ssepot.reporting.models import Release

VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
EU_FILE_TYPE = Namespace("http://publications.europa.eu/resource/authority/file-type/")
EU_LANGUAGE = URIRef("http://publications.europa.eu/resource/authority/language/SPA")
IANA = Namespace("https://www.iana.org/assignments/media-types/")
FORMATS = {
    "csv": ("CSV", "text/csv"),
    "xlsx": ("XLSX", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    "json": ("JSON", "application/json"),
    "geojson": ("GEOJSON", "application/geo+json"),
}


def _distribution(g: Graph, dataset: URIRef, url: str, fmt: str, title: str) -> None:
    code, mediatype = FORMATS[fmt]
    node = URIRef(url + "#distribucion")
    g.add((dataset, DCAT.distribution, node))
    g.add((node, RDF.type, DCAT.Distribution))
    g.add((node, DCTERMS.title, Literal(title, lang="es")))
    g.add((node, DCAT.accessURL, URIRef(url)))
    g.add((node, DCAT.downloadURL, URIRef(url)))
    g.add((node, DCTERMS["format"], EU_FILE_TYPE[code]))
    g.add((node, DCAT.mediaType, IANA[mediatype]))
    g.add((node, DCTERMS.license, URIRef(LICENSE["path"])))


def catalogue_graph(base_url: str) -> Graph:
    """The catalogue with absolute URLs under ``base_url`` (``https://seguimiento.example.gov.co``)."""
    base = base_url.rstrip("/")
    g = Graph()
    for prefix, ns in (("dcat", DCAT), ("dct", DCTERMS), ("foaf", FOAF), ("vcard", VCARD)):
        g.bind(prefix, ns)
    catalogue = URIRef(base + reverse("opendata:index"))
    g.add((catalogue, RDF.type, DCAT.Catalog))
    g.add((catalogue, DCTERMS.title, Literal("Datos abiertos de SSEPOT", lang="es")))
    g.add(
        (
            catalogue,
            DCTERMS.description,
            Literal(
                "Seguimiento y evaluación de planes de ordenamiento territorial: catálogos, "
                "indicadores y datos reportados publicados.",
                lang="es",
            ),
        )
    )
    g.add((catalogue, DCTERMS.language, EU_LANGUAGE))
    g.add((catalogue, FOAF.homepage, URIRef(base + "/")))
    g.add((catalogue, DCTERMS.modified, Literal(timezone.now().date().isoformat(), datatype=XSD.date)))
    for plan in Plan.objects.select_related("municipality"):
        publisher = URIRef(f"{base}/#municipio-{plan.municipality.divipola_code}")
        g.add((publisher, RDF.type, FOAF.Agent))
        g.add((publisher, FOAF.name, Literal(f"Alcaldía de {plan.municipality.name.title()}", lang="es")))
        g.add((catalogue, DCTERMS.publisher, publisher))
        last = Release.objects.filter(plan=plan).order_by("-published_at").first()

        def dataset(
            uri: str,
            title: str,
            description: str,
            plan: Plan = plan,
            publisher: URIRef = publisher,
            last: Release | None = last,
        ) -> URIRef:
            node = URIRef(uri)
            g.add((catalogue, DCAT.dataset, node))
            g.add((node, RDF.type, DCAT.Dataset))
            g.add((node, DCTERMS.identifier, Literal(uri)))
            g.add((node, DCTERMS.title, Literal(title, lang="es")))
            g.add((node, DCTERMS.description, Literal(description, lang="es")))
            g.add((node, DCTERMS.publisher, publisher))
            g.add((node, DCTERMS.language, EU_LANGUAGE))
            g.add(
                (
                    node,
                    DCTERMS.spatial,
                    Literal(f"{plan.municipality.name} (DIVIPOLA {plan.municipality.divipola_code})"),
                )
            )
            for word in ("ordenamiento territorial", "POT", "seguimiento", "indicadores"):
                g.add((node, DCAT.keyword, Literal(word, lang="es")))
            contact = BNode()
            g.add((node, DCAT.contactPoint, contact))
            g.add((contact, RDF.type, VCARD.Organization))
            g.add((contact, VCARD.fn, Literal(f"Alcaldía de {plan.municipality.name.title()}")))
            if last is not None:
                g.add(
                    (node, DCTERMS.modified, Literal(last.published_at.date().isoformat(), datatype=XSD.date))
                )
            return node

        files = base + reverse("opendata:plan", args=[plan.slug])
        whole = dataset(
            files,
            f"{plan.name}: datos abiertos completos",
            "Todos los conjuntos del plan en un libro XLSX, un documento JSON, un paquete de datos "
            "Frictionless y los valores por unidad territorial en GeoJSON.",
        )
        _distribution(g, whole, base + reverse("opendata:workbook", args=[plan.slug]), "xlsx", "Libro XLSX")
        _distribution(g, whole, base + reverse("opendata:json", args=[plan.slug]), "json", "Documento JSON")
        _distribution(
            g,
            whole,
            base + reverse("opendata:datapackage", args=[plan.slug]),
            "json",
            "Paquete de datos Frictionless (datapackage.json)",
        )
        _distribution(
            g,
            whole,
            base + reverse("opendata:geojson", args=[plan.slug]),
            "geojson",
            "Valores por unidad territorial (GeoJSON)",
        )
        for d in DATASETS:
            node = dataset(f"{files}#{d.name}", f"{plan.name}: {d.title}", str(d.description))
            g.add((whole, DCTERMS.hasPart, node))
            _distribution(
                g, node, base + reverse("opendata:csv", args=[plan.slug, d.name]), "csv", f"{d.title} (CSV)"
            )
    return g
