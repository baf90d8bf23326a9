"""Oxigraph load paths (one bulk load of the file and its union's N-Triples, validated in a second thread) and the result
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


@pytest.mark.parametrize("name, text", [
    ("b.nq", '_:n <urn:x:p> "x" <urn:x:g1> .\n_:n <urn:x:q> _:m <urn:x:g2> .\n_:m <urn:x:r> "y" <urn:x:g2> .\n'),
    ("b.trig", '<urn:x:g1> { [] <urn:x:p> "x" ; <urn:x:q> [ <urn:x:r> "y" ] . }\n'),
    ("b.ttl", '[ <urn:x:p> "x" ; <urn:x:q> [ <urn:x:r> "y" ] ] .\n'),
])
def test_blank_nodes_are_one_node_in_their_graph_and_the_default_graph(store, tmp_path, name, text):
    """A blank node's graph quads and its default-graph triples join (the union is not a second parse)."""
    path = tmp_path / name
    path.write_text(text, "utf-8")
    store.load_file(path)
    chain = 'SELECT ?x ?y WHERE { ?b <urn:x:p> ?x ; <urn:x:q>/<urn:x:r> ?y }'
    assert [tuple(map(str, r)) for r in store.query(chain).rows] == [("x", "y")]
    per_graph = 'SELECT ?x WHERE { GRAPH ?g { ?b <urn:x:p> ?x } ?b <urn:x:q> ?m }'
    assert len(store.query(per_graph).rows) == 1
    assert int(store.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }").rows[0][0]) == 3


def test_bad_user_file_is_rejected_with_its_line(store, tmp_path):
    path = tmp_path / "bad.nq"
    path.write_text('<urn:x:a> <urn:x:p> <urn:x:o> <urn:x:g> .\n<urn:x:a> <urn:x:p> <not an iri> <urn:x:g> .\n',
                    "utf-8")
    with pytest.raises(ConfigError, match=r"bad\.nq: not valid nquads: .*line 2"):
        store.load_file(path)
    assert not store.holds("anything") and len(store.ox) == 0  # nothing half-loaded stays


@pytest.mark.parametrize("name, text", [("bad.trig", "<urn:x:g> { <urn:x:a> <urn:x:p> . }\n"),
                                        ("bad.ttl", "<urn:x:a> <urn:x:p> <urn:x:o> .\n<urn:x:a> <urn:x:p> .\n")])
def test_bad_trig_and_turtle_files_name_their_line(store, tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, "utf-8")
    with pytest.raises(ConfigError, match=rf"{name.replace('.', '[.]')}: not valid .*line"):
        store.load_file(path)
    assert len(store.ox) == 0


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


def test_graph_answers_are_distinct_triples_and_a_graph_on_demand(store, tmp_path):
    path = tmp_path / "d.nq"
    path.write_text(NQ, "utf-8")
    store.load_file(path)
    result = store.query("CONSTRUCT { ?s <urn:x:has> <urn:x:amount> } WHERE { ?s <urn:x:amount> ?v }")
    assert sorted(result.triples) == [(URIRef("urn:x:a"), URIRef("urn:x:has"), URIRef("urn:x:amount")),
                                      (URIRef("urn:x:b"), URIRef("urn:x:has"), URIRef("urn:x:amount"))]
    assert len(result.graph) == 2 and result.graph is result.graph  # built once
    result.triples = result.triples[:1]  # cut (as the server's row cap does): the graph follows
    assert len(result.graph) == 1


def test_dataset_load_keeps_blank_nodes_one_node(store):
    """``load(dataset)``: a blank node's graph quads and default-graph triples are the same node."""
    from rdflib import Dataset

    ds = Dataset(default_union=True)
    b, m = BNode("n"), BNode("m")
    ds.graph(URIRef("urn:x:g1")).add((b, URIRef("urn:x:p"), Literal("x")))
    ds.graph(URIRef("urn:x:g2")).add((b, URIRef("urn:x:q"), m))
    ds.graph(URIRef("urn:x:g2")).add((m, URIRef("urn:x:r"), Literal("y")))
    store.load(ds)
    chain = "SELECT ?x ?y WHERE { ?b <urn:x:p> ?x ; <urn:x:q>/<urn:x:r> ?y }"
    assert [tuple(map(str, r)) for r in store.query(chain).rows] == [("x", "y")]
    assert len(store.query("SELECT ?x WHERE { GRAPH ?g { ?b <urn:x:p> ?x } ?b <urn:x:q> ?m }").rows) == 1
