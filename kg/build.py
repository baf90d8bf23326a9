"""Turn a checked seed set into an RDF dataset: a named graph per article, plus provenance.

Graphs: ``graph/<document id>`` holds the facts of one article with their evidence;
``graph/provenance`` describes the articles (DCTERMS) and derives each graph from its
article (PROV-O); ``graph/ontology`` holds the ontology. IRIs depend only on seed ids and
values, so a rebuild gives the same IRIs and the same bytes.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from decimal import Decimal

from rdflib import Dataset, Graph, Literal, URIRef

from .namespaces import DCTERMS, ID, PROV, RDF, RDFS, SCHEMA, SKOS, TP, XSD, PREFIXES, graph_iri, resource_iri
from .ontology import Ontology
from .seeds import AREA_UNITS, Area, DateValue, EntityDecl, Fact, Money, SeedDocument, SeedSet

__all__ = ["BuildResult", "build_dataset", "document_iri", "ONTOLOGY_GRAPH", "PROVENANCE_GRAPH"]

ONTOLOGY_GRAPH = graph_iri("ontology")
PROVENANCE_GRAPH = graph_iri("provenance")


@dataclass
class BuildResult:
    dataset: Dataset
    iris: dict[str, URIRef]  # entity id -> IRI
    origins: dict[URIRef, list[str]] = field(default_factory=dict)  # IRI -> "file:line" of each declaration


def document_iri(doc_id: str) -> URIRef:
    return resource_iri("document", doc_id)


def _hash(*parts: object) -> str:
    return hashlib.sha1("|".join(map(str, parts)).encode("utf-8")).hexdigest()[:16]


def _number(value: float | int) -> Literal:
    """An xsd:decimal in canonical form (``10.0``, ``787.2``), so it reads back byte-identical."""
    text = format(Decimal(repr(value)) if isinstance(value, float) else Decimal(value), "f")
    if "." not in text:
        text += ".0"
    return Literal(text, datatype=XSD.decimal)


def new_dataset() -> Dataset:
    ds = Dataset(default_union=True)
    for prefix, ns in PREFIXES.items():
        ds.bind(prefix, ns, override=True)
    return ds


class _Builder:
    def __init__(self, seeds: SeedSet, ontology: Ontology):
        self.seeds, self.onto = seeds, ontology
        self.ds = new_dataset()
        self.iris: dict[str, URIRef] = {}
        self.labels: dict[str, str] = {}
        self.origins: dict[URIRef, list[str]] = {}
        for doc in seeds.documents:
            for ent in doc.entities:
                iri = resource_iri(ontology.resource_kind(ent.type), ent.id)
                self.iris.setdefault(ent.id, iri)
                self.labels.setdefault(ent.id, ent.label)
                self.origins.setdefault(iri, []).append(f"{doc.path}:{ent.line}")

    def run(self) -> BuildResult:
        onto_graph = self.ds.graph(ONTOLOGY_GRAPH)
        for t in self.onto.graph:
            onto_graph.add(t)
        prov = self.ds.graph(PROVENANCE_GRAPH)
        for doc in self.seeds.documents:
            self._describe_document(prov, doc)
            g = self.ds.graph(graph_iri(doc.id))
            for ent in doc.entities:
                self._entity(g, doc, ent)
        return BuildResult(self.ds, self.iris, self.origins)

    def _describe_document(self, g: Graph, doc: SeedDocument) -> None:
        d, gi = document_iri(doc.id), graph_iri(doc.id)
        g.add((d, RDF.type, TP.Article))
        g.add((d, DCTERMS.title, Literal(doc.title, lang="en")))
        g.add((d, RDFS.label, Literal(doc.title, lang="en")))
        g.add((d, TP.fileName, Literal(doc.file)))
        g.add((d, TP.sha256, Literal(doc.sha256)))
        g.add((d, TP.dateBasis, Literal(doc.date_basis)))
        if doc.date:
            g.add((d, TP.date, Literal(doc.date.isoformat(), datatype=XSD.date)))
        if doc.url:
            g.add((d, SCHEMA.url, URIRef(doc.url)))
        if doc.publisher:
            g.add((d, TP.publisher, self.iris[doc.publisher]))
        for a in doc.authors:
            g.add((d, TP.author, self.iris[a]))
        for e in doc.editors:
            g.add((d, TP.editor, self.iris[e]))
        g.add((gi, RDF.type, TP.SourceGraph))
        g.add((gi, RDFS.label, Literal(f"facts from {doc.file}", lang="en")))
        g.add((gi, PROV.wasDerivedFrom, d))
        g.add((gi, TP.extractionMethod, Literal(doc.method)))

    def _entity(self, g: Graph, doc: SeedDocument, ent: EntityDecl) -> None:
        s = self.iris[ent.id]
        cls = TP[ent.type]
        g.add((s, RDF.type, cls))
        g.add((s, RDFS.label, Literal(ent.label, lang="en")))
        g.add((s, SKOS.prefLabel, Literal(ent.label, lang="en")))
        for alias in ent.aliases:
            if alias != ent.label:
                g.add((s, SKOS.altLabel, Literal(alias, lang="en")))
        if ent.type == "Industry":
            g.add((s, SKOS.inScheme, TP.IndustryScheme))
        for span in ent.mentions:
            self._evidence(g, doc, s, RDF.type, cls, span.start, span.end)
        for fact in ent.facts:
            for o in self._objects(g, s, fact):
                p = self.onto.property_iri(fact.prop)
                g.add((s, p, o))
                self._fact_evidence(g, doc, s, p, o, fact)
                if fact.prop == "presentIn":
                    self._tenancy(g, doc, ent, s, o, fact)

    def _objects(self, g: Graph, s: URIRef, fact: Fact) -> list:
        v = fact.value
        if fact.kind == "ref":
            return [self.iris[i] for i in v]
        if fact.kind == "status":
            return [TP[v]]
        if fact.kind == "date":
            assert isinstance(v, DateValue)
            return [Literal(v.lexical, datatype=XSD[v.datatype])]
        if fact.kind == "money":
            assert isinstance(v, Money)
            node = ID[f"amount/{_hash(s, fact.prop, v.value, v.currency)}"]
            g.add((node, RDF.type, SCHEMA.MonetaryAmount))
            g.add((node, SCHEMA.value, _number(v.value)))
            g.add((node, SCHEMA.currency, Literal(v.currency)))
            g.add((node, RDFS.label, Literal(f"{v.value:,} {v.currency}", lang="en")))
            if v.usd is not None:
                g.add((node, TP.usdEquivalent, _number(v.usd)))
            if v.qualifier:
                g.add((node, TP.qualifier, Literal(v.qualifier)))
            return [node]
        if fact.kind == "area":
            assert isinstance(v, Area)
            code, text = AREA_UNITS[v.unit]
            node = ID[f"quantity/{_hash(s, fact.prop, v.value, v.unit)}"]
            g.add((node, RDF.type, SCHEMA.QuantitativeValue))
            g.add((node, SCHEMA.value, _number(v.value)))
            g.add((node, SCHEMA.unitCode, Literal(code)))
            g.add((node, SCHEMA.unitText, Literal(text)))
            g.add((node, RDFS.label, Literal(f"{v.value:,} {text}", lang="en")))
            return [node]
        if fact.kind == "count":
            return [Literal(v, datatype=XSD.integer)]
        if fact.kind == "number":
            return [_number(v)]
        return [Literal(v)]

    def _tenancy(self, g: Graph, doc: SeedDocument, ent: EntityDecl, s: URIRef, zone: URIRef, fact: Fact) -> None:
        zone_id = next(i for i, iri in self.iris.items() if iri == zone)
        t = resource_iri("tenancy", f"{ent.id}--{zone_id}")
        g.add((t, RDF.type, TP.Tenancy))
        g.add((t, RDFS.label, Literal(f"{ent.label} in {self.labels[zone_id]}", lang="en")))
        g.add((t, TP.tenant, s))
        g.add((t, TP.zone, zone))
        self._fact_evidence(g, doc, t, TP.tenant, s, fact)
        self._fact_evidence(g, doc, t, TP.zone, zone, fact)

    def _fact_evidence(self, g: Graph, doc: SeedDocument, s: URIRef, p: URIRef, o, fact: Fact) -> None:
        spans = [(sp.start, sp.end) for sp in fact.evidence] or [(None, None)]
        for start, end in spans:
            ev = self._evidence(g, doc, s, p, o, start, end)
            if fact.implied:
                g.add((ev, TP.implied, Literal(True)))
            if fact.note:
                g.add((ev, TP.note, Literal(fact.note)))
            if fact.qualifier:
                g.add((ev, TP.qualifier, Literal(fact.qualifier)))
            if fact.confidence is not None:
                g.add((ev, TP.confidence, _number(fact.confidence)))
            if fact.kind == "date" and fact.value.relative:
                basis = doc.date.isoformat() if doc.date else "no article date"
                g.add((ev, TP.dateResolution, Literal(
                    f"relative date {fact.value.relative!r} resolved to {fact.value.lexical} "
                    f"against the article date ({basis})")))

    def _evidence(self, g: Graph, doc: SeedDocument, s, p, o, start: int | None, end: int | None) -> URIRef:
        ev = ID[f"evidence/{doc.id}/{_hash(s, p, o, start, end)}"]
        g.add((ev, RDF.type, TP.Evidence))
        g.add((ev, RDF.subject, s))
        g.add((ev, RDF.predicate, p))
        g.add((ev, RDF.object, o))
        g.add((ev, TP.inSource, document_iri(doc.id)))
        g.add((ev, TP.extractionMethod, Literal(doc.method)))
        if start is not None:
            g.add((ev, TP.startOffset, Literal(start, datatype=XSD.integer)))
            g.add((ev, TP.endOffset, Literal(end, datatype=XSD.integer)))
        return ev


def build_dataset(seeds: SeedSet, ontology: Ontology) -> BuildResult:
    """The RDF dataset of a checked seed set."""
    return _Builder(seeds, ontology).run()
