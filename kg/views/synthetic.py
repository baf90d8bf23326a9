"""Synthetic entity graphs of a chosen size, shaped like the real one, for benchmarks and tests.

Places form a containment chain; parks sit in districts; companies are present in parks
(through tenancy nodes) and invest in projects; agreements link governments and companies;
parks focus on industries. Same ``nodes`` and ``seed``, same graph.

>>> g = synthetic_graph(300, seed=1)
>>> g.number_of_nodes()
300
>>> sorted(synthetic_graph(300, seed=1).edges(keys=True)) == sorted(g.edges(keys=True))
True
"""

from __future__ import annotations

import random

import networkx as nx

from ..namespaces import TP

__all__ = ["synthetic_graph"]

# class -> share of the nodes
_MIX = [("District", 0.03), ("NationalHighTechZone", 0.04), ("SciencePark", 0.04), ("Company", 0.3),
        ("Tenancy", 0.25), ("InvestmentProject", 0.1), ("StrategicCooperationAgreement", 0.06),
        ("MunicipalGovernment", 0.03), ("Conference", 0.03), ("Industry", 0.12)]


def synthetic_graph(nodes: int, seed: int = 0) -> nx.MultiDiGraph:
    """A graph of about ``nodes`` entities (exactly, for ``nodes >= 100``) with labels, types and sources."""
    rng = random.Random(seed)
    g = nx.MultiDiGraph()
    by_type: dict[str, list[str]] = {}
    counts = [(cls, max(1, int(share * nodes))) for cls, share in _MIX]
    counts[3] = ("Company", counts[3][1] + nodes - sum(n for _, n in counts))
    for cls, n in counts:
        for i in range(n):
            iri = f"https://example.org/synthetic/{cls.lower()}/{i}"
            g.add_node(iri, label=f"{cls} {i}", type=cls)
            by_type.setdefault(cls, []).append(iri)

    def link(s: str, p: str, o: str) -> None:
        g.add_edge(s, o, key=str(TP[p]), predicate=str(TP[p]), label=p,
                   sources=[f"synthetic-article-{rng.randrange(50)}"])

    parks = by_type["NationalHighTechZone"] + by_type["SciencePark"]
    districts = by_type["District"]
    for i, d in enumerate(districts[1:], 1):
        link(d, "locatedIn", districts[rng.randrange(i)])
    for park in parks:
        link(park, "locatedIn", rng.choice(districts))
        for ind in rng.sample(by_type["Industry"], 3):
            link(park, "hasIndustryFocus", ind)
    companies = by_type["Company"]
    for ten in by_type["Tenancy"]:
        company, park = rng.choice(companies), rng.choice(parks)
        link(ten, "tenant", company)
        link(ten, "zone", park)
        link(company, "presentIn", park)
    for proj in by_type["InvestmentProject"]:
        link(proj, "investor", rng.choice(companies))
        link(proj, "develops", rng.choice(parks))
    govs = by_type["MunicipalGovernment"]
    for gov in govs:
        link(gov, "governs", rng.choice(districts))
    for agr in by_type["StrategicCooperationAgreement"]:
        link(agr, "party", rng.choice(govs))
        link(agr, "party", rng.choice(companies))
        link(agr, "signedDuring", rng.choice(by_type["Conference"]))
    for company in companies:
        if rng.random() < 0.5:
            link(company, "hasIndustryFocus", rng.choice(by_type["Industry"]))
    return g
