"""Everything known about one entity: each fact with its source article and evidence span."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from rdflib import BNode, Dataset, Literal, URIRef

from .build import ONTOLOGY_GRAPH, PROVENANCE_GRAPH
from .namespaces import RDF, RDFS, SKOS, TP

__all__ = ["FactRecord", "explain_entity", "load_article_texts"]

_HIDDEN = {RDFS.label, SKOS.prefLabel, SKOS.altLabel}  # names are shown apart from facts


@dataclass
class FactRecord:
    direction: str  # "out" (entity -> value) or "in" (other -> entity)
    predicate: URIRef
    predicate_label: str
    other: URIRef | Literal
    other_label: str
    source: str  # document id
    spans: list[tuple[int, int]] = field(default_factory=list)
    quotes: list[str] = field(default_factory=list)
    implied: bool = False
    notes: list[str] = field(default_factory=list)


def _label(ds: Dataset, term) -> str:
    if isinstance(term, Literal):
        return str(term)
    for p in (SKOS.prefLabel, RDFS.label):
        for value in ds.objects(term, p):
            return str(value)
    return str(term).rsplit("/", 1)[-1].rsplit("#", 1)[-1]


def load_article_texts(ds: Dataset, corpus_dir: Path | None) -> dict[str, str]:
    """Document id -> article text, for the articles found in ``corpus_dir``."""
    texts: dict[str, str] = {}
    if corpus_dir is None or not Path(corpus_dir).is_dir():
        return texts
    for doc, _, name in ds.triples((None, TP.fileName, None)):
        path = Path(corpus_dir) / str(name)
        if path.is_file():
            texts[str(doc).rsplit("/", 1)[-1]] = path.read_bytes().decode("utf-8", errors="replace")
    return texts


def explain_entity(ds: Dataset, iri: URIRef, texts: dict[str, str] | None = None) -> list[FactRecord]:
    """Facts about ``iri`` in every source graph, sorted by source, direction and predicate."""
    texts = texts or {}
    records: list[FactRecord] = []
    quads = [(iri, p, o, g, "out") for _, p, o, g in ds.quads((iri, None, None, None))]
    quads += [(s, p, iri, g, "in") for s, p, _, g in ds.quads((None, None, iri, None))
              if p not in (RDF.subject, RDF.object) and not isinstance(s, BNode)]
    for s, p, o, g, direction in quads:
        if g in (ONTOLOGY_GRAPH, PROVENANCE_GRAPH) or p in _HIDDEN:
            continue
        source = str(g).rsplit("/", 1)[-1]
        other = o if direction == "out" else s
        rec = FactRecord(direction, p, _label(ds, p), other, _label(ds, other), source)
        graph = ds.graph(g)
        for ev in graph.subjects(RDF.subject, s):
            if (ev, RDF.predicate, p) not in graph or (ev, RDF.object, o) not in graph:
                continue
            start, end = graph.value(ev, TP.startOffset), graph.value(ev, TP.endOffset)
            if start is not None:
                span = (int(start), int(end))
                rec.spans.append(span)
                if source in texts:
                    rec.quotes.append(" ".join(texts[source][span[0]:span[1]].split()))
            rec.implied |= (ev, TP.implied, Literal(True)) in graph
            rec.notes += [str(n) for n in graph.objects(ev, TP.note)]
        rec.spans.sort()
        records.append(rec)
    return sorted(records, key=lambda r: (r.source, r.direction != "out", r.predicate_label, r.other_label))
