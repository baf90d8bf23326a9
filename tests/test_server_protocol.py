"""`kg serve` over real HTTP: the SPARQL 1.1 Protocol tests that apply to a read-only endpoint, content
negotiation, safety limits and headers. The server is uvicorn on 127.0.0.1 (fixture ``kg_server``)."""

from __future__ import annotations

import csv
import io
import json
import threading
import time

import httpx
import pytest
from rdflib import Graph

from kg.server import BackgroundServer, ServerConfig
from kg.server.protocol import negotiate, parse_request
from kg.errors import NotAcceptable, ProtocolError

COMPANIES = "SELECT ?c WHERE { ?c a tp:Company } ORDER BY ?c"
FORM = {"content-type": "application/x-www-form-urlencoded"}
DIRECT = {"content-type": "application/sparql-query"}
GRAPH_BASE = "https://w3id.org/techpark-kg/graph/"
NETEASE_GRAPH = GRAPH_BASE + "netease-qingpu-park-2022-01-25"


@pytest.fixture(scope="module")
def http(kg_server):
    with httpx.Client(base_url=kg_server.url, timeout=30) as client:
        yield client


def companies(response) -> list[str]:
    assert response.status_code == 200, response.text
    return [b["c"]["value"] for b in response.json()["results"]["bindings"]]


@pytest.fixture(scope="module")
def expected_companies(kg) -> list[str]:
    rows = kg.query(COMPANIES)
    assert len(rows) >= 10
    return [r["c"] for r in rows]


# -- W3C SPARQL 1.1 Protocol: query operations -------------------------------------------------------

def test_query_get(http, expected_companies):
    assert companies(http.get("/sparql", params={"query": COMPANIES})) == expected_companies


def test_query_post_form(http, expected_companies):
    assert companies(http.post("/sparql", data={"query": COMPANIES})) == expected_companies


def test_query_post_direct(http, expected_companies):
    r = http.post("/sparql", content=COMPANIES.encode(), headers=DIRECT)
    assert companies(r) == expected_companies


def test_query_post_direct_with_charset(http, expected_companies):
    r = http.post("/sparql", content=COMPANIES.encode(), headers={"content-type": "application/sparql-query; charset=UTF-8"})
    assert companies(r) == expected_companies


def test_dataset_default_graph(http):
    q = "SELECT DISTINCT ?c WHERE { ?c a tp:Company }"
    everywhere = companies(http.get("/sparql", params={"query": q}))
    one = companies(http.get("/sparql", params={"query": q, "default-graph-uri": NETEASE_GRAPH}))
    assert 0 < len(one) < len(everywhere)
    assert "https://w3id.org/techpark-kg/id/company/netease" in one


def test_dataset_named_graphs(http):
    q = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"
    r = http.post("/sparql", data={"query": q, "named-graph-uri": [NETEASE_GRAPH, GRAPH_BASE + "ontology"]})
    assert r.status_code == 200, r.text
    assert sorted(b["g"]["value"] for b in r.json()["results"]["bindings"]) == [GRAPH_BASE + "netease-qingpu-park-2022-01-25", GRAPH_BASE + "ontology"]


def test_protocol_dataset_overrides_from(http):
    q = f"SELECT (COUNT(*) AS ?n) FROM <{GRAPH_BASE}ontology> WHERE {{ ?c a tp:Company }}"
    plain = http.get("/sparql", params={"query": q}).json()["results"]["bindings"][0]["n"]["value"]
    over = http.get("/sparql", params={"query": q, "default-graph-uri": NETEASE_GRAPH}).json()
    assert plain == "0" and int(over["results"]["bindings"][0]["n"]["value"]) >= 1


def test_unknown_dataset_graph_is_400(http):
    r = http.get("/sparql", params={"query": COMPANIES, "default-graph-uri": "file:///etc/passwd"})
    assert r.status_code == 400 and "names no graph" in r.text


@pytest.mark.parametrize("accept, media, check", [
    ("application/sparql-results+json", "application/sparql-results+json", lambda b: json.loads(b)["head"]["vars"] == ["c"]),
    ("application/sparql-results+xml", "application/sparql-results+xml", lambda b: b.startswith(b"<?xml") and b"<variable name=\"c\"/>" in b),
    ("text/csv", "text/csv", lambda b: next(csv.reader(io.StringIO(b.decode()))) == ["c"]),
    ("text/tab-separated-values", "text/tab-separated-values", lambda b: b.decode().splitlines()[0] == "?c"),
    ("application/json", "application/json", lambda b: "results" in json.loads(b)),
    ("text/html;q=0.9, text/csv;q=0.8", "text/csv", lambda b: b.startswith(b"c\n")),
    ("*/*", "application/sparql-results+json", lambda b: "results" in json.loads(b)),
])
def test_select_content_types(http, accept, media, check):
    r = http.get("/sparql", params={"query": COMPANIES}, headers={"accept": accept})
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].split(";")[0] == media
    assert check(r.content)
    assert "Accept" in r.headers["vary"]


def test_ask_content_types(http):
    q = "ASK { ?c a tp:Company }"
    assert http.get("/sparql", params={"query": q}).json() == {"head": {}, "boolean": True}
    xml = http.get("/sparql", params={"query": q}, headers={"accept": "application/sparql-results+xml"}).text
    assert "<boolean>true</boolean>" in xml


@pytest.mark.parametrize("accept, media, rdf_format", [
    ("text/turtle", "text/turtle", "turtle"),
    ("application/n-triples", "application/n-triples", "nt"),
    ("application/ld+json", "application/ld+json", "json-ld"),
    ("application/rdf+xml", "application/rdf+xml", "xml"),
])
def test_construct_and_describe_content_types(http, accept, media, rdf_format):
    iri = "https://w3id.org/techpark-kg/id/company/netease"
    for q in (f"CONSTRUCT {{ <{iri}> ?p ?o }} WHERE {{ <{iri}> ?p ?o }}", f"DESCRIBE <{iri}>"):
        r = http.get("/sparql", params={"query": q}, headers={"accept": accept})
        assert r.status_code == 200, r.text
        assert r.headers["content-type"].split(";")[0] == media
        g = Graph().parse(data=r.content, format=rdf_format)
        assert len(g) >= 3


def test_format_parameter(http):
    r = http.get("/sparql", params={"query": COMPANIES, "format": "csv"})
    assert r.headers["content-type"].startswith("text/csv")
    assert http.get("/sparql", params={"query": COMPANIES, "format": "turtle"}).status_code == 406


# -- protocol errors: 400 with a readable message, 406, 405, 413 ------------------------------------------

@pytest.mark.parametrize("method, kwargs, words", [
    ("GET", {"params": [("query", COMPANIES), ("query", COMPANIES)]}, "2 query parameters"),
    ("POST", {"data": {"query": COMPANIES, "update": "CLEAR ALL"}}, "both a query and an update"),
    ("POST", {"content": COMPANIES.encode(), "headers": {"content-type": "text/plain"}}, "Content-Type text/plain"),
    ("POST", {"content": ("query=" + COMPANIES).encode()}, "Content-Type none"),
    ("POST", {"content": b"SELECT * WHERE { ?s ?p \xff\xfe }", "headers": DIRECT}, "not valid UTF-8"),
    ("POST", {"content": b"query=SELECT%20%FF", "headers": FORM}, "not valid UTF-8"),
    ("POST", {"content": COMPANIES.encode(), "headers": {"content-type": "application/sparql-query; charset=latin-1"}}, "charset"),
    ("GET", {"params": {"query": "SELECT ?x WHERE { ?x ?p }"}}, "line 1"),
    ("GET", {"params": {"query": "   "}}, "empty"),
    ("GET", {"params": {"other": "1"}}, "No query"),
    ("POST", {"content": COMPANIES.encode(), "headers": DIRECT, "params": {"query": COMPANIES}}, "request body"),
    ("GET", {"params": {"update": "CLEAR ALL"}}, "POST"),
])
def test_bad_requests_are_400(http, method, kwargs, words):
    r = http.request(method, "/sparql", **kwargs)
    assert r.status_code == 400, (r.status_code, r.text)
    assert words in r.text
    assert r.headers["content-type"].startswith("text/plain")


def test_syntax_error_names_line_and_column(http):
    r = http.post("/sparql", data={"query": "SELECT ?x\nWHERE {\n  ?x tp:name ?n\n  FILTER(\n}"})
    assert r.status_code == 400
    assert "line" in r.text and "column" in r.text


def test_unsupported_accept_is_406(http):
    r = http.get("/sparql", params={"query": COMPANIES}, headers={"accept": "image/png"})
    assert r.status_code == 406 and "application/sparql-results+json" in r.text
    r = http.get("/sparql", params={"query": "DESCRIBE <urn:x>"}, headers={"accept": "text/csv"})
    assert r.status_code == 406


def test_other_methods_are_refused(http):
    assert http.put("/sparql", content=COMPANIES.encode(), headers=DIRECT).status_code == 405
    assert http.delete("/sparql").status_code == 405


def test_body_cap_is_413(http):
    big = "SELECT * WHERE { ?s ?p ?o } #" + "x" * 200_000
    assert http.post("/sparql", content=big.encode(), headers=DIRECT).status_code == 413
    assert http.post("/sparql", data={"query": big}).status_code == 413


# -- safety --------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("update", [
    "CLEAR ALL", "INSERT DATA { <urn:a> <urn:b> <urn:c> }", "LOAD <http://example.org/data.ttl>",
    "DROP GRAPH <https://w3id.org/techpark-kg/graph/ontology>",
])
def test_updates_refused_by_default(http, kg, update):
    before = len(kg.store)
    for r in (http.post("/sparql", data={"update": update}),
              http.post("/sparql", content=update.encode(), headers={"content-type": "application/sparql-update"})):
        assert r.status_code == 403 and "read-only" in r.text
    r = http.post("/sparql", data={"query": update})
    assert r.status_code == 400 and ("update" in r.text or "LOAD" in r.text)
    assert len(kg.store) == before


@pytest.mark.parametrize("query, words", [
    ("SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }", "SERVICE"),
    ("SELECT * FROM <http://example.org/data.ttl> WHERE { ?s ?p ?o }", "FROM <http://example.org/data.ttl>"),
    ("SELECT * FROM NAMED <file:///etc/passwd> WHERE { GRAPH ?g { ?s ?p ?o } }", "file:///etc/passwd"),
])
def test_remote_access_refused(http, query, words):
    r = http.get("/sparql", params={"query": query})
    assert r.status_code == 400 and words in r.text and "refused" in r.text


def test_row_cap_marks_truncation(http):
    r = http.get("/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o }", "format": "csv"})
    assert r.status_code == 200
    assert r.headers["x-truncated"] == "true" and r.headers["x-row-cap"] == "1000"
    assert len(r.text.splitlines()) == 1001
    small = http.get("/sparql", params={"query": COMPANIES})
    assert "x-truncated" not in small.headers


def test_security_headers_on_every_response(http):
    for path in ("/sparql?query=ASK%7B%7D", "/", "/nowhere", "/static/explorer.css"):
        r = http.get(path)
        assert "default-src 'self'" in r.headers["content-security-policy"]
        assert "frame-ancestors 'self'" in r.headers["content-security-policy"]
        assert r.headers["x-content-type-options"] == "nosniff"
        assert r.headers["x-frame-options"] == "SAMEORIGIN"
        assert r.headers["referrer-policy"] == "no-referrer"
        assert "server" not in r.headers


def test_binds_loopback_by_default(kg_server):
    assert kg_server.host == "127.0.0.1"


def test_slow_query_times_out_and_others_are_served(http, expected_companies):
    slow = "SELECT ?a WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
    box = {}

    def run_slow():
        t0 = time.monotonic()
        box["response"] = httpx.get(http.base_url.join("/sparql"), params={"query": slow}, timeout=30)
        box["seconds"] = time.monotonic() - t0

    worker = threading.Thread(target=run_slow)
    worker.start()
    time.sleep(0.3)
    t0 = time.monotonic()
    assert companies(http.get("/sparql", params={"query": COMPANIES})) == expected_companies
    assert time.monotonic() - t0 < 1.5  # answered while the slow query was still running
    worker.join(30)
    assert box["response"].status_code == 503
    assert "time limit of 2 s" in box["response"].text
    assert box["seconds"] < 20  # the join has ~10^11 rows: it was stopped, not finished (slack for a busy machine)
    assert companies(http.get("/sparql", params={"query": COMPANIES})) == expected_companies


# -- updates with the flag and the token ------------------------------------------------------------------------

def test_update_needs_flag_and_token(tmp_path):
    from kg import KnowledgeGraph

    from kg.errors import ConfigError

    kg = KnowledgeGraph.from_seeds(corpus_dir=None, validate=False)
    with pytest.raises(ConfigError, match="token"):
        ServerConfig(allow_update=True).checked()
    config = ServerConfig.from_settings(kg.settings, allow_update=True, token="s3cret")
    ask = {"query": "ASK { <urn:x:a> <urn:x:b> <urn:x:c> }"}
    update = "INSERT DATA { GRAPH <urn:x:g> { <urn:x:a> <urn:x:b> <urn:x:c> } }"
    with BackgroundServer(kg, config) as server, httpx.Client(base_url=server.url) as client:
        r = client.post("/sparql", data={"update": update})
        assert r.status_code == 401 and r.headers["www-authenticate"] == "Bearer"
        assert client.post("/sparql", data={"update": update}, headers={"authorization": "Bearer nope"}).status_code == 401
        assert client.get("/sparql", params=ask).json()["boolean"] is False
        r = client.post("/sparql", content=update.encode(),
                        headers={"content-type": "application/sparql-update", "authorization": "Bearer s3cret"})
        assert r.status_code == 200, r.text
        assert client.get("/sparql", params=ask).json()["boolean"] is True
        r = client.post("/sparql", data={"update": "LOAD <http://example.org/x.ttl>"},
                        headers={"authorization": "Bearer s3cret"})
        assert r.status_code == 400 and "LOAD is refused" in r.text
        r = client.post("/sparql", data={"update": "INSERT DATA { <urn:a> }"}, headers={"authorization": "Bearer s3cret"})
        assert r.status_code == 400


# -- the protocol rules without a server ----------------------------------------------------------------------

def test_parse_request_rules():
    assert parse_request("POST", "application/sparql-update", [], b"CLEAR ALL").operation == "update"
    with pytest.raises(ProtocolError, match="exactly one"):
        parse_request("POST", "application/x-www-form-urlencoded", [("query", "ASK {}")], b"query=ASK%20%7B%7D")
    with pytest.raises(ProtocolError, match="PATCH"):
        parse_request("PATCH", "", [("query", "ASK {}")], b"")


def test_negotiate_prefers_quality_then_specificity():
    assert negotiate("text/*;q=0.9, text/xml;q=0.1, text/tab-separated-values;q=0.2", "SELECT")[0] == "csv"
    assert negotiate("application/*;q=0.5, application/x-turtle;q=0", "CONSTRUCT")[0] == "nt"
    assert negotiate("text/turtle;q=0, */*;q=0.1", "CONSTRUCT")[0] == "nt"
    with pytest.raises(NotAcceptable):
        negotiate("text/turtle", "ASK")


# -- a bounded load test (the benchmark runs 50 clients for 30 s) ------------------------------------------------

@pytest.mark.slow
def test_bounded_load_sees_correct_answers(kg_server, expected_companies):
    clients, seconds = 20, 3.0
    stop = time.monotonic() + seconds
    counts = {"ok": 0, "bad": []}
    lock = threading.Lock()

    def client(i: int) -> None:
        with httpx.Client(base_url=kg_server.url, timeout=30) as c:
            while time.monotonic() < stop:
                if i % 2:
                    r = c.get("/sparql", params={"query": COMPANIES})
                else:
                    r = c.post("/sparql", content=COMPANIES.encode(), headers=DIRECT)
                good = r.status_code == 200 and companies(r) == expected_companies
                with lock:
                    if good:
                        counts["ok"] += 1
                    else:
                        counts["bad"].append((r.status_code, r.text[:200]))

    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert counts["bad"] == []
    assert counts["ok"] >= clients
