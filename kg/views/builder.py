"""Views of a :class:`~kg.KnowledgeGraph`: whole graph, one entity, one query, one source, one place.

The entity graph is built and annotated once per builder, so writing every view of a
build (:meth:`ViewBuilder.write_site`) costs one pass over the dataset.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

import networkx as nx
from rdflib import URIRef

from ..build import ONTOLOGY_GRAPH, PROVENANCE_GRAPH
from ..errors import ViewError
from ..files import atomic_write_text
from ..namespaces import DCTERMS, GRAPH, TP
from .data import annotate, select_neighbourhood, select_place, select_query, select_source
from .render import DEFAULT_NODE_CAP, View, _env, render_view
from .style import Styler

if TYPE_CHECKING:
    from .. import KnowledgeGraph

__all__ = ["ViewBuilder", "SitePage", "slug_of"]


def slug_of(iri: str) -> str:
    """The last path segment of an IRI: ``.../id/park/zizhu-high-tech-zone`` -> ``zizhu-high-tech-zone``."""
    return iri.rstrip("/").rsplit("/", 1)[-1].rsplit("#", 1)[-1]


@dataclass
class SitePage:
    """One page written by :meth:`ViewBuilder.write_site`."""

    kind: str
    title: str
    path: Path
    node_count: int
    edge_count: int
    summarised: bool


class ViewBuilder:
    """Makes views of one knowledge graph; ``node_cap`` bounds every page."""

    def __init__(self, kg: "KnowledgeGraph", node_cap: int = DEFAULT_NODE_CAP):
        if node_cap < 1:
            raise ViewError(f"The node cap must be at least 1, not {node_cap} (setting view_node_cap).")
        self.kg, self.node_cap = kg, node_cap
        self.styler = Styler(kg.settings.ontology_dir)

    @cached_property
    def graph(self) -> nx.MultiDiGraph:
        """The annotated entity graph (categories and tooltips)."""
        return annotate(self.kg.dataset, self.kg.to_networkx(), self.styler)

    def _label(self, iri: str) -> str:
        return self.graph.nodes[iri]["label"] if iri in self.graph else slug_of(iri)

    def _render(self, g: nx.MultiDiGraph, title: str, subtitle: str, keep: tuple[str, ...] = (),
                links: list[tuple[str, str]] | None = None) -> View:
        return render_view(g, title, subtitle=subtitle, node_cap=self.node_cap, keep=keep, links=links,
                           styler=self.styler)

    def _iri(self, name: str) -> str:
        return self.kg.entity(name).iri

    # -- the five kinds of view -------------------------------------------------------------
    def whole(self, links: list[tuple[str, str]] | None = None) -> View:
        g = self.graph
        return self._render(g.copy(), "Technology-park knowledge graph",
                            f"Every entity and every fact between entities, from {len(self.sources())} source "
                            "articles.", links=links)

    def entity(self, name: str, depth: int = 1, links: list[tuple[str, str]] | None = None) -> View:
        iri = self._iri(name)
        sub = select_neighbourhood(self.graph, iri, depth)
        ent = self.graph.nodes[iri]
        return self._render(sub, ent["label"], f"{ent['type']} and everything within {depth} link(s) of it.",
                            keep=(iri,), links=links)

    def query(self, sparql: str, title: str | None = None, **bindings: Any) -> View:
        result = self.kg.query(sparql, **bindings)
        if isinstance(result, bool):
            raise ViewError("An ASK query answers yes or no and has no graph to draw; use SELECT or CONSTRUCT.")
        sub = select_query(self.graph, result, self.kg.dataset)
        kind = "rows" if isinstance(result, list) else "triples"
        return self._render(sub, title or "Query result",
                            f"The entities in the query's {len(result)} {kind} and the links among them.")

    def source(self, doc_id: str, links: list[tuple[str, str]] | None = None) -> View:
        sources = self.sources()
        if doc_id not in sources:
            raise ViewError(f"No source article has the id {doc_id!r}; known: {', '.join(sorted(sources))}.")
        sub = select_source(self.graph, self.kg.dataset, GRAPH[doc_id])
        return self._render(sub, sources[doc_id], f"What the article {doc_id} states.", links=links)

    def place(self, name: str, links: list[tuple[str, str]] | None = None) -> View:
        iri = self._iri(name)
        if self.graph.nodes.get(iri, {}).get("category") not in ("place", "park", "facility"):
            raise ViewError(f"{self._label(iri)} is not a place, zone or facility; `kg view entity` draws "
                            "any entity.")
        sub = select_place(self.graph, iri)
        return self._render(sub, f"In {self._label(iri)}",
                            f"{self._label(iri)}, everything located in it, and the events, agreements and "
                            "projects attached to those.", keep=(iri,), links=links)

    # -- what there is ---------------------------------------------------------------------
    def sources(self) -> dict[str, str]:
        """Document id -> article title, for every source graph."""
        ds = self.kg.dataset
        out = {}
        for doc in ds.subjects(None, TP.Article):
            out[slug_of(str(doc))] = str(ds.value(doc, DCTERMS.title) or slug_of(str(doc)))
        graphs = {slug_of(str(c.identifier)) for c in ds.graphs()
                  if c.identifier not in (ONTOLOGY_GRAPH, PROVENANCE_GRAPH) and len(c)}
        return {k: v for k, v in sorted(out.items()) if k in graphs} or {g: g for g in sorted(graphs)}

    def parks(self) -> list[str]:
        """IRIs of the parks and zones, sorted by label."""
        return sorted((n for n, d in self.graph.nodes(data=True) if d.get("category") == "park"),
                      key=lambda n: (self._label(n).casefold(), n))

    # -- a folder of pages -----------------------------------------------------------------
    def write_site(self, folder: Path | str) -> list[SitePage]:
        """Write ``index.html`` linking the whole graph, a view per source and a view per park."""
        folder = Path(folder)
        home = [("All views", "index.html")]
        pages: list[SitePage] = []

        def put(kind: str, name: str, view: View) -> None:
            path = atomic_write_text(folder / name, view.html)
            pages.append(SitePage(kind, view.title, path, view.node_count, view.edge_count, view.summary is not None))

        put("graph", "graph.html", self.whole(links=home))
        for doc in self.sources():
            put("source", f"source-{doc}.html", self.source(doc, links=home))
        for iri in self.parks():
            put("park", f"park-{slug_of(iri)}.html", self.entity(iri, depth=1, links=home))
        index = _env().get_template("index.html").render(
            title="Technology-park knowledge graph: views",
            groups=[(kind, heading, [p for p in pages if p.kind == kind])
                    for kind, heading in (("graph", "Whole graph"), ("source", "Per source article"),
                                          ("park", "Per park or zone"))])
        atomic_write_text(folder / "index.html", index)
        return pages
