"""The entity graph as a networkx MultiDiGraph: entities are nodes, facts between them are edges.

Classes, literals, evidence and provenance records are left out, so rankings are about
parks, companies, governments and the agreements and projects that connect them.
"""

from __future__ import annotations

import networkx as nx
from rdflib import Dataset, URIRef

from .build import ONTOLOGY_GRAPH, PROVENANCE_GRAPH
from .namespaces import RDF, RDFS, SKOS, TP

__all__ = ["to_networkx"]

_NOT_ENTITIES = {TP.Evidence, TP.Article, TP.SourceGraph}
_SKIP_PREDICATES = {RDF.type, RDF.subject, RDF.object, RDF.predicate, SKOS.inScheme, TP.inSource}


def to_networkx(ds: Dataset) -> nx.MultiDiGraph:
    """Nodes carry ``label`` and ``type`` (local class name); edges carry ``predicate``, ``label`` and ``sources``."""
    g = nx.MultiDiGraph()
    types: dict[URIRef, str] = {}
    for s, _, cls, graph in ds.quads((None, RDF.type, None, None)):
        if graph in (ONTOLOGY_GRAPH, PROVENANCE_GRAPH) or cls in _NOT_ENTITIES or not isinstance(s, URIRef):
            continue
        if cls in TP._NS:
            types[s] = str(cls).rsplit("#", 1)[-1]
    for node in sorted(types):
        label = ds.value(node, SKOS.prefLabel) or ds.value(node, RDFS.label) or node
        g.add_node(str(node), label=str(label), type=types[node])
    edges: dict[tuple[str, str, str], set[str]] = {}
    for s, p, o, graph in ds.quads((None, None, None, None)):
        if s in types and o in types and p not in _SKIP_PREDICATES:
            edges.setdefault((str(s), str(o), str(p)), set()).add(str(graph).rsplit("/", 1)[-1])
    for (s, o, p), sources in sorted(edges.items()):
        plabel = ds.value(URIRef(p), RDFS.label) or p.rsplit("#", 1)[-1]
        g.add_edge(s, o, key=p, predicate=p, label=str(plabel), sources=sorted(sources))
    return g
