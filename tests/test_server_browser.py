"""The explorer in headless Chromium (Debian's, via Playwright): run a query from the page, open an entity page,
see its graph, follow a link. Requests to any other host are blocked and counted; CSP violations are errors."""

from __future__ import annotations

from urllib.parse import quote

import pytest

from browser import chromium_executable, launch

pytestmark = [pytest.mark.browser,
              pytest.mark.skipif(chromium_executable() is None, reason="chromium is not installed")]


@pytest.fixture(scope="module")
def browser():
    with launch() as b:
        yield b


@pytest.fixture
def page(browser, kg_server):
    context = browser.new_context()
    pg = context.new_page()
    pg.problems = []
    origin = kg_server.url

    def route(r):
        if r.request.url.startswith(origin):
            r.continue_()
        else:
            pg.problems.append(f"request to another host: {r.request.url}")
            r.abort()

    context.route("**/*", route)
    pg.on("console", lambda m: m.type == "error" and pg.problems.append(f"console: {m.text}"))
    pg.on("pageerror", lambda e: pg.problems.append(f"page error: {e}"))
    pg.origin = origin
    yield pg
    context.close()


def test_run_a_query_from_the_page(page):
    page.goto(page.origin + "/")
    page.wait_for_function("window.kgExplorer && window.kgExplorer.yasqe")
    page.evaluate("window.kgExplorer.yasqe.setValue('PREFIX tp: <https://w3id.org/techpark-kg/ontology#>\\n"
                  "PREFIX skos: <http://www.w3.org/2004/02/skos/core#>\\n"
                  "SELECT ?c ?name WHERE { ?c a tp:Company ; skos:prefLabel ?name } ORDER BY ?name')")
    page.click("#kg-run")
    page.wait_for_selector("body[data-runs='1']", timeout=15000)
    page.wait_for_selector("#kg-yasr table tbody tr")
    table = page.inner_text("#kg-yasr")
    assert "NetEase" in table and "Huawei" in table
    assert page.locator("#kg-yasr table tbody tr").count() >= 10
    assert page.is_hidden("#kg-truncated")
    links = page.eval_on_selector_all("#kg-yasr a[href]", "els => els.map(e => e.getAttribute('href'))")
    assert links and all(h.startswith("/") for h in links), links  # results link to explorer pages
    share = page.get_attribute("#kg-link", "href")
    assert share.startswith(page.origin + "/?query=") and "tp%3ACompany" in share
    page.click("#kg-graph")
    frame = page.frame_locator("#kg-graph-frame")
    frame.locator("body[data-state='ready']").wait_for(timeout=30000)
    assert page.problems == []


def test_a_library_example_and_a_shared_link_run(page):
    page.goto(page.origin + "/")
    page.wait_for_function("window.kgExplorer && window.kgExplorer.yasqe")
    page.locator("button.example").first.click()
    page.wait_for_selector("body[data-runs='1']", timeout=15000)
    assert "error" not in page.inner_text("#kg-status").lower()
    q = "SELECT ?name WHERE { <https://w3id.org/techpark-kg/id/company/netease> skos:prefLabel ?name }"
    page.goto(page.origin + "/?query=" + quote(q))
    page.wait_for_selector("body[data-runs='1']", timeout=15000)
    assert "NetEase" in page.inner_text("#kg-yasr")
    assert page.problems == []


def test_open_an_entity_see_its_graph_and_follow_a_link(page):
    page.goto(page.origin + "/search?q=NetEast")
    page.click("#kg-hits a >> nth=0")
    page.wait_for_url("**/id/company/netease")
    assert page.inner_text("#kg-entity-label") == "NetEase"
    graph = page.frame_locator("#kg-entity-graph")
    graph.locator("body[data-state='ready']").wait_for(timeout=30000)
    frame = next(f for f in page.frames if "/view/entity" in f.url)
    nodes = frame.evaluate("window.kgView.nodes.length")
    assert nodes >= 5
    assert frame.evaluate("document.querySelector('#kg-network canvas') !== null")
    page.click("#kg-neighbours a:text('Esports')")
    page.wait_for_url("**/id/industry/esports")
    assert page.inner_text("#kg-entity-label") == "Esports"
    page.click("a.type")
    page.wait_for_url("**/ontology/*")
    assert page.locator("#kg-instances a").count() >= 1
    assert page.problems == []
