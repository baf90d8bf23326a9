"""Turn a view graph into one standalone, offline, escaped HTML page.

The vis-network script and stylesheet come from the pyvis package and are inlined into our own
Jinja template (autoescaped), so the page makes no network request; pyvis's own template is
neither escaped nor offline, and its ``add_node``/``add_edge`` are quadratic, so the node and
edge lists in vis-network's format are built directly. Positions come from a seeded networkx layout, and physics runs a bounded stabilisation and
then stops (or is off for large views). The same graph always gives the same bytes.

>>> import networkx as nx
>>> g = nx.MultiDiGraph()
>>> g.add_node("urn:a", label="<b>A</b>", type="Company", tooltip="A\\nType: Company")
>>> g.add_node("urn:b", label="B", type="District")
>>> _ = g.add_edge("urn:a", "urn:b", key="urn:p", label="located in", sources=["doc-1"])
>>> view = render_view(g, "Test <view>")
>>> view.node_count, view.edge_count
(2, 1)
>>> "<b>A</b>" in view.html, "Test &lt;view&gt;" in view.html
(False, True)
>>> view.html == render_view(g, "Test <view>").html
True
"""

from __future__ import annotations

import html as html_lib
import importlib.util
import math
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import networkx as nx
from jinja2 import Environment, FileSystemLoader, select_autoescape

from ..files import atomic_write_text
from .style import CATEGORIES, OTHER, Styler
from .summary import Summary, summarise

__all__ = ["View", "render_view", "vis_assets", "DEFAULT_NODE_CAP", "PHYSICS_NODE_LIMIT"]

DEFAULT_NODE_CAP = 500
PHYSICS_NODE_LIMIT = 300  # above this many nodes the Python layout is final and physics stays off
_TEMPLATES = Path(__file__).parent / "templates"
_NAMES = {c.key: c.name for c in CATEGORIES + [OTHER]}


@lru_cache(maxsize=1)
def vis_assets() -> tuple[str, str]:
    """The vis-network script and stylesheet that ship inside the pyvis package, ready to inline."""
    # located without importing pyvis, whose import pulls in IPython (0.3 s of every build)
    lib = Path(importlib.util.find_spec("pyvis").submodule_search_locations[0]) / "templates" / "lib"
    folder = max(lib.glob("vis-*"), key=lambda p: tuple(int(x) for x in re.findall(r"\d+", p.name)))
    js = (folder / "vis-network.min.js").read_text(encoding="utf-8")
    css = (folder / "vis-network.css").read_text(encoding="utf-8")
    js = re.sub(r"//# sourceMappingURL=\S+", "", js)
    for name, text in (("script", js), ("stylesheet", css)):
        if re.search(r"</(script|style)|<!--", text, re.I):
            raise RuntimeError(f"The vis-network {name} in {folder} cannot be inlined safely.")
    return js, css


@lru_cache(maxsize=1)
def _env() -> Environment:
    return Environment(loader=FileSystemLoader(_TEMPLATES), autoescape=select_autoescape(default=True),
                       trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)


@dataclass
class View:
    """A rendered view: the page, what it draws and what it left out."""

    title: str
    html: str
    node_count: int
    edge_count: int
    summary: Summary | None = None
    graph: nx.MultiDiGraph | None = field(default=None, repr=False)

    def write(self, path: Path | str) -> Path:
        """Write the page atomically."""
        return atomic_write_text(Path(path), self.html)

    def _repr_html_(self) -> str:
        """Inline display in Jupyter: the page in a sandboxed iframe."""
        return (f'<iframe title="{html_lib.escape(self.title)}" sandbox="allow-scripts" '
                f'style="width:100%;height:720px;border:1px solid #ddd" srcdoc="{html_lib.escape(self.html)}">'
                "</iframe>")


def _force_layout(adjacency: "np.ndarray", seed: int, iterations: int = 60) -> "np.ndarray":
    """Fruchterman-Reingold with dense numpy arrays (networkx switches to a slow sparse loop at 500 nodes)."""
    import numpy as np

    n = adjacency.shape[0]
    pos = np.random.default_rng(seed).random((n, 2))
    k = math.sqrt(1.0 / n)
    t = 0.1
    for _ in range(iterations):
        delta = pos[:, None, :] - pos[None, :, :]
        dist = np.maximum(np.sqrt((delta ** 2).sum(axis=-1)), 0.01)
        force = (k * k / dist ** 2 - adjacency * dist / k)
        disp = (delta * force[:, :, None]).sum(axis=1)
        length = np.maximum(np.sqrt((disp ** 2).sum(axis=1)), 0.01)
        pos += disp * (t / length)[:, None]
        t -= 0.1 / (iterations + 1)
    pos -= pos.mean(axis=0)
    return pos / max(float(np.abs(pos).max()), 1e-9)


def _layout(g: nx.MultiDiGraph, seed: int) -> dict[str, tuple[int, int]]:
    """Seeded force layout, scaled to screen units and rounded (deterministic bytes)."""
    import numpy as np

    order = sorted(g)
    n = len(order)
    if n == 0:
        return {}
    index = {node: i for i, node in enumerate(order)}
    adjacency = np.zeros((n, n))
    for u, v in g.edges():
        if u != v:
            adjacency[index[u], index[v]] = adjacency[index[v], index[u]] = 1.0
    pos = _force_layout(adjacency, seed)
    scale = 120 * math.sqrt(n) + 100
    return {node: (round(float(pos[i, 0]) * scale), round(float(pos[i, 1]) * scale)) for i, node in enumerate(order)}


def _vis_lists(g: nx.MultiDiGraph, styler: Styler, seed: int) -> tuple[list[dict], list[dict]]:
    pos = _layout(g, seed)
    degree = dict(g.degree())
    nodes = []
    for node in sorted(g):
        data = g.nodes[node]
        cat = next((c for c in CATEGORIES if c.key == data.get("category")), None) \
            or styler.category(data.get("type", ""))
        label = str(data.get("label", node))
        item = {
            "id": node, "label": label, "title": str(data.get("tooltip") or f"{label}\nType: {data.get('type', '?')}"),
            "category": cat.key, "shape": cat.shape, "x": pos[node][0], "y": pos[node][1],
            "color": {"background": cat.color, "border": "#37474f",
                      "highlight": {"background": cat.color, "border": "#000000"}},
        }
        if cat.shape in ("box", "ellipse"):
            item["widthConstraint"] = {"maximum": 170}
            item["font"] = {"size": 12, "color": "#111111"}
        else:
            item["size"] = round(10 + 4 * math.sqrt(degree.get(node, 0)), 1)
        nodes.append(item)
    edges = []
    parallel: dict[tuple[str, str], int] = {}
    for u, v, key, data in sorted(g.edges(keys=True, data=True), key=lambda e: (e[0], e[1], str(e[2]))):
        pair = (min(u, v), max(u, v))
        k = parallel[pair] = parallel.get(pair, -1) + 1
        label = str(data.get("label", key))
        sources = data.get("sources") or []
        title = f"{g.nodes[u].get('label', u)} \u2014 {label} \u2192 {g.nodes[v].get('label', v)}"
        if sources:
            title += "\nSources: " + ", ".join(sources)
        edge = {"id": f"e{len(edges)}", "from": u, "to": v, "label": label, "title": title, "arrows": "to"}
        edge["smooth"] = {"enabled": k > 0, "type": "curvedCW" if k % 2 else "curvedCCW",
                          "roundness": round(0.15 * ((k + 1) // 2), 2)}
        edges.append(edge)
    return nodes, edges


def _options(n_nodes: int) -> dict:
    physics = 0 < n_nodes <= PHYSICS_NODE_LIMIT
    return {
        "autoResize": True,
        "nodes": {"font": {"size": 13, "face": "sans-serif"}, "borderWidth": 1},
        "edges": {"font": {"size": 9, "align": "middle", "color": "#555555", "strokeWidth": 2},
                  "color": {"color": "#9e9e9e", "highlight": "#424242"}, "width": 1,
                  "arrows": {"to": {"scaleFactor": 0.5}}},
        "interaction": {"hover": True, "tooltipDelay": 120, "hideEdgesOnDrag": n_nodes > 200,
                        "navigationButtons": False, "keyboard": False},
        "layout": {"improvedLayout": False, "randomSeed": 7},
        "physics": {"enabled": physics, "solver": "barnesHut",
                    "barnesHut": {"gravitationalConstant": -3000, "springLength": 120, "springConstant": 0.02,
                                  "damping": 0.4, "avoidOverlap": 0.2},
                    "minVelocity": 1.0, "maxVelocity": 30,
                    "stabilization": {"enabled": physics, "iterations": 150 if n_nodes <= 150 else 80,
                                      "updateInterval": 50, "fit": True}},
    }


def render_view(g: nx.MultiDiGraph, title: str, *, subtitle: str = "", node_cap: int = DEFAULT_NODE_CAP,
                keep: tuple[str, ...] = (), links: list[tuple[str, str]] | None = None,
                seed: int = 42, styler: Styler | None = None) -> View:
    """Draw ``g`` (nodes with ``label``, ``type``, optional ``category`` and ``tooltip``; edges with
    ``label`` and ``sources``) as a standalone page. Above ``node_cap`` nodes the view is
    summarised (:func:`~kg.views.summary.summarise`), ``keep`` nodes always staying in.
    ``links`` are (text, relative href) pairs shown under the heading.
    """
    styler = styler or Styler()
    for _, data in g.nodes(data=True):
        data.setdefault("category", styler.category(data.get("type", "")).key)
    shown, summary = summarise(g, node_cap, keep=keep)
    # pyvis's Network would only hold these lists; its page template neither escapes nor works offline,
    # so the lists are built directly (as DESIGN.md measured: far faster than add_node/add_edge)
    nodes, edges = _vis_lists(shown, styler, seed)
    options = _options(len(nodes))
    counts = {}
    for node in nodes:
        counts[node["category"]] = counts.get(node["category"], 0) + 1
    legend = [{"key": c.key, "name": c.name, "color": c.color, "shape": c.shape, "role": c.role,
               "count": counts[c.key]} for c in styler.legend(set(counts))]
    js, css = vis_assets()
    page = _env().get_template("view.html").render(
        title=title, subtitle=subtitle, notice=summary.text(_NAMES) if summary else "",
        legend=legend, links=links or [], vis_js=js, vis_css=css,
        data={"nodes": nodes, "edges": edges, "options": options},
        node_count=len(nodes), edge_count=len(edges))
    return View(title, page, len(nodes), len(edges), summary, shown)
