"""Keep big views drawable: above a node cap, keep the top entities by PageRank and say what was left out.

>>> import networkx as nx
>>> g = nx.MultiDiGraph()
>>> g.add_nodes_from((str(i), {"label": f"n{i}", "type": "Company", "category": "company"}) for i in range(10))
>>> _ = g.add_edges_from(("0", str(i)) for i in range(1, 10))
>>> small, summary = summarise(g, node_cap=4)
>>> small.number_of_nodes(), "0" in small, summary.omitted_nodes, summary.omitted_edges
(4, True, 6, 6)
>>> summarise(g, node_cap=50)[1] is None
True
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

import networkx as nx

__all__ = ["Summary", "summarise", "rank_nodes"]


@dataclass
class Summary:
    """What a summarised view left out."""

    total_nodes: int
    total_edges: int
    kept_nodes: int
    kept_edges: int
    ranked_by: str
    omitted_by_category: list[tuple[str, int]] = field(default_factory=list)

    @property
    def omitted_nodes(self) -> int:
        return self.total_nodes - self.kept_nodes

    @property
    def omitted_edges(self) -> int:
        return self.total_edges - self.kept_edges

    def text(self, category_names: dict[str, str] | None = None) -> str:
        """One sentence for the page."""
        from .style import CATEGORIES, OTHER

        names = category_names or {c.key: c.name for c in CATEGORIES + [OTHER]}
        parts = ", ".join(f"{n:,} {names.get(k, k)}" for k, n in self.omitted_by_category)
        return (f"Summarised: showing the {self.kept_nodes:,} most central of {self.total_nodes:,} entities "
                f"(by {self.ranked_by}) and {self.kept_edges:,} of {self.total_edges:,} links. "
                f"Left out {self.omitted_nodes:,} entities ({parts}) and {self.omitted_edges:,} links.")


def rank_nodes(g: nx.MultiDiGraph) -> tuple[list[str], str]:
    """Nodes from most to least central: PageRank on the undirected graph, degree if it fails."""
    simple = nx.Graph(g.to_undirected(as_view=True))
    try:
        score = nx.pagerank(simple, max_iter=200)
        how = "PageRank"
    except nx.PowerIterationFailedConvergence:
        score = {n: float(d) for n, d in simple.degree()}
        how = "degree"
    return sorted(g, key=lambda n: (-round(score.get(n, 0.0), 12), n)), how


def summarise(g: nx.MultiDiGraph, node_cap: int, edge_cap: int | None = None,
              keep: tuple[str, ...] = ()) -> tuple[nx.MultiDiGraph, Summary | None]:
    """``g`` itself when within the caps, else its top ``node_cap`` nodes (``keep`` always among them).

    ``edge_cap`` (default three per node) bounds the links drawn; the links between the most
    central nodes are kept first.
    """
    edge_cap = edge_cap if edge_cap is not None else 3 * node_cap
    if g.number_of_nodes() <= node_cap and g.number_of_edges() <= edge_cap:
        return g, None
    order, how = rank_nodes(g)
    pinned = [n for n in keep if n in g]
    chosen = pinned + [n for n in order if n not in set(pinned)]
    kept = set(chosen[:max(node_cap, len(pinned))])
    sub = g.subgraph(kept)
    position = {n: i for i, n in enumerate(chosen)}
    edges = sorted(sub.edges(keys=True, data=True),
                   key=lambda e: (max(position[e[0]], position[e[1]]), position[e[0]], position[e[1]], e[2]))
    out = nx.MultiDiGraph()
    out.add_nodes_from((n, g.nodes[n]) for n in sorted(kept))
    for u, v, k, d in edges[:edge_cap]:
        out.add_edge(u, v, key=k, **d)
    left = Counter(g.nodes[n].get("category", "other") for n in g if n not in kept)
    summary = Summary(g.number_of_nodes(), g.number_of_edges(), out.number_of_nodes(), out.number_of_edges(),
                      how, sorted(left.items(), key=lambda kv: (-kv[1], kv[0])))
    return out, summary
