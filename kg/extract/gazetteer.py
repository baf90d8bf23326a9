"""The graph's own names as a gazetteer, and entity resolution against it.

A name resolves by ``exact`` (a label), ``alias`` (an altLabel), ``normalised`` (case,
punctuation, company suffixes such as "Co., Ltd.", and variants such as "Hi-tech Zone" /
"High-Tech Park" compared in one canonical form) or ``fuzzy`` (rapidfuzz similarity of the
canonical forms, for typos such as "NetEast"). Every resolution keeps its method and score;
a name that fits several entities equally well is *ambiguous* and is never merged silently.

>>> g = Gazetteer([GazEntry("netease", "Company", "NetEase", ("NetEast",)),
...                GazEntry("zizhu-high-tech-zone", "NationalHighTechZone", "Zizhu National High-Tech Zone", ())])
>>> r = g.resolve("Zizhu National Hi-tech Park"); (r.id, r.method)
('zizhu-high-tech-zone', 'normalised')
>>> r = g.resolve("Netease Co., Ltd."); (r.id, r.method)
('netease', 'normalised')
>>> r = g.resolve("NetEasy"); (r.id, r.method, r.score >= 85)
('netease', 'fuzzy', True)
>>> g.resolve("Tencent") is None
True
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process
from rdflib import Dataset, URIRef

from ..namespaces import GRAPH, RDF, RDFS, SKOS, TP

__all__ = ["GazEntry", "Resolution", "Gazetteer", "canonical", "core"]

_SUFFIXES = r"(?:co\.?\s*,?\s*ltd|company limited|co\s+limited|limited|ltd|inc|corp|corporation|llc|plc|gmbh|s\s*a)"
_VARIANTS = [
    (r"\bhi\s*-?\s*tech\b", "high tech"), (r"\bhigh\s*-?\s*tech(?:nology)?\b", "high tech"),
    (r"\bhigh\s+and\s+new\s+technology\b", "high tech"),
    (r"\b(?:industrial\s+)?(?:development\s+)?(?:zone|park)\b", "park"),
    (r"\bcentre\b", "center"), (r"\bjiaotong\b", "jiao tong"), (r"\bsci\s*-?\s*tech\b", "science technology"),
    (r"\bs\s*&\s*t\b", "science technology"), (r"\br\s*&\s*d\b", "rd"),
    (r"\bgovt\b", "government"), (r"\bmunicipality\b", ""), (r"\bdistrict\b", ""), (r"\bcounty\b", ""),
    (r"\bthe\b", ""), (r"\bof\b", ""), (r"\band\b", ""),
]


def canonical(name: str) -> str:
    """One canonical form for spelling variants of a name.

    >>> canonical("Zizhu National Hi-tech Zone") == canonical("Zizhu National High-Tech Park")
    True
    >>> canonical("Qingpu District"), canonical("Shanghai HOdo Group Co., Ltd.")
    ('qingpu', 'shanghai hodo group')
    """
    t = name.casefold().replace("’", "'")
    t = re.sub(r"'s\b", "", t)
    for _ in range(2):
        t = re.sub(rf"[,\s]+{_SUFFIXES}\.?$", "", t)
    for pattern, repl in _VARIANTS:
        t = re.sub(pattern, repl, t)
    t = re.sub(r"[^\w\s]", " ", t)
    return " ".join(t.split())


_WEAK = {"technology", "technologies", "tech", "group", "holdings", "holding", "international", "national",
         "china", "chinese", "company", "science", "information"}


def core(name: str) -> str:
    """The canonical form without weak words ("Group", "Technologies", "National"...).

    >>> core("Huawei Technologies Co., Ltd."), core("Zizhu National Hi-tech Zone")
    ('huawei', 'zizhu high park')
    """
    words = [w for w in canonical(name).split() if w not in _WEAK]
    return " ".join(words)


@dataclass(frozen=True)
class GazEntry:
    id: str
    type: str
    label: str
    aliases: tuple[str, ...] = ()

    @property
    def names(self) -> tuple[str, ...]:
        return (self.label, *self.aliases)


@dataclass
class Resolution:
    """How a name was linked: ``id`` is None when it is new or ambiguous."""

    name: str
    id: str | None
    method: str  # exact, alias, normalised, fuzzy, new, ambiguous
    score: float  # 0..100
    candidates: list[str] = field(default_factory=list)

    @property
    def ambiguous(self) -> bool:
        return self.method == "ambiguous"


class Gazetteer:
    """Names of known entities, looked up by exact, alias, normalised and fuzzy matching."""

    def __init__(self, entries: list[GazEntry], fuzzy_threshold: float = 85.0):
        self.entries = {e.id: e for e in sorted(entries, key=lambda e: e.id)}
        self.fuzzy_threshold = fuzzy_threshold
        self.by_label: dict[str, set[str]] = defaultdict(set)
        self.by_alias: dict[str, set[str]] = defaultdict(set)
        self.by_canon: dict[str, set[str]] = defaultdict(set)
        self.by_core: dict[str, set[str]] = defaultdict(set)
        for e in self.entries.values():
            self.by_label[e.label].add(e.id)
            for a in e.aliases:
                self.by_alias[a].add(e.id)
            for n in e.names:
                c = canonical(n)
                if c:
                    self.by_canon[c].add(e.id)
                k = core(n)
                if len(k) >= 4:
                    self.by_core[k].add(e.id)
        self._canon_keys = sorted(self.by_canon)

    # -- building ---------------------------------------------------------------------------
    @classmethod
    def from_dataset(cls, ds: Dataset, fuzzy_threshold: float = 85.0) -> "Gazetteer":
        """Every typed tp resource of a built dataset with its labels and aliases."""
        skip = {GRAPH["ontology"], GRAPH["provenance"]}
        types: dict[URIRef, set[str]] = defaultdict(set)
        for s, _, o, g in ds.quads((None, RDF.type, None, None)):
            if g not in skip and o in TP._NS and isinstance(s, URIRef) and "/id/" in str(s):
                types[s].add(str(o).rsplit("#", 1)[-1])
        entries = []
        for s, ts in types.items():
            label = next((str(x) for x in ds.objects(s, SKOS.prefLabel)), None) or \
                next((str(x) for x in ds.objects(s, RDFS.label)), None)
            if not label or {"Evidence", "Tenancy", "Article", "SourceGraph"} & ts:
                continue
            aliases = tuple(sorted({str(a) for a in ds.objects(s, SKOS.altLabel)} - {label}))
            entries.append(GazEntry(str(s).rsplit("/", 1)[-1], _most_specific(ts), label, aliases))
        return cls(entries, fuzzy_threshold)

    @classmethod
    def from_seeds(cls, seeds, exclude: str | None = None, fuzzy_threshold: float = 85.0) -> "Gazetteer":
        """From a loaded :class:`~kg.seeds.SeedSet`, leaving out the document ``exclude``."""
        merged: dict[str, tuple[str, str, set[str]]] = {}
        for doc in seeds.documents:
            if doc.id == exclude:
                continue
            for ent in doc.entities:
                t, label, aliases = merged.setdefault(ent.id, (ent.type, ent.label, set()))
                aliases.update(a for a in ent.aliases if a != label)
        return cls([GazEntry(i, t, lab, tuple(sorted(al))) for i, (t, lab, al) in merged.items()], fuzzy_threshold)

    def __len__(self) -> int:
        return len(self.entries)

    def __contains__(self, entity_id: str) -> bool:
        return entity_id in self.entries

    # -- resolving --------------------------------------------------------------------------
    def resolve(self, name: str, types: set[str] | None = None, fuzzy: bool = True) -> Resolution | None:
        """Link a name to a known entity; None when nothing is close enough.

        ``types`` (class local names) restricts the candidates when the caller knows the kind.
        """
        def ok(ids: set[str]) -> list[str]:
            return sorted(i for i in ids if types is None or self.entries[i].type in types)

        for method, table, key in (("exact", self.by_label, name), ("alias", self.by_alias, name)):
            hits = ok(table.get(key, set()))
            if hits:
                return self._decide(name, hits, method, 100.0)
        c = canonical(name)
        if not c:
            return None
        hits = ok(self.by_canon.get(c, set()))
        if hits:
            return self._decide(name, hits, "normalised", 100.0 if c == name.casefold() else 95.0)
        k = core(name)
        hits = ok(self.by_core.get(k, set())) if len(k) >= 4 else []
        if hits:
            return self._decide(name, hits, "normalised", 90.0)
        if len(c) < 5 or not fuzzy:
            return None
        best = process.extract(c, self._canon_keys, scorer=fuzz.ratio, limit=5, score_cutoff=self.fuzzy_threshold)
        scored: dict[str, float] = {}
        for key, score, _ in best:
            if abs(len(key) - len(c)) > max(3, len(c) // 4):
                continue
            for i in ok(self.by_canon[key]):
                scored[i] = max(scored.get(i, 0.0), round(score, 1))
        if not scored:
            return None
        top = max(scored.values())
        hits = sorted(i for i, s in scored.items() if top - s < 3.0)
        return self._decide(name, hits, "fuzzy", top)

    def _decide(self, name: str, hits: list[str], method: str, score: float) -> Resolution:
        if len(hits) == 1:
            return Resolution(name, hits[0], method, score, hits)
        return Resolution(name, None, "ambiguous", score, hits)


_SPECIFICITY = ["Thing"]


def _most_specific(types: set[str]) -> str:
    """The most specific of a resource's tp classes (the seeds give one; inference may add supers)."""
    generic = {"Zone", "Park", "AdministrativeArea", "GovernmentBody", "Event", "Agreement"}
    specific = sorted(types - generic)
    return specific[0] if specific else sorted(types)[0]
