"""The three backends (rdflib memory, Oxigraph embedded in memory and on disk, a remote SPARQL 1.1
endpoint served by a real ``oxigraph serve``) give the same answers to the whole query library."""

from __future__ import annotations

import copy
from decimal import Decimal

import pytest
from rdflib import BNode, Literal, URIRef

from kg.errors import ConfigError, QueryError, StoreError
from kg.namespaces import ID, TP, graph_iri
from kg.query import PREFIX_HEADER
from kg.remote import META_GRAPH, RemoteStore
from kg.store import OxigraphStore, QueryResult, open_store

# Queries of our own, beside the library: a containment path, an aggregate, CONSTRUCT, ASK, a binding.
OWN_QUERIES = {
    "chain": "SELECT ?x ?place WHERE { ?x tp:locatedIn+ ?place }",
    "per-park": "SELECT ?park (COUNT(DISTINCT ?c) AS ?n) WHERE { ?c tp:presentIn ?park } GROUP BY ?park",
    "sum": "SELECT (SUM(?v) AS ?total) (COUNT(*) AS ?n) WHERE { ?x tp:investmentAmount/schema:value ?v }",
    "construct": "CONSTRUCT { ?c tp:presentIn ?z } WHERE { ?c a tp:Company ; tp:presentIn ?z }",
    "ask": "ASK { ?x tp:locatedIn+ ?place }",
    "graphs": "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g",
    "labels": "SELECT ?x ?l WHERE { ?x skos:prefLabel ?l FILTER(CONTAINS(LCASE(?l), \"park\")) }",
}
BINDINGS = {"place": ID["place/shanghai"]}


def _dataset(kg):
    return getattr(kg, "full_dataset", kg.dataset)


@pytest.fixture(scope="module")
def stores(kg, oxigraph_server, tmp_path_factory):
    """The seed graph in every backend."""
    made = {
        "memory": open_store("memory"),
        "oxigraph": open_store("oxigraph"),
        "oxigraph-disk": open_store(f"oxigraph:{tmp_path_factory.mktemp('ox') / 'store'}"),
        "remote": open_store(f"sparql:{oxigraph_server}/query"),
    }
    for store in made.values():
        store.load(_dataset(kg))
    yield made
    for store in made.values():
        store.close()


def _term(t):
    if isinstance(t, Literal) and isinstance(t.toPython(), (int, float, Decimal)) and not isinstance(
            t.toPython(), bool):  # numbers: engines may write 1.0 or 1; compare values
        return f"{t.toPython().normalize() if isinstance(t.toPython(), Decimal) else t.toPython()!r}"
    return "_:b" if isinstance(t, BNode) else (None if t is None else t.n3())


def _canonical(result: QueryResult):
    """A comparable form: rows as a sorted multiset (blank nodes made anonymous), graphs as sorted triples."""
    term = _term

    if result.type == "ASK":
        return result.boolean
    if result.type == "SELECT":
        return sorted((tuple(sorted((k, term(v)) for k, v in d.items())) for d in result.dicts()), key=repr)
    return sorted(tuple(term(t) for t in triple) for triple in result.graph)


def _library(kg):
    try:
        return list(kg.queries)
    except AttributeError:  # no query library in this checkout
        return []


def test_same_answers_to_own_queries(stores):
    for name, text in OWN_QUERIES.items():
        answers = {}
        for backend, store in stores.items():
            bindings = {k: v for k, v in BINDINGS.items() if f"?{k}" in text}
            answers[backend] = _canonical(store.query(PREFIX_HEADER + text, bindings=bindings))
            if backend == "remote" and name == "graphs":  # the endpoint's one-triple checksum graph (documented)
                answers[backend] = [row for row in answers[backend] if str(META_GRAPH) not in repr(row)]
        assert answers["memory"] not in ([], None, False), name  # the query finds something
        for backend, answer in answers.items():
            assert answer == answers["memory"], f"{name}: {backend} differs from rdflib"


def test_whole_query_library_same_on_all_backends(kg, stores):
    library = _library(kg)
    if not library:
        pytest.skip("no query library (queries/*.rq) in this checkout")
    checked = 0
    for query in library:
        name = getattr(query, "name", query)
        answers = {}
        for backend, store in stores.items():
            clone = copy.copy(kg)
            clone.__dict__["store"] = store  # the facade, on this backend
            answers[backend] = _canonical(clone.execute(name))
        for backend, answer in answers.items():
            assert answer == answers["memory"], f"library query {name}: {backend} differs from rdflib"
        checked += 1
    assert checked == len(library) >= 5


def test_quads_and_lengths_agree(stores):
    sizes = {backend: len(store) for backend, store in stores.items()}
    assert len(set(sizes.values())) == 1, sizes
    def norm(quads):  # Oxigraph stores decimals in canonical form (1.0 -> 1): compare values
        return {tuple(_term(t) for t in q) for q in quads}

    memory = norm(stores["memory"].quads())
    assert norm(stores["remote"].quads()) == memory
    assert norm(stores["oxigraph-disk"].quads()) == memory


def test_default_graph_is_a_merge_not_a_multiset(stores):
    """A triple stated in two source graphs counts once, on every backend."""
    q = PREFIX_HEADER + "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    counts = {b: int(s.query(q).rows[0][0]) for b, s in stores.items()}
    distinct = len({(s, p, o) for s, p, o, _ in stores["memory"].quads()})
    assert set(counts.values()) == {distinct}, counts


def test_updates_reach_queries_on_every_backend(kg, stores):
    for backend, store in stores.items():
        if backend == "memory":
            continue
        store.update(PREFIX_HEADER + 'INSERT DATA { GRAPH <urn:test:g> { <urn:test:x> skos:prefLabel "Test park"@en } }')
        ask = PREFIX_HEADER + "ASK { <urn:test:x> skos:prefLabel ?l }"
        assert store.query(ask).boolean, backend
        store.update("DROP GRAPH <urn:test:g>")
        assert not store.query(ask).boolean, backend


def test_oxigraph_on_disk_is_reused_when_current(kg, tmp_path):
    path = tmp_path / "store"
    first = OxigraphStore(path)
    first.load(_dataset(kg))
    assert not first.reused
    n = len(first)
    first.close()
    del first
    again = OxigraphStore(path)
    again.load(_dataset(kg))
    assert again.reused and len(again) == n
    # a different dataset is not "current": it replaces the old contents
    from rdflib import Dataset

    other = Dataset(default_union=True)
    other.graph(URIRef("urn:g")).add((URIRef("urn:a"), URIRef("urn:p"), Literal("x")))
    again.load(other)
    assert not again.reused and len(again) == 1


def test_bulk_load_file_and_checksum(tmp_path):
    from kg.synth import write_synth

    nq = tmp_path / "s.nq"
    stats = write_synth(nq, 2, seed=5)
    store = OxigraphStore(tmp_path / "ox")
    store.load_file(nq)
    assert not store.reused and len(store) == stats.quads
    store.load_file(nq)
    assert store.reused
    write_synth(nq, 3, seed=5)
    store.load_file(nq)
    assert not store.reused and len(store) > stats.quads


def test_remote_graph_store_protocol(oxigraph_server):
    store = RemoteStore.from_spec(f"{oxigraph_server}/query")
    g = "urn:test:gsp"
    store.put_graph(g, b'<urn:a> <urn:p> "one" .\n<urn:a> <urn:p> "two" .\n')
    assert sorted(str(o) for o in store.get_graph(g).objects()) == ["one", "two"]
    store.put_graph(g, b'<urn:a> <urn:p> "three" .\n')  # PUT replaces
    assert [str(o) for o in store.get_graph(g).objects()] == ["three"]
    store.delete_graph(g)
    with pytest.raises(StoreError, match="HTTP 404"):
        store.get_graph(g)


def test_remote_load_is_skipped_when_current_and_hides_its_meta_graph(kg, stores):
    remote = stores["remote"]
    remote.load(_dataset(kg))
    assert remote.reused
    assert all(g != META_GRAPH for *_, g in remote.quads())
    q = PREFIX_HEADER + f"ASK {{ ?s ?p ?o FILTER(?s = <{META_GRAPH}>) }}"
    assert not remote.query(q).boolean  # the checksum is not in the default graph


def test_remote_bindings_and_named_graphs(stores):
    remote, memory = stores["remote"], stores["memory"]
    q = PREFIX_HEADER + "SELECT ?x WHERE { ?x tp:locatedIn ?place }"
    assert _canonical(remote.query(q, bindings=BINDINGS)) == _canonical(memory.query(q, bindings=BINDINGS))
    g = str(graph_iri("provenance"))
    only = remote.query(PREFIX_HEADER + "SELECT (COUNT(*) AS ?n) WHERE { ?s a tp:Article }", default_graphs=[g])
    assert int(only.rows[0][0]) >= 5
    none = remote.query(PREFIX_HEADER + "SELECT (COUNT(*) AS ?n) WHERE { ?s a tp:Company }", default_graphs=[g])
    assert int(none.rows[0][0]) == 0


def test_remote_errors_are_clear(oxigraph_server):
    store = RemoteStore.from_spec(f"{oxigraph_server}/query")
    with pytest.raises(QueryError, match="HTTP 400"):
        store.query("SELEC ?x")
    dead = RemoteStore("http://127.0.0.1:9/query", timeout=2)
    with pytest.raises(StoreError, match="Cannot reach the SPARQL endpoint http://127.0.0.1:9/query"):
        dead.query("ASK {}")
    with pytest.raises(ConfigError, match="update=URL"):
        RemoteStore.from_spec("http://h/query|bogus=1")


def test_remote_timeout(oxigraph_server):
    store = RemoteStore.from_spec(f"{oxigraph_server}/query")
    store.update("INSERT DATA { GRAPH <urn:test:t> { " + " ".join(f"<urn:n{i}> <urn:p> {i} ." for i in range(300)) + " } }")
    slow = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?p ?b . ?c ?q ?d . ?e ?r ?f . ?g ?s ?h }"
    try:
        with pytest.raises(QueryError, match="time limit of 0.3 s"):
            store.query(slow, timeout=0.3)
    finally:
        store.update("DROP GRAPH <urn:test:t>")


def test_open_store_specs(oxigraph_server, tmp_path):
    assert open_store("memory").name == "memory"
    assert isinstance(open_store(f"oxigraph:{tmp_path / 'x'}"), OxigraphStore)
    assert open_store(f"{oxigraph_server}/query").endpoints()[2] == f"{oxigraph_server}/store"
    with pytest.raises(ConfigError, match="Unknown store 'nope'"):
        open_store("nope")


def test_store_chosen_by_flag_env_and_config_file(cli, tmp_path, monkeypatch):
    from kg.config import Settings

    monkeypatch.delenv("TECHPARK_STORE", raising=False)
    monkeypatch.delenv("TECHPARK_CONFIG", raising=False)
    monkeypatch.chdir(tmp_path)
    assert Settings().store == "oxigraph"
    (tmp_path / "techpark.toml").write_text('[settings]\nstore = "memory"\n')
    assert Settings().store == "memory"  # config file
    monkeypatch.setenv("TECHPARK_STORE", "oxigraph:from-env")
    assert Settings().store == "oxigraph:from-env"  # environment beats the file
    assert Settings(store="memory").store == "memory"  # an explicit value (the --store flag) beats both
    (tmp_path / "techpark.toml").write_text('stor = "memory"\n')
    with pytest.raises(ConfigError, match="unknown setting"):
        Settings()
    # the flag, end to end: kg --store oxigraph:PATH load FILE
    monkeypatch.delenv("TECHPARK_STORE")
    (tmp_path / "techpark.toml").unlink()
    nq = tmp_path / "s.nq"
    assert cli("synth", "--parks", "1", "--seed", "1", "-o", nq).code == 0
    run = cli("--store", f"oxigraph:{tmp_path / 'ox'}", "load", nq)
    assert run.code == 0 and "loaded in" in run.out
    run = cli("--store", f"oxigraph:{tmp_path / 'ox'}", "load", nq)
    assert run.code == 0 and "already holds" in run.out
    run = cli("load", nq)
    assert run.code == 2 and "lives in memory" in run.err


def test_replace_graph_keeps_the_default_graph_a_merge(stores):
    """Replacing a graph adds and drops its triples in the default graph, except those another graph states."""
    shared = next((s, p, o) for s, p, o, g in stores["memory"].quads() if p == TP.locatedIn)
    new = (URIRef("urn:test:park"), TP.locatedIn, Literal("line\n\"two\"", lang="en"))
    count = PREFIX_HEADER + "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    for backend, store in stores.items():
        before = int(store.query(count).rows[0][0])
        store.replace_graph("urn:test:replaced", [shared, new])
        assert int(store.query(count).rows[0][0]) == before + 1, backend
        in_graph = store.query("SELECT ?s ?p ?o WHERE { GRAPH <urn:test:replaced> { ?s ?p ?o } }").rows
        assert {tuple(_term(t) for t in row) for row in in_graph} == {
            tuple(_term(t) for t in shared), tuple(_term(t) for t in new)}, backend
        store.replace_graph("urn:test:replaced", [])
        assert int(store.query(count).rows[0][0]) == before, backend
        assert store.query("ASK { ?s ?p ?o }", bindings=dict(zip("spo", shared))).boolean, backend
        assert not store.query("ASK { GRAPH <urn:test:replaced> { ?s ?p ?o } }").boolean, backend


def test_validation_and_inference_work_from_every_backend(kg, stores):
    """Every backend gives back the dataset it holds: SHACL and the reasoner run on it unchanged."""
    from kg.config import Settings
    from kg.validate import load_shapes, validate_dataset

    shapes = load_shapes(Settings().ontology_dir)
    for backend in ("oxigraph-disk", "remote"):
        ds = stores[backend].to_dataset()
        assert validate_dataset(ds, shapes) == [], backend
        try:
            from kg.reason import infer
        except ImportError:
            continue
        assert set(infer(ds)) == set(infer(stores["memory"].to_dataset())), backend
