"""Views: offline, escaped, deterministic pages; the selections; summarisation; errors; CLI."""

from __future__ import annotations

import json
import re
from pathlib import Path

import networkx as nx
import pytest
from bs4 import BeautifulSoup

from kg import KnowledgeGraph
from kg.config import Settings
from kg.errors import EntityNotFound, ViewError
from kg.views import CATEGORIES, ViewBuilder, render_view, summarise
from kg.views.render import vis_assets
from kg.views.synthetic import synthetic_graph

PAYLOADS = ["<script>window.__pwned=1;alert(1)</script>", '<img src=x onerror="window.__pwned=1;alert(1)">',
            "</script><script>window.__pwned=1</script>"]


def page_data(html: str) -> dict:
    soup = BeautifulSoup(html, "html.parser")
    return json.loads(soup.find("script", id="kg-data").string)


def external_refs(html: str) -> list[str]:
    """Every http(s) URL the page would load: src/href attributes, CSS url() and @import."""
    soup = BeautifulSoup(html, "html.parser")
    refs = [v for tag in soup.find_all(True) for attr in ("src", "href", "data", "action", "poster")
            if isinstance(v := tag.get(attr), str) and re.match(r"\s*(https?:)?//", v)]
    for style in soup.find_all("style"):
        refs += re.findall(r"url\(\s*['\"]?\s*((?:https?:)?//[^)'\"]+)", style.string or "")
        refs += re.findall(r"@import\s+[^;]*", style.string or "")
    return refs


def malicious_graph() -> nx.MultiDiGraph:
    g = nx.MultiDiGraph()
    for i, text in enumerate(PAYLOADS):
        g.add_node(f"urn:x:{i}", label=text, type="Company", tooltip=f"{text}\nType: Company\nSources: {text}")
    g.add_node("urn:x:park", label="Park " + PAYLOADS[2], type="SciencePark")
    for i, text in enumerate(PAYLOADS):
        g.add_edge(f"urn:x:{i}", "urn:x:park", key=f"urn:p:{i}", label=text, sources=[text])
    return g


@pytest.fixture(scope="module")
def builder(kg) -> ViewBuilder:
    return ViewBuilder(kg)


@pytest.fixture(scope="module")
def site(builder, tmp_path_factory) -> tuple[Path, list]:
    folder = tmp_path_factory.mktemp("views")
    return folder, builder.write_site(folder)


# -- offline ----------------------------------------------------------------------------------
def test_every_written_page_is_offline(site):
    folder, pages = site
    files = sorted(folder.glob("*.html"))
    assert len(files) == len(pages) + 1 and (folder / "index.html") in files
    for path in files:
        assert external_refs(path.read_text(encoding="utf-8")) == [], path.name
    assert not (folder / "lib").exists(), "pyvis's local mode drops a lib/ folder; ours must not"


def test_the_offline_check_catches_cdn_links():
    pyvis_page = '<link href="https://static.example.org/x.css" rel="stylesheet"><script src="//assets.example.org/x.js"></script>'
    assert len(external_refs(pyvis_page)) == 2


def test_vis_network_is_inlined_from_the_pyvis_package(builder):
    js, css = vis_assets()
    html = builder.whole().html
    assert "vis-network" in js and js[:2000] in html and css[:2000] in html
    assert "sourceMappingURL" not in html


# -- escaping ---------------------------------------------------------------------------------
def test_labels_tooltips_and_headings_are_escaped():
    view = render_view(malicious_graph(), PAYLOADS[0], subtitle=PAYLOADS[1], links=[(PAYLOADS[2], "x.html")])
    for text in PAYLOADS:
        assert text not in view.html
    soup = BeautifulSoup(view.html, "html.parser")
    assert soup.find("h1").get_text() == PAYLOADS[0]
    assert soup.find(id="kg-subtitle").get_text() == PAYLOADS[1]
    assert soup.find("nav").a.get_text() == PAYLOADS[2]
    assert soup.find("img") is None
    assert len(soup.find_all("script")) == 3  # vis-network, the data block, the page script
    data = page_data(view.html)
    assert sorted(n["label"] for n in data["nodes"])[:3] == sorted(PAYLOADS)
    assert {e["label"] for e in data["edges"]} == set(PAYLOADS)


def test_jupyter_display_is_a_sandboxed_escaped_iframe():
    view = render_view(malicious_graph(), PAYLOADS[0])
    frame = view._repr_html_()
    assert frame.startswith("<iframe") and 'sandbox="allow-scripts"' in frame
    assert "<script" not in frame
    assert BeautifulSoup(frame, "html.parser").iframe["srcdoc"] == view.html


def test_knowledge_graph_repr_html_is_a_table(kg):
    html = kg._repr_html_()
    assert html.startswith("<table>") and "<td>Company</td>" in html


# -- content ----------------------------------------------------------------------------------
def test_whole_view_draws_every_entity_and_fact(kg, builder):
    g = kg.to_networkx()
    view = builder.whole()
    data = page_data(view.html)
    assert (view.node_count, view.edge_count) == (g.number_of_nodes(), g.number_of_edges())
    assert {n["id"] for n in data["nodes"]} == set(g)
    assert sorted((e["from"], e["to"]) for e in data["edges"]) == sorted(g.edges())
    assert view.summary is None and 'id="kg-notice"' not in view.html


def test_same_graph_same_bytes(kg):
    first = ViewBuilder(kg).whole().html
    again = ViewBuilder(KnowledgeGraph.from_seeds(corpus_dir=None)).whole().html
    assert first == again


def test_nodes_are_styled_by_class_and_the_legend_lists_them(builder):
    data = page_data(builder.whole().html)
    by_id = {n["id"]: n for n in data["nodes"]}
    zizhu = by_id["https://w3id.org/techpark-kg/id/park/zizhu-high-tech-zone"]
    assert (zizhu["category"], zizhu["shape"]) == ("park", "dot")
    actor_shapes = {c.shape for c in CATEGORIES if c.role == "actor"}
    connector_shapes = {c.shape for c in CATEGORIES if c.role == "connector"}
    assert actor_shapes.isdisjoint(connector_shapes)
    soup = BeautifulSoup(builder.whole().html, "html.parser")
    legend = [box["data-category"] for box in soup.select("#kg-legend input[data-category]")]
    assert {"park", "company", "government", "place", "agreement", "project", "event"} <= set(legend)
    assert set(legend) == {n["category"] for n in data["nodes"]}


def test_edges_carry_property_labels_and_sources(builder):
    edges = page_data(builder.whole().html)["edges"]
    located = [e for e in edges if e["label"] == "located in"]
    assert located and all("Sources: " in e["title"] for e in located)
    assert all(e["arrows"] == "to" for e in edges)


def test_tooltip_has_type_key_facts_and_sources(kg, builder):
    iri = kg.entity("NetEase Shanghai park construction project").iri
    tip = builder.graph.nodes[iri]["tooltip"]
    assert "Type: InvestmentProject" in tip
    assert "5,000,000,000 CNY" in tip and "US$ 787,200,000" in tip  # amount with the stated US$ figure
    assert "broke ground in: 2020" in tip and "status: under construction" in tip
    assert "Sources: netease-qingpu-park-2022-01-25" in tip


def test_physics_is_bounded_and_positions_come_from_python(builder):
    data = page_data(builder.whole().html)
    physics = data["options"]["physics"]
    assert physics["stabilization"]["iterations"] <= 150
    assert all(isinstance(n["x"], int) and isinstance(n["y"], int) for n in data["nodes"])


# -- selections -------------------------------------------------------------------------------
def test_entity_view_depth(kg, builder):
    g = kg.to_networkx()
    iri = kg.entity("NetEase").iri
    assert builder.entity("NetEase", depth=0).node_count == 1
    neighbours = set(nx.all_neighbors(g, iri)) | {iri}
    one = builder.entity("NetEase", depth=1)
    assert {n["id"] for n in page_data(one.html)["nodes"]} == neighbours
    assert builder.entity("NetEase", depth=2).node_count > one.node_count


def test_source_view_holds_only_that_article(builder):
    doc = "netease-qingpu-park-2022-01-25"
    view = builder.source(doc)
    edges = page_data(view.html)["edges"]
    assert edges and all(doc in e["title"] for e in edges)
    assert view.title == builder.sources()[doc]


def test_place_view_holds_what_is_located_in_it(kg, builder):
    ids = {n["id"] for n in page_data(builder.place("Qingpu").html)["nodes"]}
    assert kg.entity("Qingpu").iri in ids
    assert kg.entity("NetEase Shanghai International Culture and Innovation Science and Technology Park").iri in ids
    assert kg.entity("NetEase Shanghai eSport Hall").iri in ids  # part of the park, so in Qingpu too
    assert kg.entity("Chongqing High-tech Zone").iri not in ids


def test_query_views(kg, builder):
    construct = builder.query("CONSTRUCT { ?c tp:presentIn ?p } WHERE { ?c tp:presentIn ?p }")
    edges = page_data(construct.html)["edges"]
    assert edges and {e["label"] for e in edges} == {"present in"}
    rows = kg.query("SELECT ?c ?p WHERE { ?c tp:presentIn ?p }")
    select = builder.query("SELECT ?c ?p WHERE { ?c tp:presentIn ?p }")
    assert {n["id"] for n in page_data(select.html)["nodes"]} == {v for r in rows for v in r.values()}
    with pytest.raises(ViewError, match="ASK"):
        builder.query("ASK { ?s ?p ?o }")


def test_view_errors(builder):
    with pytest.raises(EntityNotFound):
        builder.entity("No Such Park Anywhere")
    with pytest.raises(ViewError, match="not a place"):
        builder.place("NetEase")
    with pytest.raises(ViewError, match="known: chongqing"):
        builder.source("no-such-article")
    with pytest.raises(ViewError, match="depth"):
        builder.entity("NetEase", depth=-1)
    with pytest.raises(ViewError, match="view_node_cap"):
        ViewBuilder(builder.kg, node_cap=0)


# -- large graphs -----------------------------------------------------------------------------
def test_large_graph_is_summarised_and_says_what_was_left_out():
    g = synthetic_graph(5000, seed=3)
    view = render_view(g, "Synthetic", node_cap=500)
    assert view.node_count == 500 and view.summary is not None
    assert view.summary.total_nodes == 5000 and view.summary.omitted_nodes == 4500
    assert sum(n for _, n in view.summary.omitted_by_category) == 4500
    notice = BeautifulSoup(view.html, "html.parser").find(id="kg-notice").get_text()
    assert "4,500 entities" in notice and "PageRank" in notice
    assert page_data(view.html)["options"]["physics"]["enabled"] is False


def test_summary_keeps_pinned_nodes_and_caps_edges():
    g = synthetic_graph(1000, seed=5)
    leaf = min(g, key=lambda n: (g.degree(n), n))
    small, summary = summarise(g, node_cap=50, edge_cap=40, keep=(leaf,))
    assert leaf in small and small.number_of_nodes() == 50 and small.number_of_edges() <= 40
    assert summary.kept_edges == small.number_of_edges()


def test_node_cap_setting_reaches_the_views(kg):
    capped = KnowledgeGraph(kg.dataset, Settings(view_node_cap=20))
    view = capped.view_graph()
    assert view.node_count == 20 and "Summarised" in view.html


# -- API and CLI ------------------------------------------------------------------------------
def test_api_writes_files(kg, tmp_path):
    view = kg.view_entity("NetEase", path=tmp_path / "n.html")
    assert (tmp_path / "n.html").read_text(encoding="utf-8") == view.html
    assert kg.view_source("netease-qingpu-park-2022-01-25").node_count > 0


@pytest.fixture(scope="module")
def built(kg, tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("build")
    kg.write_build(folder)
    return folder


def test_cli_view_commands(cli, built, tmp_path):
    r = cli("view", "entity", "NetEase", "--depth", "2", "--build-dir", built)
    assert r.code == 0 and (built / "views" / "entity-netease.html").is_file(), r.err
    assert "entities" in r.out
    query = tmp_path / "present.rq"
    query.write_text("CONSTRUCT { ?c tp:presentIn ?p } WHERE { ?c tp:presentIn ?p }")
    r = cli("view", "query", query, "-o", tmp_path / "q.html", "--build-dir", built)
    assert r.code == 0 and (tmp_path / "q.html").is_file(), r.err
    r = cli("view", "graph", "--cap", "30", "-o", tmp_path / "g.html", "--build-dir", built)
    assert r.code == 0 and "Summarised" in r.out
    assert cli("view", "place", "Qingpu", "--build-dir", built).code == 0
    assert cli("view", "source", "netease-qingpu-park-2022-01-25", "--build-dir", built).code == 0


def test_cli_view_errors(cli, built):
    r = cli("view", "entity", "Nobody At All", "--build-dir", built)
    assert r.code == EntityNotFound.exit_code and "No entity" in r.err
    r = cli("view", "place", "NetEase", "--build-dir", built)
    assert r.code == ViewError.exit_code and "not a place" in r.err
    r = cli("view", "query", "ASK { ?s ?p ?o }", "--build-dir", built)
    assert r.code == ViewError.exit_code


def test_build_writes_the_index_and_its_views(cli, tmp_path):
    r = cli("build", "--build-dir", tmp_path)
    assert r.code == 0, r.err
    index = tmp_path / "views" / "index.html"
    soup = BeautifulSoup(index.read_text(encoding="utf-8"), "html.parser")
    hrefs = [a["href"] for a in soup.find_all("a")]
    assert "graph.html" in hrefs
    assert sum(h.startswith("source-") for h in hrefs) == 5
    assert "park-zizhu-high-tech-zone.html" in hrefs
    assert all((tmp_path / "views" / h).is_file() for h in hrefs)
