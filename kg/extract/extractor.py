"""The extraction pipeline: article -> names -> resolution -> values -> relations -> candidate seed.

>>> from kg.extract.gazetteer import Gazetteer, GazEntry
>>> gaz = Gazetteer([GazEntry("minhang-district", "District", "Minhang District", ("Minhang",))])
>>> c = Extractor(gaz).extract_text("Aurora Robotics Co., Ltd. has settled in Caohejing Science Park in Minhang.",
...                                 file="a.txt", title="t", date=None)
>>> sorted((e.key, e.type, e.known) for e in c.entities.values())
[('aurora-robotics-co-ltd', 'Company', False), ('caohejing-science-park', 'SciencePark', False), ('minhang-district', 'District', True)]
>>> sorted((k, f.prop, f.value) for k, f in c.facts())
[('aurora-robotics-co-ltd', 'presentIn', 'caohejing-science-park'), ('caohejing-science-park', 'locatedIn', 'minhang-district')]
"""

from __future__ import annotations

import bisect
import datetime as dt
import hashlib
import re
from pathlib import Path
from typing import Any

from ..ontology import Ontology
from .candidate import CEntity, CFact, Candidate, slugify
from .gazetteer import Gazetteer, Resolution, canonical
from .names import Mention, _NAME, _trim, find_new_names, scan_gazetteer, type_of_name
from .reader import Article, read_article
from .relations import RULES
from .sentences import Sentence, sentence_spans
from .values import DateMatch, MoneyMatch, find_areas, find_counts, find_dates, find_money

__all__ = ["Extractor"]

_REL_NOUN = re.compile(r"^\s*(?:It|The (?:park|zone|project|base|company|firm|group|competition|conference|event|expo|"
                       r"forum|committee|cluster|line|corridor|district|city)|This|Its)\b")


class Extractor:
    """Reads articles into :class:`Candidate` seeds, resolving names against a :class:`Gazetteer`."""

    def __init__(self, gazetteer: Gazetteer, ontology: Ontology | None = None):
        self.gaz = gazetteer
        self.onto = ontology or Ontology.load()
        self._kinds: dict[str, str] = {}

    def kind_of_type(self, type_: str) -> str:
        if type_ not in self._kinds:
            self._kinds[type_] = self.onto.resource_kind(type_)
        return self._kinds[type_]

    def extract(self, path: Path | str, date: dt.date | None = None, max_bytes: int = 5_000_000) -> Candidate:
        """Extract a candidate seed from an article file (see :func:`~kg.extract.reader.read_article`)."""
        return self.extract_article(read_article(path, date=date, max_bytes=max_bytes))

    def extract_text(self, text: str, file: str = "article.txt", title: str = "", date: dt.date | None = None) -> Candidate:
        """Extract from a string (as if it were the file ``file``)."""
        art = Article(path=Path(file), file=file, sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(),
                      source=text, text=text, title=title or file, date=date,
                      date_basis="given" if date else "no date given")
        return self.extract_article(art)

    def extract_article(self, art: Article) -> Candidate:
        return _Run(self, art).run()


class _Run:
    """One article's extraction; implements the :class:`~kg.extract.relations.Context` the rules use."""

    def __init__(self, ex: Extractor, art: Article):
        self.ex, self.art, self.gaz = ex, art, ex.gaz
        base = slugify(art.title, 50)
        self.doc_id = f"{base}-{art.date.isoformat()}" if art.date else base
        self.doc_date = art.date.isoformat() if art.date else None
        self.entities: dict[str, CEntity] = {}
        self.mentions: list[Mention] = []
        self.consumed: set = set()
        self.used_money: set[int] = set()
        self.last_batch = None
        self.topic: CEntity | None = None
        self._starts: list[int] = []
        self._dropped: set[int] = set()
        self.sentences: list[Sentence] = []

    # -- Context -----------------------------------------------------------------------------
    def kind(self, e: CEntity) -> str:
        return self.ex.kind_of_type(e.type)

    def entity_type(self, e: CEntity) -> str:
        return e.type

    def article_span(self, s: Sentence, a: int, b: int) -> tuple[int, int] | None:
        sub = s.masked[a:b]
        if "⟦" in sub or "⟪" in sub:
            return None
        i = s.text.find(sub)
        return (s.start + i, s.start + i + len(sub)) if i >= 0 and sub.strip() else None

    def fact(self, subj: CEntity, prop: str, value: Any, s: Sentence, conf: float, rule: str) -> None:
        if subj is None or value is None or value == subj.key:
            return
        span = self.art.source_span(s.start, s.end)
        res = subj.resolution.score / 100 if subj.resolution else 1.0
        subj.add_fact(CFact(prop, value, [span], round(conf * max(res, 0.5), 2), rule))

    def recent(self, kinds: set[str], s: Sentence) -> CEntity | None:
        i = bisect.bisect_left(self._starts, s.start)
        for m in reversed(self.mentions[max(0, i - 200):i]):
            if self.kind(self.entities[m.key]) in kinds:
                return self.entities[m.key]
        return None

    def node(self, kind: str, key: str, type_: str, label: str, mention: tuple[int, int] | None = None) -> CEntity:
        key = slugify(key, 80)
        if key in self.gaz and self.gaz.entries[key].type == type_:
            ent = self.entities.setdefault(key, CEntity(key, type_, self.gaz.entries[key].label, known=True))
        else:
            while key in self.gaz or (key in self.entities and self.entities[key].type != type_):
                key += "-x"
            ent = self.entities.setdefault(key, CEntity(key, type_, label))
        if mention:
            ent.mentions.append(self.art.source_span(*mention))
        return ent

    def project_for(self, zone: CEntity, s: Sentence) -> CEntity:
        p = self.node("project", f"{zone.key}-project", "InvestmentProject", f"{zone.label} construction project")
        self.fact(p, "develops", zone.key, s, 0.7, "project-of")
        return p

    def government_of(self, place: CEntity, span: tuple[int, int] | None = None) -> CEntity | None:
        if self.kind(place) != "place":
            return place
        gov_type = {"District": "DistrictGovernment", "County": "CountyGovernment",
                    "Municipality": "MunicipalGovernment"}.get(place.type, "GovernmentBody")
        label = f"{place.label} {'Municipal ' if gov_type == 'MunicipalGovernment' else ''}Government"
        govs = {t for t in self.ex.onto.seed_classes if self.ex.kind_of_type(t) == "government"}
        r = self.gaz.resolve(label, govs)
        if r and r.id:
            ent = self.entities.setdefault(r.id, CEntity(r.id, self.gaz.entries[r.id].type, self.gaz.entries[r.id].label,
                                                         True, r))
        else:
            ent = self.node("government", f"{place.key}-government", gov_type, label)
        ent.add_fact(CFact("governs", place.key, [], 0.6, "government-of"))
        if span:
            ent.mentions.append(self.art.source_span(*span))
        return ent

    def is_sub_org(self, e: CEntity, s: Sentence) -> bool:
        idx = [i for i, x in enumerate(s.ents) if x is e]
        return any(re.search(rf"⟦\d+⟧ of (?:the )?⟦{i}⟧", s.masked) for i in idx)

    def contains(self, a: CEntity, b: CEntity) -> bool:
        return any(f.prop == "locatedIn" and f.value == a.key for f in b.facts)

    def money_value(self, m: MoneyMatch) -> dict:
        self.used_money.add(m.start)
        v: dict[str, Any] = {"value": m.value, "currency": m.currency}
        if m.usd is not None:
            v["usd"] = m.usd
        if m.qualifier:
            v["qualifier"] = m.qualifier
        return v

    def date_value(self, d: DateMatch) -> Any:
        self.consumed.add(("date", d.start))
        return {"value": d.value, "relative": d.relative} if d.relative else d.value

    # -- pipeline ----------------------------------------------------------------------------
    def run(self) -> Candidate:
        text = self.art.text
        self._names(text)
        self._governments(text)
        values = self._values(text)
        self._relations(text, values)
        self._leftover_money(values)
        self._finish_gov_facts()
        cand = Candidate(self.doc_id, self.art.file, self.art.sha256, self.art.title,
                         self.art.date.isoformat() if self.art.date else None, self.art.date_basis,
                         warnings=list(self.art.warnings))
        for key in sorted(self.entities):
            e = self.entities[key]
            e.aliases = {a for a in e.aliases if a != e.label and a in self.art.source}
            cand.entities[key] = e
        return cand

    def _entity_for(self, m: Mention, resolution: Resolution | None) -> CEntity:
        if m.key in self.entities:
            return self.entities[m.key]
        if m.entry is not None:
            e = CEntity(m.key, m.entry.type, m.entry.label, True, resolution)
        else:
            e = CEntity(m.key, m.type, m.surface, False, resolution)
        self.entities[m.key] = e
        return e

    def _add_mention(self, m: Mention, resolution: Resolution | None) -> None:
        e = self._entity_for(m, resolution)
        e.mentions.append(self.art.source_span(m.start, m.end))
        if m.surface != e.label:
            e.aliases.add(m.surface)
        self.mentions.append(m)

    def _names(self, text: str) -> None:
        found = scan_gazetteer(text, self.gaz)
        for m in found:
            method = "exact" if m.surface == m.entry.label else "alias" if m.surface in m.entry.aliases else "normalised"
            self._add_mention(m, Resolution(m.surface, m.key, method, 100.0, [m.key]))
        # known names may sit inside longer unseen ones: an industry word ("Aurora Robotics Co., Ltd.") or a
        # one-word alias ("Zizhu" in "Zizhu Hi-tech Park")
        taken = [(m.start, m.end) for m in found if m.type != "Industry" and " " in m.surface.strip()]
        if self.art.date_span:
            taken.append(self.art.date_span)
        new_keys: dict[str, str] = {}
        starts = [m.start for m in found]  # gazetteer mentions: sorted, not overlapping
        for s, e, surface, typ in find_new_names(text, taken, self.gaz):
            i = bisect.bisect_left(starts, s)
            inside = [m for m in found[max(0, i - 1):bisect.bisect_left(starts, e)]
                      if m.start < e and m.end > s and id(m) not in self._dropped]
            if any(m.start < s or m.end > e for m in inside):
                continue  # a known name straddles the boundary: keep the known name
            kind = self.ex.kind_of_type(typ)
            same_kind = {t for t in self.ex.onto.seed_classes if self.ex.kind_of_type(t) == kind}
            # place names differ by a letter (Jinshan, Jiashan): no fuzzy matching for places
            r = self.gaz.resolve(surface, same_kind, fuzzy=kind != "place")
            known_inside = {m.key for m in inside if m.type != "Industry"}
            if known_inside and (r is None or {r.id} != known_inside):
                continue  # "Zizhu" stays Zizhu unless the longer name is the same entity
            for m in inside:
                self._drop_mention(m)
            if r and r.id:
                entry = self.gaz.entries[r.id]
                self._add_mention(Mention(s, e, surface, r.id, entry.type, r.method, entry), r)
            else:
                key = new_keys.get(canonical(surface)) or self._new_key(surface, typ)
                new_keys[canonical(surface)] = key
                self._add_mention(Mention(s, e, surface, key, typ, "pattern"), r)
            taken.append((s, e))
        self._committees(text)
        self.mentions = [m for m in self.mentions if id(m) not in self._dropped]
        used = bytearray(len(text))
        for m in self.mentions:
            used[m.start:m.end] = b"\x01" * (m.end - m.start)
        # untyped capitalised names that the graph knows by another spelling (typos, suffixes)
        for m in _NAME.finditer(text):
            s, e = _trim(text, *m.span())
            name = text[s:e]
            if e - s < 5 or used.find(1, s, e) >= 0 or type_of_name(name):
                continue
            r = self.gaz.resolve(name)
            if r and r.id and r.method in ("normalised", "fuzzy") and self.gaz.entries[r.id].type != "Industry":
                entry = self.gaz.entries[r.id]
                self._add_mention(Mention(s, e, name, r.id, entry.type, r.method, entry), r)
                used[s:e] = b"\x01" * (e - s)
        self.mentions.sort(key=lambda m: m.start)

    def _committees(self, text: str) -> None:
        """"Management Committee of the X Zone" manages X."""
        for m in self.mentions:
            e = self.entities[m.key]
            if e.type not in ("ManagementCommittee", "ExecutiveCommittee"):
                continue
            g = re.search(r"committee of (?:the )?(.+)$", m.surface, re.I)
            if not g:
                continue
            zone = next((z for z in self.entities.values() if self.kind(z) in ("zone", "park") and
                         (g.group(1) == z.label or g.group(1) in z.aliases)), None)
            if zone is None:
                r = self.gaz.resolve(g.group(1))
                zone = self.entities.get(r.id) if r and r.id else None
            if zone is not None:
                span = self.art.source_span(m.start, m.end)
                zone.add_fact(CFact("managedBy", e.key, [span], 0.7, "committee-of"))

    def _drop_mention(self, m: Mention) -> None:
        """Forget a mention (``self.mentions`` is filtered once the new names are in)."""
        self._dropped.add(id(m))
        e = self.entities[m.key]
        span = self.art.source_span(m.start, m.end)
        if span in e.mentions:
            e.mentions.remove(span)
        if not e.mentions and not e.facts:
            del self.entities[m.key]

    def _new_key(self, surface: str, typ: str) -> str:
        key = slugify(surface)
        while key in self.gaz or (key in self.entities and self.entities[key].type != typ):
            key += "-new"
        return key

    def _governments(self, text: str) -> None:
        """"⟦Minhang District⟧ government" names the place's government."""
        for m in list(self.mentions):
            e = self.entities[m.key]
            if self.kind(e) != "place":
                continue
            g = re.match(r"\s+(?:(?:municipal|district|city|county|provincial|people's)\s+)?government\b", text[m.end:m.end + 40], re.I)
            if g:
                gov = self.government_of(e)
                self.mentions.remove(m)
                e.mentions.remove(self.art.source_span(m.start, m.end))
                gm = Mention(m.start, m.end + g.end(), text[m.start:m.end + g.end()], gov.key, gov.type, "pattern")
                gov.mentions.append(self.art.source_span(gm.start, gm.end))
                if gm.surface != gov.label:
                    gov.aliases.add(gm.surface)
                self.mentions.append(gm)
        self.mentions.sort(key=lambda m: m.start)
        for key in [k for k, e in self.entities.items() if not e.mentions and not e.facts]:
            del self.entities[key]

    def _values(self, text: str) -> dict[str, list]:
        money = find_money(text)
        usd_restated = {m.usd for m in money if m.usd is not None}
        money = [m for m in money if not (m.currency == "USD" and m.value in usd_restated)]
        dates = [d for d in find_dates(text, self.art.date)
                 if not (self.art.date_span and d.start >= self.art.date_span[0] and d.end <= self.art.date_span[1])]
        return {"m": money, "a": find_areas(text), "c": find_counts(text), "d": dates}

    def _relations(self, text: str, values: dict[str, list]) -> None:
        self.mentions.sort(key=lambda m: m.start)
        self._starts = [m.start for m in self.mentions]
        vals = {k: (sorted(v, key=lambda x: x.start), [x.start for x in sorted(v, key=lambda x: x.start)])
                for k, v in values.items()}
        for a, b in sentence_spans(text):
            s = Sentence(a, b, text[a:b])
            lo, hi = bisect.bisect_left(self._starts, a), bisect.bisect_left(self._starts, b)
            items = [(m.start, m.end, "e", self.entities[m.key]) for m in self.mentions[lo:hi] if m.end <= b]
            for kind, (found, st) in vals.items():
                items += [(v.start, v.end, kind, v) for v in found[bisect.bisect_left(st, a):bisect.bisect_left(st, b)]
                          if v.end <= b]
            items = _non_overlapping(items)
            s.mask(items)
            self.sentences.append(s)
            for rule in RULES:
                rule(self, s)
            self._event_dates(s)
            self._update_topic(s)

    _TOPIC_KINDS = {"zone", "park", "event", "company", "organization", "government", "university", "institute"}

    def _update_topic(self, s: Sentence) -> None:
        """The sentence's grammatical subject (an entity among its first words) becomes the topic."""
        if re.match(r"^\s*(?:It|Its|The \w+|This|These|They)\b(?!\s*⟦)", s.masked):
            return
        head = s.masked[:60]
        for i in s.ents_in(0, len(head)):
            if self.kind(s.ents[i]) in self._TOPIC_KINDS:
                self.topic = s.ents[i]
                return

    def _event_dates(self, s: Sentence) -> None:
        dates = [d for d in s.values_in(0, len(s.masked), "d") if ("date", d.start) not in self.consumed]
        if not dates:
            return
        events = [e for e in s.ents if self.kind(e) == "event"]
        if not events and re.match(r"^\s*(?:It|The (?:competition|conference|event|expo|forum|fair|summit|ceremony))\b", s.masked):
            ev = self.recent({"event"}, s)
            events = [ev] if ev else []
        if events:
            self.fact(events[0], "date", self.date_value(dates[0]), s, 0.55, "event-date")

    def _leftover_money(self, values: dict[str, list]) -> None:
        """An amount no pattern placed becomes an Indicator of the sentence's subject, for review."""
        self._sentence_starts = [x.start for x in self.sentences]
        for m in values["m"]:
            if m.start in self.used_money:
                continue
            i = bisect.bisect_right(self._sentence_starts, m.start) - 1
            s = self.sentences[i] if i >= 0 and m.start < self.sentences[i].end else None
            if s is None:
                continue
            subj = next((e for e in s.ents if self.kind(e) not in ("industry",)), None) or \
                self.recent({"zone", "park", "place", "company", "organization", "event"}, s)
            if subj is None:
                continue
            ind = self.node("indicator", f"{subj.key}-amount-{m.start}", "Indicator", f"Amount stated about {subj.label}")
            self.fact(ind, "measures", subj.key, s, 0.4, "leftover-amount")
            self.fact(ind, "metric", "amount stated in the article (name the metric when reviewing)", s, 0.3, "leftover-amount")
            self.fact(ind, "amount", self.money_value(m), s, 0.4, "leftover-amount")

    def _finish_gov_facts(self) -> None:
        for e in self.entities.values():
            for f in e.facts:
                if not f.evidence:
                    place = self.entities.get(f.value)
                    f.evidence = sorted(set(place.mentions))[:1] if place and place.mentions else []
            e.facts = [f for f in e.facts if f.evidence]


def _non_overlapping(items: list[tuple[int, int, str, Any]]) -> list[tuple[int, int, str, Any]]:
    """Entity mentions win over values they overlap ("2020 China Expo" is a name, not a date)."""
    items = sorted(items, key=lambda i: (i[2] != "e", -(i[1] - i[0]), i[0]))
    out: list[tuple[int, int, str, Any]] = []
    for it in items:
        if all(it[1] <= o[0] or it[0] >= o[1] for o in out):
            out.append(it)
    return sorted(out)
