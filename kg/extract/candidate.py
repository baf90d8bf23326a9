"""The candidate seed: entities and facts found in one article, written in the ``seeds/`` format.

Machine facts carry a ``confidence`` and the document says ``method: extracted``; how each
name was linked to the graph (method and score, or "ambiguous" with the candidates) is
written as a YAML comment above the entity for the reviewer. Output is deterministic.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from .gazetteer import Resolution

__all__ = ["CFact", "CEntity", "Candidate", "slugify", "to_yaml"]


def slugify(text: str, limit: int = 60) -> str:
    """A seed id from a name.

    >>> slugify("Zizhu National Hi-tech Zone (Shanghai)")
    'zizhu-national-hi-tech-zone-shanghai'
    """
    t = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    t = re.sub(r"&", " and ", t)
    t = re.sub(r"[^a-z0-9]+", "-", t).strip("-")
    if len(t) > limit:
        t = t[:limit].rsplit("-", 1)[0]
    return t or "entity"


@dataclass
class CFact:
    prop: str
    value: Any  # an entity key, a date string / mapping, a money / area mapping, a number or text
    evidence: list[tuple[int, int]]
    confidence: float
    rule: str = ""  # which pattern found it (for the reviewer and for tests)

    def key(self) -> tuple:
        return (self.prop, json.dumps(self.value, sort_keys=True))


@dataclass
class CEntity:
    key: str  # the seed id
    type: str
    label: str
    known: bool = False  # resolved to an entity of the graph
    resolution: Resolution | None = None
    aliases: set[str] = field(default_factory=set)
    mentions: list[tuple[int, int]] = field(default_factory=list)
    facts: list[CFact] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def add_fact(self, fact: CFact) -> None:
        for f in self.facts:
            if f.key() == fact.key():
                f.evidence = sorted(set(f.evidence) | set(fact.evidence))
                f.confidence = max(f.confidence, fact.confidence)
                return
        self.facts.append(fact)


@dataclass
class Candidate:
    """Everything extracted from one article."""

    doc_id: str
    file: str
    sha256: str
    title: str
    date: str | None
    date_basis: str
    entities: dict[str, CEntity] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)

    def facts(self) -> list[tuple[str, CFact]]:
        return [(e.key, f) for e in self.entities.values() for f in e.facts]


def _v(value: Any) -> str:
    """A YAML flow value (JSON is a subset of YAML; dates stay unquoted)."""
    if isinstance(value, str) and re.fullmatch(r"\d{4}(-\d{2}){0,2}", value):
        return value
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return json.dumps(value, ensure_ascii=False, sort_keys=False)


def to_yaml(c: Candidate) -> str:
    """The candidate as a seed file (loads with :func:`kg.seeds.load_seeds`)."""
    lines = [
        f"# Candidate facts extracted by `kg extract` from {c.file}. Review every entity and fact against the",
        "# article, reuse ids of known entities, drop what is wrong, then set `method: curated`.",
    ]
    lines += [f"# warning: {w}" for w in c.warnings]
    lines += ["document:", f"  id: {c.doc_id}", f"  file: {_v(c.file)}", f"  sha256: {c.sha256}",
              f"  title: {_v(c.title)}"]
    if c.date:
        lines.append(f"  date: {c.date}")
    lines += [f"  date_basis: {_v(c.date_basis)}", "  method: extracted", "entities:"]
    for e in sorted(c.entities.values(), key=lambda e: (min(e.mentions or [(10**9, 0)]), e.key)):
        r = e.resolution
        if r is not None and r.method == "ambiguous":
            lines.append(f"# AMBIGUOUS: {r.name!r} fits {', '.join(r.candidates)} equally (score {r.score:g}); "
                         "kept as a new entity: merge it by hand if it is one of them")
        elif e.known and r is not None:
            lines.append(f"# resolved {r.name!r} -> {e.key} by {r.method} match (score {r.score:g})")
        elif not e.known:
            lines.append("# new entity (not in the graph)")
        lines += [f"# note: {n}" for n in e.notes]
        lines += [f"- id: {e.key}", f"  type: {e.type}", f"  label: {_v(e.label)}"]
        aliases = sorted(a for a in e.aliases if a != e.label)
        if aliases:
            lines.append(f"  aliases: {_v(aliases)}")
        if e.mentions:
            lines.append(f"  mentions: {_v([list(m) for m in sorted(set(e.mentions))])}")
        if e.facts:
            lines.append("  facts:")
            for f in sorted(e.facts, key=lambda f: (f.prop, min(f.evidence or [(0, 0)]), f.key())):
                lines.append(f"  - {f.prop}: {_v(f.value)}")
                lines.append(f"    evidence: {_v([list(s) for s in sorted(set(f.evidence))])}")
                lines.append(f"    confidence: {round(f.confidence, 2)}")
    if not c.entities:
        lines[-1] = "entities: []"
    return "\n".join(lines) + "\n"
