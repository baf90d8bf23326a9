"""Views in real headless Chromium: each kind loads cleanly, draws the graph's counts, and runs no injected code."""

from __future__ import annotations

from pathlib import Path

import pytest

from browser import ARTIFACTS, chromium_executable, launch, open_page
from kg import KnowledgeGraph
from kg.views import render_view
from kg.views.synthetic import synthetic_graph
from test_views import PAYLOADS, malicious_graph

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(chromium_executable() is None, reason="chromium is not installed"),
]


@pytest.fixture(scope="module")
def browser():
    with launch() as b:
        yield b


@pytest.fixture(scope="module")
def pages(kg, tmp_path_factory) -> dict[str, tuple[Path, object]]:
    """One page of each kind, with the View that made it."""
    folder = tmp_path_factory.mktemp("browser-views")
    views = {
        "graph": kg.view_graph(),
        "entity": kg.view_entity("Zizhu National High-Tech Zone", depth=1),
        "query": kg.view_query("CONSTRUCT { ?c tp:presentIn ?p } WHERE { ?c tp:presentIn ?p }"),
        "source": kg.view_source("yrd-digital-city-cluster-2022-07-14"),
        "place": kg.view_place("Qingpu"),
        "summarised": render_view(synthetic_graph(5000, seed=3), "Synthetic 5,000 entities"),
    }
    out = {kind: (view.write(folder / f"{kind}.html"), view) for kind, view in views.items()}
    kg.write_views(folder / "site")
    return out


@pytest.mark.parametrize("kind", ["graph", "entity", "query", "source", "place", "summarised"])
def test_view_loads_and_draws_the_graph(browser, pages, kind):
    path, view = pages[kind]
    page, context, report = open_page(browser, path, screenshot=ARTIFACTS / f"view-{kind}.png")
    try:
        assert report.console_errors == [] and report.page_errors == []
        assert report.blocked_requests == []  # nothing but file: and data: was asked for
        assert (report.drawn_nodes, report.drawn_edges) == (view.node_count, view.edge_count)
        assert (report.dataset_nodes, report.dataset_edges) == (view.node_count, view.edge_count)
        assert view.node_count > 0
        assert page.locator("#kg-legend li").count() >= 1
        assert page.evaluate("() => window.kgView.network.physics.physicsEnabled") is False  # settled, stopped
        if kind == "summarised":
            assert "4,500 entities" in page.locator("#kg-notice").inner_text()
    finally:
        context.close()


def test_index_links_open_views(browser, pages):
    index = pages["graph"][0].parent / "site" / "index.html"
    page, context, report = open_page(browser, index, screenshot=ARTIFACTS / "view-index.png")
    try:
        assert report.console_errors == [] and report.blocked_requests == []
        hrefs = page.eval_on_selector_all("a", "els => els.map(e => e.getAttribute('href'))")
        assert "graph.html" in hrefs and len(hrefs) >= 7
        page.click("a[href='park-zizhu-high-tech-zone.html']")
        page.wait_for_function("() => window.kgView && window.kgView.ready === true")
        assert page.locator("h1").inner_text() == "Zizhu National High-Tech Zone"
    finally:
        context.close()


def test_search_and_class_filter(browser, pages):
    page, context, _ = open_page(browser, pages["graph"][0])
    try:
        page.fill("#kg-search", "netease")
        assert "match" in page.locator("#kg-search-status").inner_text()
        selected = page.evaluate("() => window.kgView.network.getSelectedNodes()")
        assert "https://w3id.org/techpark-kg/id/company/netease" in selected
        before = page.evaluate("() => window.kgView.nodes.get({filter: n => !n.hidden}).length")
        page.uncheck("#kg-legend input[data-category='industry']")
        after = page.evaluate("() => window.kgView.nodes.get({filter: n => !n.hidden}).length")
        industries = page.evaluate("() => window.kgView.nodes.get({filter: n => n.category === 'industry'}).length")
        assert industries > 0 and after == before - industries
    finally:
        context.close()


def _hover_tooltip(page, node_id: str) -> tuple[str, int]:
    """Hover a node; return the tooltip's text and how many elements other than line breaks it holds."""
    point = page.evaluate("""id => {
        const net = window.kgView.network; const p = net.getPositions([id])[id];
        const dom = net.canvasToDOM(p); const box = document.querySelector('#kg-network canvas').getBoundingClientRect();
        return {x: box.left + dom.x, y: box.top + dom.y}; }""", node_id)
    page.mouse.move(point["x"], point["y"])
    page.wait_for_selector("div.vis-tooltip", state="visible", timeout=5000)
    return (page.locator("div.vis-tooltip").inner_text(),
            page.evaluate("() => document.querySelector('div.vis-tooltip').querySelectorAll('*:not(br)').length"))


def test_malicious_labels_run_nothing_and_show_as_text(browser, tmp_path):
    view = render_view(malicious_graph(), PAYLOADS[0], subtitle=PAYLOADS[1], links=[(PAYLOADS[2], "x.html")])
    path = view.write(tmp_path / "xss.html")
    page, context, report = open_page(browser, path, screenshot=ARTIFACTS / "view-xss.png")
    try:
        assert report.dialogs == [] and report.page_errors == [] and report.console_errors == []
        assert page.evaluate("() => typeof window.__pwned") == "undefined"
        assert page.locator("h1").inner_text() == PAYLOADS[0]
        assert page.locator("#kg-subtitle").inner_text() == PAYLOADS[1]
        assert page.locator("img").count() == 0 and page.locator("script").count() == 3
        labels = page.evaluate("() => window.kgView.nodes.get().map(n => n.label)")
        assert set(PAYLOADS) <= set(labels)
        page.fill("#kg-search", "<img")
        assert page.locator("#kg-search-status").inner_text() == "1 match"
        text, elements = _hover_tooltip(page, "urn:x:1")
        assert PAYLOADS[1] in text and elements == 0
        assert page.evaluate("() => typeof window.__pwned") == "undefined" and report.dialogs == []
    finally:
        context.close()


def test_malicious_seed_labels_through_the_whole_pipeline(browser, seed_copy, tmp_path):
    seed = seed_copy / "netease-qingpu-park-2022-01-25.yaml"
    text = seed.read_text(encoding="utf-8")
    assert "  label: NetEase\n" in text
    seed.write_text(text.replace("  label: NetEase\n", f"  label: '{PAYLOADS[0]}'\n", 1), encoding="utf-8")
    kg = KnowledgeGraph.from_seeds(seed_copy, corpus_dir=None)
    view = kg.view_entity(PAYLOADS[0], path=tmp_path / "netease.html")
    page, context, report = open_page(browser, tmp_path / "netease.html")
    try:
        assert report.dialogs == [] and report.page_errors == []
        assert page.evaluate("() => typeof window.__pwned") == "undefined"
        assert page.locator("h1").inner_text() == PAYLOADS[0]
        text, elements = _hover_tooltip(page, "https://w3id.org/techpark-kg/id/company/netease")
        assert text.startswith(PAYLOADS[0]) and elements == 0
        assert view.node_count == report.drawn_nodes
    finally:
        context.close()
