"""Oxigraph load paths (in memory: union by SPARQL INSERT; on disk: a second bulk pass) and the result
conversion: the default graph stays the merge of the named graphs, user files are parsed strictly, and
rdflib terms come back exactly."""

from __future__ import annotations

import pytest
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import XSD

from kg.errors import ConfigError
from kg.store import OxigraphStore

NQ = """<urn:x:a> <urn:x:amount> "5"^^<http://www.w3.org/2001/XMLSchema#integer> <urn:x:g1> .
<urn:x:a> <urn:x:amount> "5"^^<http://www.w3.org/2001/XMLSchema#integer> <urn:x:g2> .
<urn:x:b> <urn:x:amount> "7"^^<http://www.w3.org/2001/XMLSchema#integer> <urn:x:g1> .
<urn:x:b> <urn:x:label> "Bee"@en <urn:x:g2> .
_:n1 <urn:x:label> "plain" <urn:x:g2> .
"""
SUM = "SELECT (SUM(?v) AS ?total) (COUNT(*) AS ?n) WHERE { ?s <urn:x:amount> ?v }"


@pytest.fixture(params=["memory", "disk"])
def store(request, tmp_path):
    made = OxigraphStore(tmp_path / "ox" if request.param == "disk" else None)
    yield made
    made.close()


def test_loaded_file_default_graph_is_the_merge(store, tmp_path):
    path = tmp_path / "d.nq"
    path.write_text(NQ, "utf-8")
    store.load_file(path)
    assert len(store) == 5  # named-graph quads; the union copy is not counted twice
    row = store.query(SUM).rows[0]
    assert (row[0].toPython(), row[1].toPython()) == (12, 2)  # 5 stated by two graphs counts once
    graphs = store.query("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g").rows
    assert [(str(g), n.toPython()) for g, n in graphs] == [("urn:x:g1", 2), ("urn:x:g2", 3)]


def test_triples_file_goes_to_its_own_graph_and_the_default_graph(store, tmp_path):
    path = tmp_path / "t.ttl"
    path.write_text('<urn:x:a> <urn:x:amount> 5 . <urn:x:b> <urn:x:amount> 7 .\n', "utf-8")
    store.load_file(path)
    assert store.query(SUM).rows[0][0].toPython() == 12
    named = store.query("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }").rows
    assert named == [(URIRef(path.resolve().as_uri()),)]


def test_bad_user_file_is_rejected_with_its_line(store, tmp_path):
    path = tmp_path / "bad.nq"
    path.write_text('<urn:x:a> <urn:x:p> <urn:x:o> <urn:x:g> .\n<urn:x:a> <urn:x:p> <not an iri> <urn:x:g> .\n',
                    "utf-8")
    with pytest.raises(ConfigError, match=r"bad\.nq: not valid nquads: .*line 2"):
        store.load_file(path)
    assert not store.holds("anything")


def test_terms_come_back_as_the_same_rdflib_terms(store, tmp_path):
    path = tmp_path / "d.nq"
    path.write_text(NQ, "utf-8")
    store.load_file(path)
    rows = store.query("SELECT ?s ?l ?missing WHERE { ?s <urn:x:label> ?l OPTIONAL { ?s <urn:x:none> ?missing } }"
                       " ORDER BY ?l").rows
    assert rows[0][1:] == (Literal("Bee", lang="en"), None)
    assert isinstance(rows[1][0], BNode) and rows[1][1:] == (Literal("plain"), None)  # xsd:string -> plain
    graph = store.query("CONSTRUCT { ?s <urn:x:twice> ?v } WHERE { ?s <urn:x:amount> ?v }").graph
    assert sorted(graph) == [(URIRef("urn:x:a"), URIRef("urn:x:twice"), Literal(5)),
                             (URIRef("urn:x:b"), URIRef("urn:x:twice"), Literal("7", datatype=XSD.integer))]
    graph.bind("x", "urn:x:")
    assert "x:a x:twice 5 ." in graph.serialize(format="turtle")


def test_dataset_load_keeps_the_merge_and_updates_follow(store):
    from rdflib import Dataset

    ds = Dataset(default_union=True)
    for g in ("urn:x:g1", "urn:x:g2"):
        ds.graph(URIRef(g)).add((URIRef("urn:x:a"), URIRef("urn:x:amount"), Literal(5)))
    store.load(ds)
    assert store.query(SUM).rows[0][0].toPython() == 5
    store.update("INSERT DATA { GRAPH <urn:x:g3> { <urn:x:c> <urn:x:amount> 2 } }")
    assert store.query(SUM).rows[0][0].toPython() == 7
