"""The graph a view draws: entities with their category and tooltip, and the selections views use.

:func:`annotate` decorates the entity graph of :func:`kg.network.to_networkx` with what a
view shows: a category per node (colour, shape, legend) and a plain-text tooltip holding
the entity's type, key facts (amounts, dates, status, counts) and sources. The
``select_*`` functions cut the part of that graph one view shows.

Tooltips are plain text: vis-network shows string titles with ``innerText``, and the page
embeds all data as escaped JSON, so no label is ever parsed as markup.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

import networkx as nx
from rdflib import Dataset, Graph, Literal, URIRef

from ..errors import ViewError
from ..explain import explain_entity
from ..namespaces import RDF, RDFS, SKOS, TP
from .style import Styler

__all__ = [
    "annotate", "select_neighbourhood", "select_source", "select_place", "select_query",
    "CONTAINMENT", "MAX_FACT_LINES",
]

# Predicates that put one thing inside another (child -> parent).
CONTAINMENT = {str(p) for p in (TP.locatedIn, TP.partOfZone, TP.headquarteredIn, TP.heldIn, TP.presentIn)}
MAX_FACT_LINES = 10
_NOT_KEY_FACTS = {RDF.type, SKOS.altLabel, SKOS.inScheme, SKOS.prefLabel, RDFS.label, TP.note}


def _number(value) -> str:
    if isinstance(value, (int, Decimal)) or (isinstance(value, float) and value.is_integer()):
        return f"{int(value):,}"
    return str(value)


def _value_text(ds: Dataset, rec) -> str:
    """A fact's value as text; an amount gets its qualifier and the stated US$ equivalent."""
    if isinstance(rec.other, Literal):
        value = rec.other.toPython()
        return _number(value) if isinstance(value, (int, float, Decimal)) else str(rec.other)
    text = rec.other_label
    qualifier = ds.value(rec.other, TP.qualifier)
    if qualifier is not None:
        text = f"{qualifier} {text}"
    usd = ds.value(rec.other, TP.usdEquivalent)
    if usd is not None:
        text += f" (US$ {_number(usd.toPython())} as stated)"
    return text


def _tooltip(ds: Dataset, g: nx.MultiDiGraph, node: str) -> str:
    data = g.nodes[node]
    lines = [data["label"], f"Type: {data['type']}"]
    aliases = sorted({str(a) for a in ds.objects(URIRef(node), SKOS.altLabel)} - {data["label"]})
    if aliases:
        lines.append("Also called: " + ", ".join(aliases[:4]) + (" ..." if len(aliases) > 4 else ""))
    facts: dict[str, list[str]] = defaultdict(list)
    sources: set[str] = set()
    for rec in explain_entity(ds, URIRef(node)):
        sources.add(rec.source)
        if rec.direction != "out" or rec.predicate in _NOT_KEY_FACTS or str(rec.other) in g:
            continue
        text = _value_text(ds, rec)
        if text not in facts[rec.predicate_label]:
            facts[rec.predicate_label].append(text)
    for name, values in list(sorted(facts.items()))[:MAX_FACT_LINES]:
        lines.append(f"{name}: {'; '.join(values)}")
    if len(facts) > MAX_FACT_LINES:
        lines.append(f"... and {len(facts) - MAX_FACT_LINES} more kinds of fact")
    lines.append("Sources: " + (", ".join(sorted(sources)) or "none recorded"))
    return "\n".join(lines)


def annotate(ds: Dataset, g: nx.MultiDiGraph, styler: Styler | None = None) -> nx.MultiDiGraph:
    """Add ``category`` and ``tooltip`` to every node of ``g`` (in place) and return it."""
    styler = styler or Styler()
    for node, data in g.nodes(data=True):
        data["category"] = styler.category(data.get("type", "")).key
        data["tooltip"] = _tooltip(ds, g, node)
    return g


def _require(g: nx.MultiDiGraph, iri: str) -> None:
    if iri not in g:
        raise ViewError(f"{iri} is not an entity of the graph (articles, evidence and literal values "
                        "are not drawn); pick a park, company, place, agreement or project.")


def select_neighbourhood(g: nx.MultiDiGraph, iri: str, depth: int = 1) -> nx.MultiDiGraph:
    """The entity and everything within ``depth`` links of it, in either direction."""
    _require(g, iri)
    if depth < 0:
        raise ViewError(f"depth must be 0 or more, not {depth}.")
    keep = nx.single_source_shortest_path_length(g.to_undirected(as_view=True), iri, cutoff=depth)
    return g.subgraph(keep).copy()


def select_source(g: nx.MultiDiGraph, ds: Dataset, source_graph: URIRef) -> nx.MultiDiGraph:
    """The entities typed in one source graph and the facts that source states among them."""
    doc = str(source_graph).rsplit("/", 1)[-1]
    nodes = {str(s) for s in ds.graph(source_graph).subjects(RDF.type, None)} & set(g)
    out = nx.MultiDiGraph()
    out.add_nodes_from((n, g.nodes[n]) for n in sorted(nodes))
    for u, v, k, d in g.edges(keys=True, data=True):
        if doc in d.get("sources", ()) and u in nodes and v in nodes:
            out.add_edge(u, v, key=k, **d)
    return out


def select_place(g: nx.MultiDiGraph, iri: str) -> nx.MultiDiGraph:
    """A place, everything located in it (transitively) and the connectors attached to those.

    Containment follows ``locatedIn``, ``partOfZone``, ``headquarteredIn``, ``heldIn`` and
    ``presentIn`` edges backwards; connectors are the events, agreements, projects and
    tenancies one link away from a contained entity.
    """
    _require(g, iri)
    inside, todo = {iri}, [iri]
    while todo:
        node = todo.pop()
        for child, _, d in g.in_edges(node, data=True):
            if d.get("predicate") in CONTAINMENT and child not in inside:
                inside.add(child)
                todo.append(child)
    styler = Styler()
    connectors = {other for node in inside for other in nx.all_neighbors(g, node)
                  if styler.category(g.nodes[other].get("type", "")).role == "connector"}
    return g.subgraph(inside | connectors).copy()


def select_query(g: nx.MultiDiGraph, result: list[dict] | Graph, ds: Dataset | None = None) -> nx.MultiDiGraph:
    """The graph of a query result.

    A CONSTRUCT/DESCRIBE result gives its own triples between entities (each drawn once,
    with the property's label); a SELECT result gives the entities named in its rows and the
    links among them in ``g``.
    """
    if isinstance(result, Graph):
        out = nx.MultiDiGraph()
        for s, p, o in sorted(result):
            if p == RDF.type or not isinstance(s, URIRef) or not isinstance(o, URIRef):
                continue
            if str(s) not in g or str(o) not in g:
                continue
            for n in (str(s), str(o)):
                out.add_node(n, **g.nodes[n])
            known = g.get_edge_data(str(s), str(o), key=str(p)) or {}
            label = known.get("label") or (ds.value(p, RDFS.label) if ds is not None else None) \
                or str(p).rsplit("#", 1)[-1].rsplit("/", 1)[-1]
            out.add_edge(str(s), str(o), key=str(p), predicate=str(p), label=str(label),
                         sources=known.get("sources", []))
        return out
    if isinstance(result, bool):
        raise ViewError("An ASK query answers yes or no and has no graph to draw; use SELECT or CONSTRUCT.")
    nodes = {v for row in result for v in row.values() if isinstance(v, str) and v in g}
    return g.subgraph(nodes).copy()
