"""Loading a file into a remote SPARQL store (a real ``oxigraph serve``): graphs by GSP PUT, the union
uploaded by GSP POST; with blank nodes, one INSERT DATA and a server-side copy keep each one node."""

from __future__ import annotations

import pytest

from kg.store import open_store

QUERIES = {
    "merge": "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }",
    "join": "SELECT ?x ?y WHERE { ?b <urn:x:p> ?x ; <urn:x:q>/<urn:x:r> ?y }",
    "graphs": "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } FILTER(STRSTARTS(STR(?g), 'urn:x:')) } "
              "GROUP BY ?g ORDER BY ?g",
}


@pytest.mark.parametrize("text", [
    '<urn:x:a> <urn:x:p> "x" <urn:x:g1> .\n<urn:x:a> <urn:x:p> "x" <urn:x:g2> .\n'
    '<urn:x:a> <urn:x:q> <urn:x:m> <urn:x:g2> .\n<urn:x:m> <urn:x:r> "y" <urn:x:g2> .\n',
    '_:a <urn:x:p> "x" <urn:x:g1> .\n_:a <urn:x:p> "x" <urn:x:g2> .\n'
    '_:a <urn:x:q> _:m <urn:x:g2> .\n_:m <urn:x:r> "y" <urn:x:g2> .\n',
], ids=["iris", "blank-nodes"])
def test_remote_load_gives_the_embedded_answers(oxigraph_server, tmp_path, text):
    path = tmp_path / "d.nq"
    path.write_text(text, "utf-8")
    remote, local = open_store(f"sparql:{oxigraph_server}/query"), open_store("oxigraph")
    try:
        for store in (remote, local):
            store.load_file(path)
        for name, query in QUERIES.items():
            answers = [[tuple(str(t) for t in row) for row in store.query(query).rows] for store in (remote, local)]
            assert answers[0] == answers[1], name
        assert remote.query(QUERIES["merge"]).rows[0][0].toPython() == 3
    finally:
        remote.close()
