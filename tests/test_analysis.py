"""Network analytics: rankings, paths as chains of facts, communities, components, GraphML/GEXF, errors, CLI."""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import pytest

from kg.analysis import NetworkAnalysis
from kg.errors import AnalysisError, EmptyGraph, EntityNotFound, NoPath

ZIZHU = "https://w3id.org/techpark-kg/id/park/zizhu-high-tech-zone"


@pytest.fixture(scope="module")
def net(kg) -> NetworkAnalysis:
    return kg.analysis()


@pytest.fixture(scope="module")
def docs(kg) -> set[str]:
    return set(kg.views.sources())


def test_degree_ranking_counts_facts(net):
    ranked = net.rank("degree", top=5)
    assert ranked[0].iri == ZIZHU and ranked[0].label == "Zizhu National High-Tech Zone"
    assert ranked[0].score == net.graph.in_degree(ZIZHU) + net.graph.out_degree(ZIZHU)
    assert [r.score for r in ranked] == sorted((r.score for r in ranked), reverse=True)


def test_pagerank_and_betweenness(net):
    pr = net.scores("pagerank")
    assert abs(sum(pr.values()) - 1.0) < 1e-6 and len(pr) == net.graph.number_of_nodes()
    bt = net.scores("betweenness")
    assert all(0.0 <= v <= 1.0 for v in bt.values())
    assert net.rank("betweenness", 1)[0].iri == max(bt, key=bt.get)
    assert net.rank("pagerank", None) == net.rank("pagerank", None)  # deterministic order
    with pytest.raises(AnalysisError, match="use one of degree, pagerank, betweenness"):
        net.rank("closeness")


def test_shortest_path_is_a_chain_of_stated_facts(kg, net, docs):
    a, b = kg.entity("NetEase").iri, kg.entity("Intel").iri
    chain = net.shortest_path(a, b)
    assert len(chain) == nx.shortest_path_length(net.graph.to_undirected(), a, b)
    ends = [{f.subject, f.object} for f in chain]
    assert a in ends[0] and b in ends[-1]
    assert all(ends[i] & ends[i + 1] for i in range(len(ends) - 1))
    for fact in chain:
        labels = {d["label"] for d in (net.graph.get_edge_data(fact.subject, fact.object) or {}).values()}
        assert fact.predicate_label in labels  # stated in this direction
        assert fact.sources and set(fact.sources) <= docs


def test_path_errors(kg, net):
    comps = net.components()
    assert len(comps) > 1
    with pytest.raises(NoPath, match="different components"):
        net.shortest_path(comps[0][0], comps[-1][0])
    with pytest.raises(EntityNotFound):
        net.shortest_path("urn:nothing", ZIZHU)
    with pytest.raises(AnalysisError, match="both ends"):
        net.shortest_path(ZIZHU, ZIZHU)


def test_components_and_communities_partition_the_graph(net):
    n = net.graph.number_of_nodes()
    for groups in (net.components(), net.communities()):
        members = [m for g in groups for m in g]
        assert len(members) == len(set(members)) == n
        assert [len(g) for g in groups] == sorted((len(g) for g in groups), reverse=True)
    assert net.components()[0] == sorted(max(nx.weakly_connected_components(net.graph), key=len))
    assert net.communities() == net.communities()
    assert len(net.communities()) > len(net.components()) - 1  # the big component splits


@pytest.mark.parametrize("suffix, reader", [(".graphml", nx.read_graphml), (".gexf", nx.read_gexf)])
def test_export_round_trips(net, tmp_path, suffix, reader):
    path = net.export(tmp_path / f"graph{suffix}")
    back = reader(path)
    assert back.number_of_nodes() == net.graph.number_of_nodes()
    assert back.number_of_edges() == net.graph.number_of_edges()
    label = back.nodes[ZIZHU].get("label")
    assert label == "Zizhu National High-Tech Zone"
    assert path.read_bytes() == net.to_bytes(suffix[1:])  # same graph, same bytes


def test_export_needs_a_known_format(net, tmp_path):
    with pytest.raises(AnalysisError, match=r"\*\.graphml or \*\.gexf"):
        net.export(tmp_path / "graph.csv")
    with pytest.raises(AnalysisError, match="Unknown export format"):
        net.to_bytes("dot")


def test_empty_graph_errors(tmp_path):
    empty = NetworkAnalysis(nx.MultiDiGraph())
    for call in (lambda: empty.rank(), empty.components, empty.communities,
                 lambda: empty.export(tmp_path / "e.gexf")):
        with pytest.raises(EmptyGraph, match="nothing to analyse"):
            call()
    assert not (tmp_path / "e.gexf").exists()


@pytest.fixture(scope="module")
def built(kg, tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("analysis-build")
    kg.write_build(folder)
    return folder


def test_cli_analyze_prints_tables(cli, built):
    r = cli("analyze", "--top", "3", "--build-dir", built)
    assert r.code == 0, r.err
    for title in ("top 3 by degree", "top 3 by pagerank", "top 3 by betweenness", "components", "communities"):
        assert title in r.out
    assert "Zizhu National High-Tech Zone" in r.out
    r = cli("analyze", "rank", "--by", "betweenness", "-n", "2", "--build-dir", built)
    assert r.code == 0 and "top 2 by betweenness" in r.out


def test_cli_path_and_errors(cli, built, net):
    r = cli("analyze", "path", "NetEase", "Intel", "--build-dir", built)
    assert r.code == 0, r.err
    assert "NetEase -> Intel: 3 fact(s)" in r.out and "present in" in r.out and "[zizhu-" in r.out
    r = cli("analyze", "path", "NetEase", "Nobody Whatsoever", "--build-dir", built)
    assert r.code == EntityNotFound.exit_code and "No entity" in r.err
    lone = net.components()[-1][0]
    r = cli("analyze", "path", "NetEase", lone, "--build-dir", built)
    assert r.code == NoPath.exit_code and "No chain of facts" in r.err


def test_cli_export(cli, built, tmp_path):
    r = cli("analyze", "export", tmp_path / "g.gexf", "--build-dir", built)
    assert r.code == 0 and (tmp_path / "g.gexf").is_file()
    r = cli("analyze", "export", tmp_path / "g.txt", "--build-dir", built)
    assert r.code == AnalysisError.exit_code and "graphml" in r.err
