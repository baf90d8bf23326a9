"""`kg synth`: deterministic synthetic graphs that follow the ontology and pass its shapes."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from kg.config import Settings
from kg.errors import ConfigError
from kg.namespaces import TP
from kg.synth import parks_for_triples, synth_dataset, synth_nquads, write_synth
from kg.validate import load_shapes, validate_dataset


def _store(parks: int, seed: int) -> ox.Store:
    store = ox.Store()
    store.bulk_load(synth_nquads(parks, seed), format=ox.RdfFormat.N_QUADS)
    return store


def _count(store: ox.Store, where: str) -> int:
    q = (f"PREFIX tp: <{TP._NS}> PREFIX schema: <https://schema.org/> "
         f"PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> SELECT (COUNT(*) AS ?n) WHERE {{ {where} }}")
    return int(next(iter(store.query(q, use_default_graph_as_union=True)))["n"].value)


def test_same_seed_same_bytes_other_seed_other_graph():
    assert synth_nquads(4, seed=11) == synth_nquads(4, seed=11)
    assert synth_nquads(4, seed=11) != synth_nquads(4, seed=12)


def test_conforms_to_the_shapes():
    ds = synth_dataset(5, seed=3)
    assert validate_dataset(ds, load_shapes(Settings().ontology_dir)) == []


def test_broken_synthetic_data_would_be_caught():
    """The shapes check is not vacuous: drop every currency and validation fails."""
    data = b"\n".join(line for line in synth_nquads(1, seed=3).splitlines() if b"schema.org/currency" not in line)
    from rdflib import Dataset

    ds = Dataset(default_union=True)
    ds.parse(data=data, format="nquads")
    violations = validate_dataset(ds, load_shapes(Settings().ontology_dir))
    assert violations and all("currency" in v.message for v in violations)


def test_realistic_content():
    store = _store(6, seed=1)
    for cls in ("Park", "Company", "GovernmentBody", "Agreement", "InvestmentProject", "Article", "Evidence",
                "Tenancy", "District", "Country"):
        assert _count(store, f"?x a/rdfs:subClassOf* tp:{cls}") > 0, cls
    # every park lies in a country through the containment chain district -> city -> province -> region -> country
    parks = _count(store, "?p a/rdfs:subClassOf* tp:Park")
    assert _count(store, "{ SELECT DISTINCT ?p WHERE { ?p tp:locatedIn/tp:locatedIn/tp:locatedIn/tp:locatedIn/tp:locatedIn ?c . ?c a tp:Country } }") == parks == 6
    assert _count(store, "?x tp:investmentAmount/schema:value ?v ; tp:investmentAmount/schema:currency ?c") > 6
    assert _count(store, "?x tp:date ?d FILTER(datatype(?d) = <http://www.w3.org/2001/XMLSchema#date>)") > 6
    # each source graph derives from one article, and evidence points at the article
    assert _count(store, "GRAPH ?g { ?e a tp:Evidence ; tp:inSource ?a } ?g <http://www.w3.org/ns/prov#wasDerivedFrom> ?a") > 100


def test_size_scales_with_parks():
    small, big = synth_nquads(3, 0).count(b"\n"), synth_nquads(30, 0).count(b"\n")
    assert big > 8 * (small - 610)
    target = 50_000
    n = synth_nquads(parks_for_triples(target), 0).count(b"\n")
    assert 0.8 * target < n < 1.2 * target


def test_cli_writes_atomically_and_reports(cli, tmp_path):
    out = tmp_path / "g.nq"
    run = cli("synth", "--parks", "2", "--seed", "9", "-o", out)
    assert run.code == 0 and f"{out}:" in run.out and "quads" in run.out
    assert out.read_bytes() == synth_nquads(2, 9)
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]
    assert cli("synth", "--parks", "0", "-o", out).code == 2
    bad = cli("synth", "--parks", "1", "-o", tmp_path / "g.ttl")
    assert bad.code == 2 and ".nq" in bad.err


def test_library_errors():
    with pytest.raises(ConfigError):
        synth_nquads(0)
    with pytest.raises(ConfigError):
        write_synth("x.txt", 1)
