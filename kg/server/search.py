"""Search entities by their labels and aliases (case- and punctuation-insensitive, then fuzzy).

>>> from rdflib import Dataset, Literal, URIRef
>>> from kg.lookup import NameIndex
>>> from kg.namespaces import GRAPH, SKOS
>>> ds = Dataset(default_union=True)
>>> g = ds.graph(GRAPH["a"])
>>> _ = g.add((URIRef("urn:x:netease"), SKOS.prefLabel, Literal("NetEase")))
>>> _ = g.add((URIRef("urn:x:netease"), SKOS.altLabel, Literal("NetEast")))
>>> [(h.label, h.matched) for h in search_names(NameIndex(ds), "neteast")]
[('NetEase', 'neteast')]
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass

from ..lookup import NameIndex, normalize_name

__all__ = ["Hit", "search_names"]


@dataclass(frozen=True)
class Hit:
    iri: str
    label: str
    matched: str  # the name (label or alias, as indexed) that matched
    score: int


def search_names(index: NameIndex, query: str, limit: int = 50) -> list[Hit]:
    """Entities whose label or alias matches ``query``: exact, prefix, word, substring, then close spellings."""
    q = normalize_name(query)
    if not q:
        return []
    best: dict[str, Hit] = {}

    def offer(name: str, iris, score: int) -> None:
        for iri in iris:
            key = str(iri)
            if key not in best or score > best[key].score:
                best[key] = Hit(key, index.preferred.get(iri, key), name, score)

    for name, iris in index.exact.items():
        n = normalize_name(name)
        if n == q:
            offer(name, iris, 100)
        elif n.startswith(q):
            offer(name, iris, 80)
        elif f" {q}" in f" {n}":
            offer(name, iris, 70)
        elif q in n:
            offer(name, iris, 60)
    if not best:
        names = {normalize_name(n): n for n in index.exact}
        for close in difflib.get_close_matches(q, list(names), n=limit, cutoff=0.7):
            offer(names[close], index.exact[names[close]], 40)
    hits = sorted(best.values(), key=lambda h: (-h.score, h.label.casefold(), h.iri))
    return hits[:limit]
