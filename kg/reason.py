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

The rules live in one function, :func:`entail`, fed in two ways: :func:`infer` reads an rdflib
``Dataset`` (what ``kg build`` holds), and :func:`infer_store` asks any :class:`~kg.store.Store`
(rdflib, Oxigraph in memory or on disk, a SPARQL endpoint) for just the triples the rules read, with
two SELECTs, then writes ``graph/inferred`` back with ``replace_graph``: at 10^6 quads (60,249
inferred triples) that takes 2.7 s on Oxigraph in memory (2.9 s on disk, 8 s on a local ``oxigraph
serve``), where copying the store into rdflib (25 s) and calling :func:`infer` (9 s) took 34 s. ``kg load`` runs it after loading a file
(setting ``inference``; ``--no-inference`` skips it).

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
from typing import TYPE_CHECKING

from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.term import Node

from .namespaces import GRAPH, OWL, RDF, RDFS, TP, graph_iri

if TYPE_CHECKING:
    from .store import Store

__all__ = ["INFERRED_GRAPH", "infer", "infer_store", "has_inferred", "ensure_inferred", "entail", "with_inferred",
           "Vocabulary"]

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

    @property
    def predicates(self) -> set[Node]:
        """Every predicate a rule reads or writes (``rdf:type`` included): triples with other predicates
        neither entail anything nor can be entailed, so a store need not send them."""
        found = {RDF.type} | self.transitive | set(self.domains) | set(self.ranges) | set(self.superproperties)
        return found.union(*self.superproperties.values())


def entail(vocab: Vocabulary, facts: set[Triple]) -> set[Triple]:
    """The rules, applied once each in order: ``facts`` (asserted, evidence left out) plus all they entail.

    The one implementation of the rules: :func:`infer` feeds it an rdflib dataset, :func:`infer_store`
    the triples it selects from a store. Only triples whose predicate is in :meth:`Vocabulary.predicates`
    can matter; others pass through unchanged.
    """
    facts = set(facts)

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
    return facts


def infer(ds: Dataset, ontology: Graph | None = None) -> Graph:
    """The entailed triples of every graph of ``ds`` but the ontology (and ``graph/inferred``), minus those
    already asserted, as a graph named :data:`INFERRED_GRAPH`. Works on an rdflib dataset; for a store
    (Oxigraph, a SPARQL endpoint) use :func:`infer_store`, which gives the same triples without copying it."""
    vocab = Vocabulary(ontology if ontology is not None else ds.graph(_ONTOLOGY_GRAPH))
    skip = {str(_ONTOLOGY_GRAPH), str(INFERRED_GRAPH)}
    asserted: set[Triple] = {(s, p, o) for s, p, o, g in ds.quads((None, None, None, None)) if str(g) not in skip}
    evidence = {s for s, p, o in asserted if p == RDF.type and o == TP.Evidence}
    facts = {t for t in asserted if t[0] not in evidence}
    out = Graph(identifier=INFERRED_GRAPH)
    out.addN((s, p, o, out) for s, p, o in entail(vocab, facts) - asserted)
    return out


def _not_in(var: str, graphs) -> str:
    return f"FILTER(?{var} NOT IN (" + ", ".join(f"<{g}>" for g in graphs) + "))"


def infer_store(store: Store, ontology: Graph | None = None) -> int:
    """Run :func:`infer` on what ``store`` holds and write the result as its :data:`INFERRED_GRAPH`, without
    copying the store into rdflib; returns the number of inferred triples.

    On an rdflib store it is :func:`infer` on the store's own dataset. Elsewhere two SELECTs fetch only
    what the rules read: the ``rdf:type`` triples, and the triples of the
    predicates the ontology gives a super-property, transitivity, a domain or a range, from every named
    graph but the ontology and ``graph/inferred`` (evidence subjects are dropped by the engine with
    ``MINUS``). Then :func:`entail` runs in Python and :meth:`~kg.store.Store.replace_graph` swaps the
    inferred graph, so running it again gives the same graph (the old one is never read as asserted).
    The ontology comes from the store's ``graph/ontology`` unless given.
    """
    from .remote import META_GRAPH
    from .store import MemoryStore

    if isinstance(store, MemoryStore):  # already an rdflib dataset, where rdflib's SPARQL would be slow
        inferred = infer(store.ds, ontology)
        store.replace_graph(str(INFERRED_GRAPH), inferred)
        return len(inferred)
    if ontology is None:
        ontology = store.query(f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{_ONTOLOGY_GRAPH}> {{ ?s ?p ?o }} }}").graph
    vocab = Vocabulary(ontology)
    graphs = (_ONTOLOGY_GRAPH, INFERRED_GRAPH, META_GRAPH)
    skip = _not_in("g", graphs)
    # evidence left out as in infer(): MINUS, not FILTER NOT EXISTS, as Oxigraph anti-joins it by hash
    # (10^6 quads: 0.3 s instead of 1.1 s); ?h, not ?g, so evidence typed in any graph counts
    minus = f"MINUS {{ GRAPH ?h {{ ?s a <{TP.Evidence}> }} {_not_in('h', graphs)} }}"
    facts: set[Triple] = set()
    for s, o in store.query(f"SELECT ?s ?o WHERE {{ GRAPH ?g {{ ?s a ?o }} {skip} {minus} }}").rows:
        facts.add((s, RDF.type, o))
    others = sorted(vocab.predicates - {RDF.type})
    if others:
        values = "VALUES ?p { " + " ".join(f"<{p}>" for p in others) + " }"
        facts.update(store.query(f"SELECT ?s ?p ?o WHERE {{ {values} GRAPH ?g {{ ?s ?p ?o }} {skip} {minus} }}").rows)
    new = entail(vocab, facts) - facts
    # every asserted triple a rule could yield is in ``facts`` unless its subject is evidence: only
    # rdfs:range can type such a node, so ask the store which types of nodes that are no fact's subject
    # are asserted (blank nodes cannot be named in a query: they are left as they are)
    subjects = {s for s, _, _ in facts}
    unseen = sorted((t for t in new if t[0] not in subjects and t[1] == RDF.type and isinstance(t[0], URIRef)),
                    key=lambda t: (t[0], t[2]))
    for start in range(0, len(unseen), 500):
        rows = " ".join(f"({s.n3()} {o.n3()})" for s, _, o in unseen[start:start + 500])
        found = store.query(f"SELECT ?s ?o WHERE {{ VALUES (?s ?o) {{ {rows} }} GRAPH ?g {{ ?s a ?o }} {skip} }}")
        new.difference_update((s, RDF.type, o) for s, o in found.rows)
    store.replace_graph(str(INFERRED_GRAPH), new)
    return len(new)


def has_inferred(store: Store) -> bool:
    """Whether ``store`` holds a non-empty :data:`INFERRED_GRAPH` (e.g. an on-disk store reused as current)."""
    return bool(store.query(f"ASK {{ GRAPH <{INFERRED_GRAPH}> {{ ?s ?p ?o }} }}").boolean)


def ensure_inferred(store: Store) -> int | None:
    """After ``store.load_file`` (or ``load``): :func:`infer_store`, unless the load found the data already
    in place (``store.reused``) and its :data:`INFERRED_GRAPH` is there too; then ``None``."""
    if store.reused and has_inferred(store):
        return None
    return infer_store(store)


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
