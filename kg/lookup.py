"""Find entities by any of their names: label, preferred label or alias, case-insensitive.

>>> from rdflib import Dataset, Literal, URIRef
>>> from kg.namespaces import SKOS, GRAPH
>>> ds = Dataset(default_union=True)
>>> _ = ds.graph(GRAPH["a"]).add((URIRef("urn:x:netease"), SKOS.altLabel, Literal("NetEast", lang="en")))
>>> NameIndex(ds).resolve("netEAST")
rdflib.term.URIRef('urn:x:netease')
"""

from __future__ import annotations

import difflib
import re
from collections import defaultdict

from rdflib import Dataset, URIRef

from .errors import EntityNotFound
from .namespaces import GRAPH, RDFS, SKOS

__all__ = ["NameIndex", "normalize_name"]

_SKIP_GRAPHS = {GRAPH["ontology"]}
_NAME_PREDICATES = (SKOS.prefLabel, RDFS.label, SKOS.altLabel)


def normalize_name(name: str) -> str:
    """Lower case, punctuation and extra spaces dropped: ``"Hi-Tech  Zone!"`` -> ``"hi tech zone"``."""
    return " ".join(re.sub(r"[^\w\s]", " ", name.casefold()).split())


class NameIndex:
    """Names -> entity IRIs for one dataset (built once, looked up many times)."""

    def __init__(self, ds: Dataset):
        self.exact: dict[str, set[URIRef]] = defaultdict(set)
        self.normal: dict[str, set[URIRef]] = defaultdict(set)
        self.preferred: dict[URIRef, str] = {}
        for rank, pred in enumerate(_NAME_PREDICATES):
            for s, _, o, g in ds.quads((None, pred, None, None)):
                if g in _SKIP_GRAPHS or not isinstance(s, URIRef):
                    continue
                self.exact[str(o).casefold()].add(s)
                self.normal[normalize_name(str(o))].add(s)
                if rank == 0 or s not in self.preferred:
                    self.preferred.setdefault(s, str(o))

    def candidates(self, name: str) -> list[URIRef]:
        """Every entity with this name (exact, then normalised), sorted."""
        hits = self.exact.get(name.casefold()) or self.normal.get(normalize_name(name)) or set()
        return sorted(hits)

    def resolve(self, name: str) -> URIRef:
        """The one entity called ``name``; an IRI string is accepted as is when known."""
        if name.startswith(("http://", "https://", "urn:")) and URIRef(name) in self.preferred:
            return URIRef(name)
        hits = self.candidates(name)
        if len(hits) == 1:
            return hits[0]
        if hits:
            labels = [f"{self.preferred.get(h, h)} <{h}>" for h in hits]
            raise EntityNotFound(name, [f"(ambiguous) {label}" for label in labels])
        raise EntityNotFound(name, self.suggest(name))

    def suggest(self, name: str, n: int = 5) -> list[str]:
        """Names close to ``name``, for error messages."""
        return difflib.get_close_matches(name.casefold(), list(self.exact), n=n, cutoff=0.6)
