"""The built dataset: graphs, provenance, one node per real thing, names, determinism, shapes."""

from __future__ import annotations

import yaml
from rdflib import Literal, URIRef

from kg import KnowledgeGraph
from kg.config import PROJECT_ROOT
from kg.namespaces import DCTERMS, PROV, RDF, SCHEMA, TP, XSD, graph_iri, resource_iri
from kg.build import document_iri

SEEDS = sorted((PROJECT_ROOT / "seeds").glob("*.yaml"))


def _seed_data():
    return [yaml.safe_load(p.read_text(encoding="utf-8")) for p in SEEDS]


def test_one_named_graph_per_article_plus_ontology_and_provenance(kg):
    graphs = {str(g.identifier).rsplit("/", 1)[-1] for g in kg.dataset.graphs() if len(g)}
    docs = {d["document"]["id"] for d in _seed_data()}
    assert len(docs) == 5
    assert graphs >= docs | {"ontology", "provenance"}


def test_each_graph_is_derived_from_its_described_article(kg):
    prov = kg.dataset.graph(graph_iri("provenance"))
    for data in _seed_data():
        d = data["document"]
        doc = document_iri(d["id"])
        assert (graph_iri(d["id"]), PROV.wasDerivedFrom, doc) in prov
        assert (doc, RDF.type, TP.Article) in prov
        assert prov.value(doc, TP.sha256) == Literal(d["sha256"])
        assert prov.value(doc, TP.fileName) == Literal(d["file"])
        assert prov.value(doc, DCTERMS.title) is not None
        if d.get("date"):
            assert prov.value(doc, TP.date) == Literal(d["date"].isoformat(), datatype=XSD.date)


def test_every_entity_is_found_by_every_name_the_articles_use(kg):
    checked = 0
    for data in _seed_data():
        for ent in data["entities"]:
            expected = kg.entity(ent["label"]).iri
            assert expected.endswith("/" + ent["id"])
            for name in [ent["label"], *ent.get("aliases", [])]:
                for variant in (name, name.upper(), name.lower()):
                    assert kg.entity(variant).iri == expected, (variant, ent["id"])
                    checked += 1
    assert checked > 300


def test_an_entity_named_in_several_articles_is_one_node(kg):
    for name, n_sources in (("NetEase Shanghai International Culture and Innovation Science and Technology Park", 2), ("Shanghai", 4), ("Qingpu District", 3), ("Shixi Software Information Park", 3)):
        ent = kg.entity(name)
        assert len(ent.sources) >= n_sources, (name, ent.sources)
    ids = {}
    for data in _seed_data():
        for ent in data["entities"]:
            ids.setdefault(ent["id"], set()).add(ent["type"])
    assert all(len(types) == 1 for types in ids.values())


def test_typo_and_variant_spellings_resolve_to_one_entity(kg):
    assert kg.entity("NetEast").iri == kg.entity("NetEase").iri
    assert kg.entity("Zizhu National Hi-tech Zone").iri == str(resource_iri("park", "zizhu-high-tech-zone"))


def test_amounts_keep_stated_currency_and_the_articles_usd_figure(kg):
    rows = kg.query("""SELECT ?value ?cur ?usd WHERE {
        ?p a tp:InvestmentProject ; tp:develops ?park ; tp:investmentAmount ?a .
        ?a schema:value ?value ; schema:currency ?cur . OPTIONAL { ?a tp:usdEquivalent ?usd } }""",
                    park=URIRef(kg.entity("NetEase Shanghai International Culture and Innovation Science and Technology Park").iri))
    assert [(int(r["value"]), r["cur"], int(r["usd"])) for r in rows] == [(5_000_000_000, "CNY", 787_200_000)]


def test_relative_dates_are_resolved_and_the_resolution_recorded(kg):
    rows = kg.query("""SELECT ?how WHERE { ?ev a tp:Evidence ; tp:dateResolution ?how }""")
    hows = [r["how"] for r in rows]
    assert any("Wednesday" in h and "2022-07-13" in h for h in hows), hows


def test_every_fact_has_evidence_in_its_own_graph(kg):
    """Each asserted triple of an article graph has a tp:Evidence node in that graph."""
    ds = kg.dataset
    for data in _seed_data():
        g = ds.graph(graph_iri(data["document"]["id"]))
        reified = {(s, p, o) for ev in g.subjects(RDF.type, TP.Evidence)
                   for s in g.objects(ev, RDF.subject) for p in g.objects(ev, RDF.predicate)
                   for o in g.objects(ev, RDF.object)}
        for s, p, o in g:
            if p in (RDF.subject, RDF.predicate, RDF.object) or (s, RDF.type, TP.Evidence) in g:
                continue
            if p in (RDF.type,) or str(p).startswith(("http://www.w3.org/2004/02/skos/core#", str(SCHEMA), "http://www.w3.org/2000/01/rdf-schema#")):
                continue
            if str(s).split("/id/")[-1].startswith(("amount/", "quantity/", "tenancy/")):
                continue
            assert (s, p, o) in reified, (s, p, o)


def test_seed_graph_conforms_to_shapes(kg):
    from kg.validate import load_shapes, validate_dataset

    assert validate_dataset(kg.dataset, load_shapes(PROJECT_ROOT / "ontology")) == []


def test_same_seeds_give_same_bytes(kg):
    again = KnowledgeGraph.from_seeds(corpus_dir=None, validate=False)
    for fmt in ("trig", "nquads", "turtle"):
        assert kg.serialize(fmt) == again.serialize(fmt), fmt


def test_evidence_offsets_quote_the_article(kg, corpus):
    """With the corpus, explain quotes the exact text each fact came from."""
    recs = kg.explain("NetEast", corpus_dir=corpus)
    party = [r for r in recs if r.predicate == TP.party]
    assert party and any("NetEast" in q for r in party for q in r.quotes)


def test_seeds_check_against_the_corpus(corpus):
    """The curated offsets and checksums match the article texts."""
    KnowledgeGraph.from_seeds(corpus_dir=corpus, validate=False)
