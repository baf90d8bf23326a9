"""``kg eval``: run the extractor over curated articles and score it against their seed files.

Each candidate is written out and read back with the seed loader (so the format is checked
too), then compared with the curated seed of the same article:

* **entities**: the entities the article names (declarations with mentions). A prediction
  matches a curated entity by id, by a label or alias in canonical form, or by an
  overlapping mention of the same kind; a reified node (a project, agreement, post,
  designation) also matches when it shares a stated fact with the curated one.
* **relations**: stated (not ``implied``) entity-to-entity facts as (subject, property,
  object) triples over curated ids.
* **literals**: stated amounts (value, currency), areas, counts and dates.

Precision, recall and F1 are given per article and pooled over all articles (micro).
``holdout=True`` builds each article's gazetteer from the *other* seed files only, which
shows how much the scores owe to the graph already knowing the article's names.
"""

from __future__ import annotations

import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import SeedError, SeedErrors
from ..ontology import Ontology
from ..seeds import Area, DateValue, Money, SeedDocument, SeedSet, load_seed_file
from .candidate import Candidate, to_yaml
from .extractor import Extractor
from .gazetteer import Gazetteer, canonical

__all__ = ["Score", "ArticleScores", "EvalReport", "evaluate", "compare"]

REIFIED = {"project", "agreement", "post", "designation", "indicator", "event"}


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def __iadd__(self, other: "Score") -> "Score":
        self.tp, self.fp, self.fn = self.tp + other.tp, self.fp + other.fp, self.fn + other.fn
        return self


@dataclass
class ArticleScores:
    doc_id: str
    entities: Score
    relations: Score
    literals: Score
    seconds: float = 0.0
    missed: dict[str, list] = field(default_factory=dict)
    wrong: dict[str, list] = field(default_factory=dict)


@dataclass
class EvalReport:
    articles: list[ArticleScores]
    holdout: bool = False

    def overall(self) -> dict[str, Score]:
        out = {"entities": Score(), "relations": Score(), "literals": Score()}
        for a in self.articles:
            for k in out:
                out[k] += getattr(a, k)
        return out

    @property
    def seconds(self) -> float:
        return sum(a.seconds for a in self.articles)


def _literal(fact) -> tuple | None:
    v = fact.value
    if isinstance(v, Money):
        return ("money", float(v.value), v.currency)
    if isinstance(v, Area):
        return ("area", float(v.value), v.unit)
    if isinstance(v, DateValue):
        return ("date", v.lexical)
    if fact.kind == "count":
        return ("count", int(v))
    return None


def _names(e) -> set[str]:
    return {canonical(n) for n in (e.label, *e.aliases)} - {""}


def compare(gold: SeedDocument, pred: SeedDocument, onto: Ontology) -> ArticleScores:
    """Score one predicted seed document against the curated one."""
    kind = {e.id: onto.resource_kind(e.type) for e in gold.entities}
    pkind = {e.id: onto.resource_kind(e.type) for e in pred.entities}
    gold_ids = {e.id for e in gold.entities}
    mapping: dict[str, str] = {}
    for p in pred.entities:
        if p.id in gold_ids:
            mapping[p.id] = p.id
    for p in pred.entities:
        if p.id in mapping:
            continue
        names = _names(p)
        spans = {(m.start, m.end) for m in p.mentions}
        for g in gold.entities:
            if g.id in mapping.values():
                continue
            same_name = bool(names & _names(g)) and kind[g.id] == pkind[p.id]
            overlap = kind[g.id] == pkind[p.id] and any(a < d and c < b for a, b in spans for c, d in
                                                         ((m.start, m.end) for m in g.mentions))
            if same_name or overlap:
                mapping[p.id] = g.id
                break

    def triples(doc: SeedDocument, m: dict[str, str] | None) -> set[tuple]:
        out = set()
        for e in doc.entities:
            for f in e.facts:
                if f.kind != "ref" or f.implied:
                    continue
                for o in f.value:
                    out.add((m.get(e.id, e.id), f.prop, m.get(o, o)) if m is not None else (e.id, f.prop, o))
        return out

    gold_t = triples(gold, None)
    # reified nodes: match by a shared stated fact (e.g. the same `develops` or `designee`)
    for _ in range(2):
        for p in pred.entities:
            if p.id in mapping or pkind[p.id] not in REIFIED:
                continue
            facts = {(f.prop, mapping.get(o, o)) for f in p.facts if f.kind == "ref" for o in f.value}
            lits = {(f.prop, _literal(f)) for f in p.facts if _literal(f)}
            for g in gold.entities:
                if g.id in mapping.values() or kind[g.id] != pkind[p.id]:
                    continue
                gfacts = {(f.prop, o) for f in g.facts if f.kind == "ref" for o in f.value}
                glits = {(f.prop, _literal(f)) for f in g.facts if _literal(f)}
                if facts & gfacts or lits & glits:
                    mapping[p.id] = g.id
                    break
    pred_t = triples(pred, mapping)
    gold_e = {e.id for e in gold.entities if e.mentions}
    pred_e = {mapping.get(e.id, e.id) for e in pred.entities if e.mentions}
    gold_l = {_literal(f) for e in gold.entities for f in e.facts if not f.implied and _literal(f)}
    pred_l = {_literal(f) for e in pred.entities for f in e.facts if _literal(f)}

    def score(g: set, p: set) -> Score:
        return Score(len(g & p), len(p - g), len(g - p))

    return ArticleScores(gold.id, score(gold_e, pred_e), score(gold_t, pred_t), score(gold_l, pred_l),
                         missed={"entities": sorted(gold_e - pred_e), "relations": sorted(gold_t - pred_t),
                                 "literals": sorted(map(str, gold_l - pred_l))},
                         wrong={"entities": sorted(pred_e - gold_e), "relations": sorted(pred_t - gold_t),
                                "literals": sorted(map(str, pred_l - gold_l))})


def read_candidate(candidate: Candidate, onto: Ontology) -> SeedDocument:
    """Write a candidate to YAML and read it back with the seed loader (raises on a format error)."""
    errors: list[SeedError] = []
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"{candidate.doc_id}.yaml"
        path.write_text(to_yaml(candidate), encoding="utf-8")
        doc = load_seed_file(path, onto, None, errors)
    if errors or doc is None:
        raise SeedErrors(errors)
    return doc


def evaluate(seeds: SeedSet, corpus_dir: Path, onto: Ontology, gazetteer: Gazetteer | None = None,
             holdout: bool = False, fuzzy: float = 85.0) -> EvalReport:
    """Extract every seeded article found in ``corpus_dir`` and score it against its seed file."""
    results = []
    for gold in sorted(seeds.documents, key=lambda d: d.id):
        path = Path(corpus_dir) / gold.file
        if not path.is_file():
            continue
        gaz = Gazetteer.from_seeds(seeds, exclude=gold.id, fuzzy_threshold=fuzzy) if holdout else gazetteer
        if gaz is None:
            gaz = Gazetteer.from_seeds(seeds, fuzzy_threshold=fuzzy)
        started = time.perf_counter()
        cand = Extractor(gaz, onto).extract(path)
        seconds = time.perf_counter() - started
        scores = compare(gold, read_candidate(cand, onto), onto)
        scores.seconds = seconds
        results.append(scores)
    return EvalReport(results, holdout)
