"""Network analytics over the entity graph: rankings, shortest chains of facts, communities, components, export.

Works on the graph of :func:`kg.network.to_networkx` (entities as nodes, facts as edges
with their sources). Centralities and paths treat links as undirected: a company is as
close to its park whether the fact reads "present in" or "tenant of". Every result is
sorted deterministically (score, then IRI).

>>> import networkx as nx
>>> g = nx.MultiDiGraph()
>>> for n, label in [("urn:a", "A"), ("urn:b", "B"), ("urn:c", "C"), ("urn:z", "Z")]:
...     g.add_node(n, label=label, type="Company")
>>> g.add_edge("urn:a", "urn:b", key="urn:p", label="supports", sources=["doc-1"])
'urn:p'
>>> g.add_edge("urn:c", "urn:b", key="urn:q", label="located in", sources=["doc-2"])
'urn:q'
>>> net = NetworkAnalysis(g)
>>> [r.label for r in net.rank("degree", top=1)]
['B']
>>> [f"{f.subject_label} {f.predicate_label} {f.object_label}" for f in net.shortest_path("urn:a", "urn:c")]
['A supports B', 'C located in B']
>>> [len(c) for c in net.components()]
[3, 1]
>>> net.shortest_path("urn:a", "urn:z")
Traceback (most recent call last):
...
kg.errors.NoPath: No chain of facts connects A and Z: they lie in different components (sizes 3 and 1).
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import networkx as nx

from .errors import AnalysisError, EmptyGraph, EntityNotFound, NoPath
from .files import atomic_write_bytes

__all__ = ["NetworkAnalysis", "Ranked", "Fact", "MEASURES", "EXPORT_FORMATS"]

MEASURES = ("degree", "pagerank", "betweenness")
EXPORT_FORMATS = {".graphml": "graphml", ".gexf": "gexf"}


@dataclass(frozen=True)
class Ranked:
    """One entity's score under a centrality measure."""

    iri: str
    label: str
    type: str
    score: float


@dataclass(frozen=True)
class Fact:
    """One fact on a path, in its stated direction, with the articles that state it."""

    subject: str
    subject_label: str
    predicate_label: str
    object: str
    object_label: str
    sources: tuple[str, ...] = field(default_factory=tuple)


class NetworkAnalysis:
    """Rankings, paths, communities, components and GraphML/GEXF export for one entity graph."""

    def __init__(self, graph: nx.MultiDiGraph):
        self.graph = graph

    def _nonempty(self) -> nx.MultiDiGraph:
        if self.graph.number_of_nodes() == 0:
            raise EmptyGraph("The entity graph is empty: there is nothing to analyse. Build the graph from "
                             "seed files that state facts between entities (`kg build`).")
        return self.graph

    @cached_property
    def simple(self) -> nx.Graph:
        """The undirected simple graph; an edge's ``weight`` is the number of facts between the pair."""
        out = nx.Graph()
        out.add_nodes_from(sorted(self.graph))
        for u, v in sorted(self.graph.edges()):
            if u != v:
                a, b = min(u, v), max(u, v)
                w = out.get_edge_data(a, b, {}).get("weight", 0)
                out.add_edge(a, b, weight=w + 1)
        return out

    def _label(self, node: str) -> str:
        return str(self.graph.nodes[node].get("label", node))

    def _check(self, node: str) -> None:
        if node not in self.graph:
            raise EntityNotFound(f"{node} (not an entity of the entity graph)")

    # -- rankings --------------------------------------------------------------------------
    def scores(self, by: str = "pagerank") -> dict[str, float]:
        """Score per node: ``degree`` (number of facts), ``pagerank`` or ``betweenness`` (normalised)."""
        g = self._nonempty()
        if by == "degree":
            return {n: float(d) for n, d in g.degree()}
        if by == "pagerank":
            return nx.pagerank(self.simple, weight="weight", max_iter=500)
        if by == "betweenness":
            return nx.betweenness_centrality(self.simple, normalized=True)
        raise AnalysisError(f"Unknown measure {by!r}; use one of {', '.join(MEASURES)}.")

    def rank(self, by: str = "pagerank", top: int | None = 10) -> list[Ranked]:
        """The ``top`` entities by a measure, highest first (ties by IRI)."""
        scores = self.scores(by)
        order = sorted(scores, key=lambda n: (-round(scores[n], 12), n))
        return [Ranked(n, self._label(n), str(self.graph.nodes[n].get("type", "")), scores[n])
                for n in order[:top]]

    # -- paths -----------------------------------------------------------------------------
    def shortest_path(self, source: str, target: str) -> list[Fact]:
        """The shortest chain of facts from ``source`` to ``target``, one fact per link.

        When several facts join the same two entities, the one with the first property label
        is shown. Raises :class:`~kg.errors.NoPath` when no chain exists.
        """
        self._nonempty()
        self._check(source)
        self._check(target)
        if source == target:
            raise AnalysisError(f"{self._label(source)} is both ends of the path; name two different entities.")
        try:
            nodes = nx.shortest_path(self.simple, source, target)
        except nx.NetworkXNoPath:
            comp = {n: len(c) for c in nx.connected_components(self.simple) for n in c}
            raise NoPath(f"No chain of facts connects {self._label(source)} and {self._label(target)}: they lie "
                         f"in different components (sizes {comp[source]} and {comp[target]}).") from None
        chain = []
        for a, b in zip(nodes, nodes[1:]):
            options = [(a, b, d) for d in (self.graph.get_edge_data(a, b) or {}).values()]
            options += [(b, a, d) for d in (self.graph.get_edge_data(b, a) or {}).values()]
            s, o, d = min(options, key=lambda t: (str(t[2].get("label", "")), t[0], t[1]))
            chain.append(Fact(s, self._label(s), str(d.get("label", d.get("predicate", ""))), o, self._label(o),
                              tuple(d.get("sources", ()))))
        return chain

    # -- groups ----------------------------------------------------------------------------
    def _groups(self, groups) -> list[list[str]]:
        return sorted((sorted(c) for c in groups), key=lambda c: (-len(c), c[0]))

    def components(self) -> list[list[str]]:
        """Connected components (links taken as undirected), largest first."""
        self._nonempty()
        return self._groups(nx.connected_components(self.simple))

    def communities(self, seed: int = 42) -> list[list[str]]:
        """Louvain communities (modularity, seeded, so the same graph gives the same split), largest first."""
        self._nonempty()
        return self._groups(nx.community.louvain_communities(self.simple, weight="weight", seed=seed))

    # -- export ----------------------------------------------------------------------------
    def _export_graph(self) -> nx.MultiDiGraph:
        self._nonempty()
        out = nx.MultiDiGraph()
        for n in sorted(self.graph):
            d = self.graph.nodes[n]
            out.add_node(n, label=str(d.get("label", n)), type=str(d.get("type", "")))
        for u, v, k, d in sorted(self.graph.edges(keys=True, data=True), key=lambda e: (e[0], e[1], str(e[2]))):
            out.add_edge(u, v, key=str(k), label=str(d.get("label", "")), predicate=str(d.get("predicate", k)),
                         sources="; ".join(d.get("sources", ())))
        return out

    def to_bytes(self, fmt: str) -> bytes:
        """The graph as GraphML or GEXF (for Gephi), deterministic bytes."""
        g = self._export_graph()
        if fmt == "graphml":
            buf = io.BytesIO()
            nx.write_graphml(g, buf, encoding="utf-8")
            return buf.getvalue()
        if fmt == "gexf":
            text = "\n".join(nx.generate_gexf(g, encoding="utf-8")) + "\n"
            text = re.sub(r' lastmodifieddate="[^"]*"', "", text, count=1)
            return ('<?xml version="1.0" encoding="utf-8"?>\n' + text).encode("utf-8")
        raise AnalysisError(f"Unknown export format {fmt!r}; use graphml or gexf.")

    def export(self, path: Path | str, fmt: str | None = None) -> Path:
        """Write GraphML or GEXF atomically; the format defaults from the suffix."""
        path = Path(path)
        fmt = fmt or EXPORT_FORMATS.get(path.suffix.lower())
        if fmt is None:
            raise AnalysisError(f"Cannot tell the format of {path}: name it *.graphml or *.gexf, or pass a format.")
        return atomic_write_bytes(path, self.to_bytes(fmt))
