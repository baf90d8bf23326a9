"""The explorer pages over real HTTP: content, links that resolve, escaping, offline HTML, views in iframes."""

from __future__ import annotations

from urllib.parse import urljoin, urlsplit

import httpx
import pytest
from bs4 import BeautifulSoup
from rdflib import Literal, URIRef

from kg import KnowledgeGraph
from kg.namespaces import GRAPH, RDF, SKOS, TP
from kg.server import BackgroundServer, ServerConfig

NETEASE = "/id/company/netease"
EVIL = '<script>alert("x")</script><img src=x onerror=alert(1)>'


@pytest.fixture(scope="module")
def http(kg_server):
    with httpx.Client(base_url=kg_server.url, timeout=60, headers={"accept": "text/html"}) as client:
        yield client


def soup(response) -> BeautifulSoup:
    assert response.status_code == 200, (response.url, response.status_code, response.text[:300])
    assert response.headers["content-type"].startswith("text/html")
    return BeautifulSoup(response.text, "html.parser")


def test_query_page_lists_the_library_and_loads_the_vendored_editor(http):
    page = soup(http.get("/"))
    scripts = [s["src"] for s in page.find_all("script", src=True)]
    assert scripts == ["/static/yasgui/yasgui.min.js", "/static/explorer.js"]
    assert http.get("/static/yasgui/yasgui.min.js").status_code == 200
    examples = page.select("#kg-examples button.example")
    assert len(examples) >= 10
    initial = page.select_one("#kg-initial").string
    assert initial == '""'


def test_query_page_prefills_a_shared_query_escaped(http):
    page = http.get("/", params={"query": "SELECT * WHERE { ?s ?p '</script><b>x' }"})
    assert page.status_code == 200
    assert "</script><b>x" not in page.text
    assert "\\u003c/script\\u003e\\u003cb\\u003ex" in page.text


def test_entity_page_shows_names_types_facts_sources_and_graph(http):
    page = soup(http.get(NETEASE))
    assert page.select_one("#kg-entity-label").text == "NetEase"
    assert "NetEast" in page.select_one("#kg-aliases").text
    assert [a.text for a in page.select("a.type")] == ["Company"]
    sources = [h.a["href"] for h in page.select("section.facts h3")]
    assert sources == ["/source/netease-qingpu-park-2022-01-25"]
    assert page.select("span.span")  # evidence offsets
    neighbours = [a["href"] for a in page.select("#kg-neighbours a")]
    assert "/id/industry/esports" in neighbours and len(neighbours) >= 4
    frame = page.select_one("iframe#kg-entity-graph")["src"]
    view = http.get(frame)
    assert view.status_code == 200 and "NetEase" in view.text
    assert "'sha256-" in view.headers["content-security-policy"]


def test_entity_page_by_alias_search(http):
    page = soup(http.get("/search", params={"q": "neteast"}))
    hits = page.select("#kg-hits a")
    assert hits[0]["href"] == NETEASE
    assert http.get("/search", params={"q": "zizhu", "format": "json"}).json()[0]["href"].startswith("/id/park/")
    assert soup(http.get("/search", params={"q": "no such thing at all"})).select("#kg-hits a") == []


def test_unknown_entity_is_404_with_suggestions(http):
    r = http.get("/id/company/netees")
    assert r.status_code == 404 and "netees" in r.text


def test_source_pages(http, kg):
    page = soup(http.get("/sources"))
    links = [a["href"] for a in page.select("#kg-sources a") if a["href"].startswith("/source/")]
    assert len(links) == 5
    one = soup(http.get(links[0]))
    assert one.select("iframe.graph") and one.select("table.meta tr")
    assert http.get("/source/no-such-article").status_code == 404


def test_ontology_pages(http):
    page = soup(http.get("/ontology"))
    assert page.select_one("#kg-class-tree a[href='/ontology/Park']")
    assert len(page.select("#kg-properties tbody tr")) >= 20
    park = soup(http.get("/ontology/Company"))
    assert any(a["href"] == NETEASE for a in park.select("#kg-instances a"))
    assert "statements" in soup(http.get("/ontology/investor")).text
    assert http.get("/ontology/Nothing").status_code == 404
    assert http.get("/ontology.ttl").headers["content-type"].startswith("text/turtle")


def test_every_link_resolves_and_nothing_loads_from_other_hosts(http):
    """Crawl the explorer from the front page: every internal link answers 200; no src/href leaves the host."""
    seen, queue, pages = set(), ["/"], 0
    while queue and pages < 250:
        path = queue.pop(0)
        if path in seen:
            continue
        seen.add(path)
        page = soup(http.get(path))
        pages += 1
        for tag in page.find_all(["a", "script", "link", "iframe", "img", "form"]):
            target = tag.get("href") or tag.get("src") or tag.get("action")
            if not target:
                continue
            parts = urlsplit(target)
            assert not parts.scheme and not parts.netloc, f"{path} links outside: {target}"
            full = urljoin(path, target)
            if tag.name == "a" and not full.startswith(("/static/", "/view/", "/ontology.ttl")) and full not in seen:
                queue.append(full.split("#")[0])
    assert pages >= 100


def test_views_answer_in_iframes(http):
    assert http.get("/view/source/netease-qingpu-park-2022-01-25").status_code == 200
    r = http.get("/view/query", params={"query": "SELECT ?c WHERE { ?c a tp:Company }"})
    assert r.status_code == 200 and "kg-network" in r.text
    assert http.get("/view/query", params={"query": "ASK { ?s ?p ?o }"}).status_code == 400
    assert http.get("/view/query", params={"query": "CLEAR ALL"}).status_code == 400


def test_data_and_echoed_text_are_escaped():
    kg = KnowledgeGraph.from_seeds(corpus_dir=None, validate=False)
    graph = kg.dataset.graph(GRAPH["netease-qingpu-park-2022-01-25"])
    evil = URIRef("https://w3id.org/techpark-kg/id/company/evil")
    graph.add((evil, RDF.type, TP.Company))
    graph.add((evil, SKOS.prefLabel, Literal(EVIL)))
    graph.add((URIRef("https://w3id.org/techpark-kg/id/company/netease"), SKOS.altLabel, Literal(EVIL)))
    config = ServerConfig.from_settings(kg.settings, timeout=5)
    with BackgroundServer(kg, config) as server, httpx.Client(base_url=server.url, headers={"accept": "text/html"}) as c:
        pages = [c.get("/id/company/evil"), c.get(NETEASE), c.get("/search", params={"q": "script"}),
                 c.get("/ontology/Company"), c.get("/source/netease-qingpu-park-2022-01-25"),
                 c.get("/search", params={"q": EVIL}), c.get("/id/" + EVIL), c.get("/ontology/<img src=x onerror=alert(1)>")]
        for r in pages:
            assert r.headers["content-type"].startswith("text/html")
            assert "<script>alert" not in r.text and "<img src=x" not in r.text, r.url
        assert "&lt;script&gt;alert" in pages[0].text and "&lt;script&gt;alert" in pages[2].text
        assert pages[6].status_code == 404 and "&lt;script&gt;" in pages[6].text
        err = c.get("/sparql", params={"query": "SELECT * WHERE { " + EVIL}, headers={"accept": "*/*"})
        assert err.status_code == 400 and err.headers["content-type"].startswith("text/plain")
        view = c.get("/view/entity", params={"iri": str(evil)})
        assert view.status_code == 200 and "<script>alert" not in view.text
