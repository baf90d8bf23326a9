"""Inference: materialise the RDFS and OWL RL entailments the ontology relies on, cheaply.

owlrl's full closure is slow and floods the graph with axiomatic triples, so this module
applies only the rules our ontology uses, in one pass each, over the asserted data:

1. ``rdfs:subPropertyOf`` (rdfs7): ``tp:partOfZone`` facts are also ``tp:locatedIn`` facts, ...
2. ``owl:TransitiveProperty`` (prp-trp): ``tp:locatedIn`` is closed transitively, so a park in a
   district lies in its city, region and country; then rule 1 again for the new facts.
3. ``rdfs:domain`` / ``rdfs:range`` (rdfs2, rdfs3) on resources (never on literals).
4. ``rdfs:subClassOf`` (rdfs9): every type gets all its superclasses, so asking for
   ``org:Organization`` finds companies, government bodies, universities and industry bodies.

Evidence records (``tp:Evidence``, thousands of them) are left out: reading them as
``rdf:Statement`` and ``oa:TextPositionSelector`` is declared in the ontology for generic tools,
and materialising it would triple the inferred graph without helping any query.

The result holds only new triples; the builder stores it in its own named graph
(:data:`INFERRED_GRAPH`), so asserted facts and their evidence stay apart from derived ones.

>>> from rdflib import Dataset, URIRef
>>> from kg.namespaces import RDF, RDFS, OWL, TP, GRAPH
>>> ds = Dataset(default_union=True)
>>> onto = ds.graph(GRAPH["ontology"])
>>> _ = onto.add((TP.locatedIn, RDF.type, OWL.TransitiveProperty))
>>> _ = onto.add((TP.Park, RDFS.subClassOf, TP.Zone))
>>> data = ds.graph(GRAPH["a"])
>>> park, district, city = URIRef("urn:park"), URIRef("urn:district"), URIRef("urn:city")
>>> _ = data.add((park, TP.locatedIn, district)); _ = data.add((district, TP.locatedIn, city))
>>> _ = data.add((park, RDF.type, TP.Park))
>>> sorted((s.split(":")[-1], p.split("#")[-1], o.split(":")[-1].split("#")[-1]) for s, p, o in infer(ds))
[('park', 'locatedIn', 'city'), ('park', 'type', 'Zone')]
"""

from __future__ import annotations

from collections import defaultdict

from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.term import Node

from .namespaces import GRAPH, OWL, RDF, RDFS, TP, graph_iri

__all__ = ["INFERRED_GRAPH", "infer", "with_inferred", "Vocabulary"]

INFERRED_GRAPH = graph_iri("inferred")
_ONTOLOGY_GRAPH = GRAPH["ontology"]

Triple = tuple[Node, Node, Node]


def _closure(direct: dict[Node, set[Node]]) -> dict[Node, set[Node]]:
    """Every node reachable from each key (not including the key itself unless on a cycle)."""
    out: dict[Node, set[Node]] = {}
    for start in direct:
        seen: set[Node] = set()
        stack = list(direct[start])
        while stack:
            node = stack.pop()
            if node not in seen:
                seen.add(node)
                stack.extend(direct.get(node, ()))
        out[start] = seen
    return out


class Vocabulary:
    """The schema facts the rules need, read once from the ontology graph."""

    def __init__(self, ontology: Graph):
        sub_class: dict[Node, set[Node]] = defaultdict(set)
        sub_prop: dict[Node, set[Node]] = defaultdict(set)
        for c, d in ontology.subject_objects(RDFS.subClassOf):
            if isinstance(d, URIRef) and c != d:
                sub_class[c].add(d)
        for p, q in ontology.subject_objects(RDFS.subPropertyOf):
            if p != q:
                sub_prop[p].add(q)
        self.superclasses = _closure(sub_class)
        self.superproperties = _closure(sub_prop)
        self.transitive = set(ontology.subjects(RDF.type, OWL.TransitiveProperty))
        self.domains: dict[Node, set[Node]] = defaultdict(set)
        self.ranges: dict[Node, set[Node]] = defaultdict(set)
        for p, c in ontology.subject_objects(RDFS.domain):
            self.domains[p].add(c)
        for p, c in ontology.subject_objects(RDFS.range):
            if not str(c).startswith(str(RDFS.Literal)) and "XMLSchema#" not in str(c):
                self.ranges[p].add(c)


def infer(ds: Dataset, ontology: Graph | None = None) -> Graph:
    """The entailed triples of every graph of ``ds`` but the ontology, minus those already asserted."""
    vocab = Vocabulary(ontology if ontology is not None else ds.graph(_ONTOLOGY_GRAPH))
    skip = {str(_ONTOLOGY_GRAPH), str(INFERRED_GRAPH)}
    asserted: set[Triple] = {(s, p, o) for s, p, o, g in ds.quads((None, None, None, None)) if str(g) not in skip}
    evidence = {s for s, p, o in asserted if p == RDF.type and o == TP.Evidence}
    facts = {t for t in asserted if t[0] not in evidence}

    def expand_properties(triples) -> set[Triple]:
        new = set()
        for s, p, o in triples:
            for q in vocab.superproperties.get(p, ()):
                new.add((s, q, o))
        return new

    facts |= expand_properties(facts)
    for prop in vocab.transitive:
        edges: dict[Node, set[Node]] = defaultdict(set)
        for s, p, o in facts:
            if p == prop and not isinstance(o, Literal):
                edges[s].add(o)
        closed = {(s, prop, o) for s, targets in _closure(edges).items() for o in targets if o != s}
        facts |= closed
        facts |= expand_properties(closed)

    types: set[Triple] = set()
    for s, p, o in facts:
        if p == RDF.type:
            types.add((s, p, o))
            continue
        for c in vocab.domains.get(p, ()):
            types.add((s, RDF.type, c))
        if not isinstance(o, Literal):
            for c in vocab.ranges.get(p, ()):
                types.add((o, RDF.type, c))
    for s, _, c in list(types):
        for d in vocab.superclasses.get(c, ()):
            types.add((s, RDF.type, d))
    facts |= types

    out = Graph(identifier=INFERRED_GRAPH)
    out.addN((s, p, o, out) for s, p, o in facts - asserted)
    return out


def with_inferred(ds: Dataset, inferred: Graph | None) -> Dataset:
    """A new dataset holding the graphs of ``ds`` plus ``inferred`` as :data:`INFERRED_GRAPH`."""
    out = Dataset(default_union=True)
    for prefix, ns in ds.namespaces():
        out.bind(prefix, ns, override=True)
    out.addN((s, p, o, out.graph(g)) for s, p, o, g in ds.quads((None, None, None, None)))
    if inferred is not None and len(inferred):
        target = out.graph(INFERRED_GRAPH)
        for t in inferred:
            target.add(t)
    return out
