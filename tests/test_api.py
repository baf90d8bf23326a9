"""The Python facade: entity lookup, queries with bindings, explain, networkx, save and load."""

from __future__ import annotations

import networkx as nx
import pytest
from rdflib import Graph

from kg import KnowledgeGraph
from kg.errors import EntityNotFound


def test_entity_by_label_alias_and_case(kg):
    ent = kg.entity("zizhu national hi-tech zone")
    assert ent.label == "Zizhu National High-Tech Zone"
    assert "NationalHighTechZone" in ent.types
    assert "zizhu-demonstration-base-2014-02-28" in ent.sources


def test_unknown_entity_suggests_close_names(kg):
    with pytest.raises(EntityNotFound) as exc:
        kg.entity("Neusfot")
    assert "neusoft" in str(exc.value).lower()


def test_query_binds_entities_and_plain_values(kg):
    rows = kg.query("SELECT ?park WHERE { ?park tp:locatedIn ?place ; a/rdfs:subClassOf* tp:Park }", place=kg.entity("Qingpu District"))
    parks = {kg.entity(r["park"]).label for r in rows}
    assert "Shanghai Shixi Software Information Park" in parks
    assert kg.query("ASK { ?s skos:prefLabel ?name }", name="no such thing") is False


def test_construct_returns_a_graph(kg):
    g = kg.query("CONSTRUCT { ?s tp:locatedIn ?o } WHERE { ?s tp:locatedIn ?o }")
    assert isinstance(g, Graph) and len(g) > 10


def test_explain_lists_facts_with_sources(kg):
    recs = kg.explain("Zizhu National High-Tech Zone")
    assert {r.source for r in recs} == {"zizhu-demonstration-base-2014-02-28"}
    assert any(r.predicate_label == "designee" and r.direction == "in" for r in recs)
    assert all(r.spans or r.implied or r.predicate_label in ("alternative label", "altLabel") for r in recs)


def test_to_networkx_has_entities_not_classes_or_literals(kg):
    g = kg.to_networkx()
    assert isinstance(g, nx.MultiDiGraph)
    labels = {d["label"] for _, d in g.nodes(data=True)}
    assert "NetEase" in labels and "company" not in labels
    assert all(n.startswith("https://w3id.org/techpark-kg/id/") for n in g.nodes)
    assert nx.number_weakly_connected_components(g) < g.number_of_nodes() / 4


@pytest.mark.parametrize("fmt,suffix", [("trig", ".trig"), ("nquads", ".nq"), ("turtle", ".ttl"), ("jsonld", ".jsonld")])
def test_save_roundtrips(kg, tmp_path, fmt, suffix):
    path = kg.save(tmp_path / f"out{suffix}", fmt)
    assert path.stat().st_size > 10_000
    if fmt in ("trig", "nquads"):
        again = KnowledgeGraph.load(path)
        assert again.serialize("nquads") == kg.serialize("nquads")
    else:
        from rdflib import Dataset

        target = Dataset()
        target.parse(path, format="json-ld" if fmt == "jsonld" else fmt)
        assert sum(1 for _ in target.quads((None, None, None, None))) > 1000


def test_both_backends_answer_alike(kg):
    from kg.config import Settings

    q = "SELECT ?p ?o WHERE { ?p tp:locatedIn ?o } ORDER BY ?p ?o"
    mem = KnowledgeGraph(kg.dataset, Settings(store="memory")).query(q)
    ox = KnowledgeGraph(kg.dataset, Settings(store="oxigraph")).query(q)
    assert mem == ox and len(mem) > 10


def test_a_loaded_build_is_bulk_loaded_from_its_file(kg, tmp_path):
    """Oxigraph reads the built TriG itself (no rdflib re-serialization) and answers as the built graph does."""
    path = kg.save(tmp_path / "techpark.trig")
    loaded = KnowledgeGraph.load(path)
    q = "SELECT ?p (COUNT(*) AS ?n) WHERE { ?s ?p ?o } GROUP BY ?p ORDER BY ?p"
    assert loaded.query(q) == kg.query(q)
    assert loaded.source == path and "full_dataset" not in loaded.__dict__
    assert len(loaded.store) == sum(1 for _ in kg.full_dataset.quads((None, None, None, None)))
