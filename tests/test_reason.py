"""Inference (kg.reason): the materialised graph answers like property paths over the asserted one."""

from __future__ import annotations

import pytest
from rdflib import URIRef

from kg import KnowledgeGraph
from kg.config import Settings
from kg.namespaces import ORG, RDF, SCHEMA, TP
from kg.reason import INFERRED_GRAPH, infer

PARKS_INFERRED = "SELECT DISTINCT ?park WHERE { ?park a tp:Park ; tp:locatedIn ?place } ORDER BY ?park"
PARKS_PATHS = ("SELECT DISTINCT ?park WHERE { ?park a/rdfs:subClassOf* tp:Park ; "
               "(tp:locatedIn|tp:partOfZone)+ ?place } ORDER BY ?park")
ORGS_INFERRED = "SELECT DISTINCT ?o WHERE { ?o a org:Organization } ORDER BY ?o"
ORGS_PATHS = "SELECT DISTINCT ?o WHERE { ?o a/rdfs:subClassOf* org:Organization } ORDER BY ?o"


@pytest.fixture(scope="module")
def asserted(kg):
    """The same graph without inference."""
    return KnowledgeGraph(kg.dataset, Settings(inference="off"))


@pytest.mark.parametrize("place", ["Qingpu", "Shanghai", "Yangtze River Delta", "China", "Jiangsu Province"])
def test_inferred_containment_equals_property_paths(kg, asserted, place):
    ent = kg.entity(place)
    with_inference = kg.query(PARKS_INFERRED, place=ent)
    with_paths = asserted.query(PARKS_PATHS, place=ent)
    assert with_inference == with_paths and with_inference
    assert asserted.query(PARKS_INFERRED, place=ent) != with_inference or place == "Qingpu"


def test_inferred_organizations_equal_subclass_paths(kg, asserted):
    rows = kg.query(ORGS_INFERRED)
    assert rows == asserted.query(ORGS_PATHS)
    assert len(rows) == 30  # 16 companies, 7 government bodies, 2 universities, 3 industry bodies, 2 outlets
    assert asserted.query(ORGS_INFERRED) == []  # nothing is asserted as org:Organization


def test_inference_rules(kg):
    g = kg.inferred
    zizhu = URIRef(kg.entity("Zizhu").iri)
    china, delta = URIRef(kg.entity("China").iri), URIRef(kg.entity("Yangtze River Delta").iri)
    assert (zizhu, TP.locatedIn, china) in g and (zizhu, TP.locatedIn, delta) in g  # transitive
    assert (zizhu, SCHEMA.containedInPlace, china) in g  # sub-property of the closure
    assert (zizhu, RDF.type, TP.Park) in g and (zizhu, RDF.type, SCHEMA.Place) in g  # sub-class
    netease = URIRef(kg.entity("NetEase").iri)
    assert (netease, RDF.type, ORG.Organization) in g
    bridge = URIRef(kg.entity("Yuandang Bridge").iri)
    assert (bridge, TP.locatedIn, URIRef(kg.entity("Yangtze River Delta integration zone").iri)) in g  # partOfZone
    assert not any(kg.dataset.quads((None, None, None, INFERRED_GRAPH)))  # kept apart from the asserted graphs
    assert all(o != TP.Evidence for _, _, o in g.triples((None, RDF.type, None)))
    assert not any((s, p, o) in g for s, p, o, _ in kg.dataset.quads((zizhu, None, None, None)))  # only new ones


def test_inference_is_deterministic_and_small(kg):
    a, b = infer(kg.dataset), infer(kg.dataset)
    assert set(a) == set(b)
    assert 300 < len(a) < 2000


def test_views_of_entities_keep_their_own_types(kg):
    ent = kg.entity("Zizhu")
    assert ent.types == ["NationalHighTechZone"]  # not Park, Zone: inferred types stay in graph/inferred


def test_build_writes_and_reloads_the_inferred_graph(kg, tmp_path):
    path = kg.write_build(tmp_path)
    assert "graph/inferred>" in path.read_text()
    again = KnowledgeGraph.load(path)
    assert set(again.inferred) == set(kg.inferred)
    assert again.serialize("nquads") == kg.serialize("nquads")


def test_no_inference_build(cli, tmp_path):
    r = cli("build", "--no-inference", "--build-dir", tmp_path, "--corpus", tmp_path / "absent")
    assert r.code == 0, r.err
    assert "graph/inferred" not in (tmp_path / "techpark.trig").read_text()
    assert KnowledgeGraph.load(tmp_path / "techpark.trig").inferred is None


@pytest.mark.slow
def test_targeted_rules_are_sound_against_owlrl(kg):
    """Every triple we infer is in owlrl's RDFS closure, and we miss none of its tp locatedIn/type facts."""
    import owlrl
    from rdflib import Graph

    union = Graph()
    for s, p, o, g in kg.dataset.quads((None, None, None, None)):
        if not (p == RDF.type and o == TP.Evidence) and "/evidence/" not in str(s):
            union.add((s, p, o))
    owlrl.DeductiveClosure(owlrl.RDFS_Semantics).expand(union)
    ours = set(kg.inferred)
    beyond_rdfs = ours - set(union)  # transitivity is OWL RL, not RDFS: only containment closes further
    assert beyond_rdfs and {p for _, p, _ in beyond_rdfs} == {TP.locatedIn, SCHEMA.containedInPlace}
    missing = {(s, p, o) for s, p, o in union.triples((None, RDF.type, None))
               if str(s).startswith("https://w3id.org/techpark-kg/id/") and (str(o).startswith(str(TP._NS))
                                                                           or o == ORG.Organization)}
    asserted = {(s, p, o) for s, p, o, _ in kg.dataset.quads((None, RDF.type, None, None))}
    assert missing - ours - asserted == set()


# -- inference inside a store (infer_store): same triples on every backend, no rdflib copy ------------

def _rows(store, sparql):
    return {tuple(row) for row in store.query(sparql).rows}


def _open_backends(oxigraph_server, folder):
    from kg.store import open_store

    return {"memory": open_store("memory"), "oxigraph": open_store("oxigraph"),
            "oxigraph-disk": open_store(f"oxigraph:{folder / 'store'}"),
            "remote": open_store(f"sparql:{oxigraph_server}/query")}


def test_infer_store_equals_infer_on_every_backend_and_is_idempotent(kg, oxigraph_server, tmp_path):
    from kg.reason import has_inferred, infer_store, with_inferred

    expected = set(infer(kg.dataset))
    in_graph = f"SELECT ?s ?p ?o WHERE {{ GRAPH <{INFERRED_GRAPH}> {{ ?s ?p ?o }} }}"
    merge = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    for backend, store in _open_backends(oxigraph_server, tmp_path).items():
        try:
            store.load(with_inferred(kg.dataset, None))  # a copy: the memory store would write into kg.dataset
            assert not has_inferred(store)
            assert infer_store(store) == len(expected), backend
            assert _rows(store, in_graph) == expected, backend
            quads, union = len(store), int(store.query(merge).rows[0][0])
            assert infer_store(store) == len(expected), backend  # graph/inferred is replaced, never read as asserted
            assert _rows(store, in_graph) == expected and len(store) == quads, backend
            assert int(store.query(merge).rows[0][0]) == union, backend  # the default graph stays the merge
            assert has_inferred(store)
        finally:
            store.close()


def test_inference_library_queries_answer_alike_on_every_backend(oxigraph_server, tmp_path):
    """A small synthetic graph loaded from its file (no inferred graph in it), then infer_store: the
    ``requires: inference`` queries of the library give the same answers on every backend."""
    import copy

    from rdflib import Graph

    from kg.reason import infer_store
    from kg.synth import synth_dataset, write_synth
    from test_store import _canonical

    nq = tmp_path / "synth.nq"
    write_synth(nq, 2, seed=7)
    ds = synth_dataset(2, seed=7)
    expected = len(infer(ds))
    synth = KnowledgeGraph(ds, Settings(), inferred=Graph())
    ids = "https://w3id.org/techpark-kg/id/"
    params = {"entity": f"{ids}park/synth-park-0", "place": f"{ids}place/synth-city-1", "park": f"{ids}park/synth-park-0"}
    library = [q for q in synth.queries if "inference" in q.requires]
    assert len(library) >= 5
    answers: dict[str, dict] = {}
    for backend, store in _open_backends(oxigraph_server, tmp_path).items():
        try:
            store.load_file(nq)
            assert infer_store(store) == expected, backend
            clone = copy.copy(synth)
            clone.__dict__["store"] = store
            for query in library:
                bound = {p.name: params[p.name] for p in query.params if p.name in params}
                unbound_ok = all(p.optional or p.type != "name" for p in query.params)  # defaults name seed entities
                for args in ({}, bound):
                    if args or unbound_ok:
                        answers.setdefault(f"{query.name} {args}", {})[backend] = _canonical(clone.execute(query, args))
        finally:
            store.close()
    found = 0
    for name, by_backend in answers.items():
        assert len(by_backend) == 4 and all(a == by_backend["memory"] for a in by_backend.values()), name
        found += by_backend["memory"] not in ([], None, False)
    assert found >= len(library)  # the queries find something in the synthetic graph


def test_kg_load_infers_once_and_no_inference_skips(cli, tmp_path):
    from kg.synth import write_synth

    nq = tmp_path / "s.nq"
    write_synth(nq, 1, seed=3)
    store = f"oxigraph:{tmp_path / 'ox'}"
    run = cli("--store", store, "load", nq)
    assert run.code == 0 and "loaded in" in run.out and "Inferred" in run.out, run.err
    count = int(run.out.split("Inferred ")[1].split()[0])
    assert count == len(infer(_dataset(nq))) > 100
    run = cli("--store", store, "load", nq)
    assert run.code == 0 and "already holds" in run.out and "not inferred again" in run.out and "Inferred" not in run.out
    other = f"oxigraph:{tmp_path / 'ox2'}"
    run = cli("--store", other, "load", "--no-inference", nq)
    assert run.code == 0 and "loaded in" in run.out and "nferred" not in run.out
    run = cli("--store", other, "load", nq)  # reused, but it has no graph/inferred yet: inferred now
    assert run.code == 0 and "already holds" in run.out and f"Inferred {count} triples" in run.out


def _dataset(path):
    from kg.export import read_dataset

    return read_dataset(path)
