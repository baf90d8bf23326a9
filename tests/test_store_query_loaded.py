"""Querying what a persistent store holds (``kg load`` then ``kg query --loaded``), not the build."""

from __future__ import annotations

import pytest

from kg import KnowledgeGraph
from kg.config import Settings
from kg.errors import ConfigError


@pytest.fixture(scope="module")
def loaded(tmp_path_factory):
    """A one-park synthetic graph written to a file; the caller loads it into a store of its own."""
    from kg.synth import write_synth

    folder = tmp_path_factory.mktemp("loaded")
    nq = folder / "s.nq"
    write_synth(nq, 1, seed=3)
    return nq


def test_kg_query_loaded_answers_from_the_store_with_inference(cli, loaded, tmp_path):
    store = f"oxigraph:{tmp_path / 'ox'}"
    assert cli("--store", store, "load", loaded).code == 0
    run = cli("--store", store, "query", "--loaded", "parks-in-place", "-p", "place=republic of hongpingkang",
              "-f", "csv")
    assert run.code == 0, run.err
    assert "Yangzhen Lanhe Industrial Park" in run.out  # reached through the inferred locatedIn chain
    run = cli("--store", store, "query", "--loaded", "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }",
              "-f", "csv")
    from kg.store import open_store

    direct = open_store(store)
    quads = len(direct)  # every named graph, graph/inferred included
    direct.close()
    assert run.code == 0 and run.out.split()[-1] == str(quads)
    run = cli("--store", store, "query", "parks-in-place", "-p", "place=republic of hongpingkang", "-f", "csv",
              "--build-dir", tmp_path / "none")
    assert run.code != 0 and "kg build" in run.err  # without --loaded the build is what gets queried


def test_loaded_store_without_inference_refuses_inference_queries(cli, loaded, tmp_path):
    store = f"oxigraph:{tmp_path / 'ox'}"
    assert cli("--store", store, "load", "--no-inference", loaded).code == 0
    run = cli("--store", store, "query", "--loaded", "parks-in-place", "-p", "place=Anyang")
    assert run.code != 0 and "relies on inference" in run.err and "kg load" in run.err


def test_from_store_names_and_limits(loaded, tmp_path):
    from kg.store import open_store

    spec = f"oxigraph:{tmp_path / 'ox'}"
    from kg.reason import ensure_inferred

    store = open_store(spec)
    store.load_file(loaded)
    ensure_inferred(store)
    store.close()
    kg = KnowledgeGraph.from_store(Settings(store=spec))
    rows = kg.run("parks-in-place", place="Republic of Hongpingkang")  # found by its label in the store
    assert [r["name"] for r in rows] == ["Yangzhen Lanhe Industrial Park"]
    with pytest.raises(Exception, match="No entity is labelled 'Nowhere at all'"):
        kg.run("parks-in-place", place="Nowhere at all")
    with pytest.raises(ConfigError, match="reads the built graph"):
        kg.entity("Zhouning")
    with pytest.raises(ConfigError, match="reads the built graph"):
        kg.to_networkx()
    assert any(g.endswith("/graph/ontology") for g in kg.graph_names)
    with pytest.raises(ConfigError, match="lives in memory"):
        KnowledgeGraph.from_store(Settings(store="oxigraph"))
