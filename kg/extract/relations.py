"""Relation patterns of news prose over masked sentences (see :mod:`kg.extract.sentences`).

Each rule reads one sentence and adds facts through the :class:`Context` it is given: the
entity kinds (``zone``, ``place``, ``org``, ``person``, ``event``, ``industry`` ...) decide
which property a phrase becomes, e.g. "⟦a⟧ in ⟦b⟧" is ``locatedIn`` for a park in a district
and ``partOfZone`` for a park in a zone. A subject left to a pronoun ("It", "The park") is
the entity of the right kind most recently named.
"""

from __future__ import annotations

import re
from typing import Callable, Protocol

from .candidate import CEntity
from .sentences import E, Sentence

__all__ = ["RULES", "Context"]

LIST = rf"{E}(?:(?:\s*,\s*(?:and\s+)?|\s+and\s+|\s*&\s*|\s+as well as\s+)(?:the\s+)?{E})*"
ZONES = {"park", "zone"}
ORGS = {"company", "government", "university", "institute", "organization"}
AGENTS = ORGS | {"person"}
FUTURE = re.compile(r"\b(goal|plans?|planned|aims?|strive|set to|to build|to develop|cultivate|promot(?:e|ing) the "
                    r"development|to attract|targets?)\b", re.I)


class Context(Protocol):
    def kind(self, e: CEntity) -> str: ...
    def fact(self, subj: CEntity, prop: str, value, s: Sentence, conf: float, rule: str) -> None: ...
    def recent(self, kinds: set[str], s: Sentence) -> CEntity | None: ...
    def node(self, kind: str, key: str, type_: str, label: str, mention: tuple[int, int] | None = None) -> CEntity: ...
    def article_span(self, s: Sentence, a: int, b: int) -> tuple[int, int]: ...


def _at(s: Sentence, m: re.Match, group: str) -> CEntity:
    """The entity of the (first) token inside a named group of a match."""
    return s.ents[s.ents_in(m.start(group), m.end(group))[0]]


def _ents(ctx: Context, s: Sentence, a: int, b: int, kinds: set[str]) -> list[CEntity]:
    out = []
    for i in s.ents_in(a, b):
        e = s.ents[i]
        if ctx.kind(e) in kinds and e not in out:
            out.append(e)
    return out


PRONOUN = re.compile(r"^\s*(?:It|Its|The \w+(?:['’]s)?|This \w+|These \w+|They)\b(?!\s*⟦)")


def _subject(ctx: Context, s: Sentence, pos: int, kinds: set[str], after: bool = False) -> CEntity | None:
    """The nearest entity of ``kinds`` before ``pos`` (or after it), else the topic or the most recent one.

    A sentence opening with a pronoun ("It", "The park's") speaks of the current topic.
    """
    if PRONOUN.match(s.masked):
        topic = ctx.topic
        if topic is not None and ctx.kind(topic) in kinds:
            return topic
    before = _ents(ctx, s, 0, pos, kinds)
    if before:
        return before[-1]
    if after:
        later = _ents(ctx, s, pos, len(s.masked), kinds)
        if later:
            return later[0]
    return ctx.recent(kinds, s)


# -- rules -----------------------------------------------------------------------------------
def agreements(ctx: Context, s: Sentence) -> None:
    rx = re.compile(rf"(?P<a>{LIST})[^⟦.]{{0,40}}?\b(?:signed|inked|sealed|concluded|reached|entered into)\s+"
                    r"(?:an?\s+|the\s+)?(?P<kind>(?:[\w-]+\s+){0,4}?)(?P<noun>agreements?|deals?|memorandum(?: of understanding)?|"
                    rf"MoU|contracts?|pacts?)\b(?:\s+with\s+(?:the\s+)?(?P<b>{LIST}))?", re.I)
    for m in rx.finditer(s.masked):
        parties = _ents(ctx, s, m.start("a"), m.end("a"), AGENTS | {"place"})
        if m.group("b"):
            parties += [e for e in _ents(ctx, s, m.start("b"), m.end("b"), AGENTS | {"place"}) if e not in parties]
        parties = [ctx.government_of(p) if ctx.kind(p) == "place" else p for p in parties]
        if len(parties) < 2:
            continue
        kind = m.group("kind").lower()
        typ = "StrategicCooperationAgreement" if re.search(r"strategic|cooperation|framework", kind) else \
            "InvestmentContract" if re.search(r"investment|contract", kind + m.group("noun").lower()) else "Agreement"
        dates = s.values_in(0, len(s.masked), "d")
        year = dates[0].value[:4] if dates else None
        key = "-".join(p.key for p in parties[:2]) + "-agreement" + (f"-{year}" if year else "")
        label = f"{parties[0].label} - {parties[1].label} {(kind + m.group('noun')).strip()}" + (f" ({year})" if year else "")
        ag = ctx.node("agreement", key, typ, label, ctx.article_span(s, m.start("kind"), m.end("noun")))
        for p in parties:
            ctx.fact(ag, "party", p.key, s, 0.8, "agreement")
        if dates:
            ctx.fact(ag, "date", ctx.date_value(dates[0]), s, 0.7, "agreement-date")
        for ind in _ents(ctx, s, m.end(), len(s.masked), {"industry"}):
            ctx.fact(ag, "field", ind.key, s, 0.6, "agreement-field")
            ctx.consumed.add((s.start, ind.key))


def presence(ctx: Context, s: Sentence) -> None:
    rx_attract = re.compile(rf"(?P<z>{E})[^⟦.]{{0,30}}?\b(?:has |have |had )?(?:attracted|gathered|is home to|hosts|houses|"
                            r"drew|has drawn|brought in|lured|welcomed)\b(?P<rest>[^.;]*)", re.I)
    if PRONOUN.match(s.masked):
        m = re.search(r"\b(?:has |have |had )?(?:attracted|gathered|is home to|hosts|houses|drew|has drawn|lured|welcomed)\b(?P<rest>[^.;]*)", s.masked)
        z = _subject(ctx, s, 0, ZONES)
        if m and z:
            for o in _ents(ctx, s, m.start("rest"), m.end("rest"), ORGS):
                ctx.fact(o, "presentIn", z.key, s, 0.7, "attracted")
    for m in rx_attract.finditer(s.masked):
        z = _at(s, m, "z")
        if ctx.kind(z) in ZONES:
            for o in _ents(ctx, s, m.start("rest"), m.end("rest"), ORGS):
                ctx.fact(o, "presentIn", z.key, s, 0.75, "attracted")
    rx_in = re.compile(rf"(?P<o>{LIST})[^⟦.]{{0,40}}?\b(?:were|was|have been|has been|had been)\s+(?:introduced|brought|attracted|lured)"
                       rf"\s+(?:in)?to\s+(?:the\s+)?(?P<z>{E})", re.I)
    rx_settle = re.compile(rf"(?P<o>{LIST})[^⟦.]{{0,40}}?\b(?:has |have |had |will |would |is to |plans to )?"
                           r"(?:settled|settle|set up|sets up|opened|opens|open|established|establish|moved|move|relocated|"
                           rf"based|located|registered)\b[^⟦.]{{0,40}}?\b(?:in|into|at)\s+(?:the\s+)?(?P<z>{E})", re.I)
    for rx, rule in ((rx_in, "introduced-to"), (rx_settle, "settled-in")):
        for m in rx.finditer(s.masked):
            z = _at(s, m, "z")
            for o in _ents(ctx, s, m.start("o"), m.end("o"), ORGS):
                if ctx.kind(z) in ZONES:
                    ctx.fact(o, "presentIn", z.key, s, 0.75, rule)
                elif ctx.kind(z) == "place" and ctx.kind(o) == "company" and rule == "settled-in":
                    ctx.fact(o, "headquarteredIn", z.key, s, 0.4, "based-in") if "based" in m.group(0) else None


def location(ctx: Context, s: Sentence) -> None:
    rx = re.compile(rf"(?P<s>{E})(?:\s*,)?\s+(?:(?:is|are|was|will be)\s+)?(?:located|situated|based|sitting|lying|built)?\s*"
                    rf"(?:by\s+(?:the\s+)?{E}\s+)?(?P<p>in|of|at|within)\s+(?:the\s+)?(?:(?:city|district|town|county|province) of\s+)?(?P<o>{E})")
    for m in rx.finditer(s.masked):
        subj, obj = _at(s, m, "s"), _at(s, m, "o")
        ks, ko = ctx.kind(subj), ctx.kind(obj)
        if subj is obj:
            continue
        if ks in ("place", "zone", "park", "facility") and ko == "place" and not ctx.contains(subj, obj):
            if ks == "place" and m.group("p") == "at":
                continue
            ctx.fact(subj, "locatedIn", obj.key, s, 0.7, "x-in-place")
        elif ks in ("park", "zone") and ko in ("park", "zone") and m.group("p") in ("in", "within"):
            ctx.fact(subj, "partOfZone", obj.key, s, 0.6, "zone-in-zone")
        elif ks == "facility" and ko in ("park", "zone"):
            ctx.fact(subj, "partOfZone" if m.group("p") == "in" else "locatedIn", obj.key, s, 0.6, "facility-in-zone")
        elif ks in ORGS and ko in ORGS and m.group("p") == "of" and ctx.entity_type(subj) in (
                "IndustryBody", "ManagementCommittee", "ExecutiveCommittee") and "committee" in subj.label.lower():
            ctx.fact(subj, "subOrganizationOf", obj.key, s, 0.6, "committee-of")
    # lists of facilities "A, B at the Zone"
    for m in re.finditer(rf"(?P<l>{LIST})\s+(?:at|in)\s+(?:the\s+)?(?P<o>{E})", s.masked):
        obj = s.ents[s.ents_in(m.start("o"), m.end("o"))[0]]
        if ctx.kind(obj) in ("park", "zone"):
            for f in _ents(ctx, s, m.start("l"), m.end("l"), {"facility"}):
                ctx.fact(f, "locatedIn", obj.key, s, 0.6, "facilities-at-zone")


def headquarters(ctx: Context, s: Sentence) -> None:
    for m in re.finditer(rf"(?P<o>{E}),\s+an?\s+(?:[\w-]+\s+){{0,3}}?(?P<p>{E})-(?:based|headquartered)\b", s.masked):
        o, p = _at(s, m, "o"), _at(s, m, "p")
        if ctx.kind(o) in ORGS and ctx.kind(p) == "place":
            ctx.fact(o, "headquarteredIn", p.key, s, 0.8, "x-based")
    for m in re.finditer(rf"(?P<o>{E})[^⟦.]{{0,20}}?\b(?:headquartered|based)\s+in\s+(?:the\s+)?(?P<p>{E})", s.masked):
        o, p = _at(s, m, "o"), _at(s, m, "p")
        if ctx.kind(o) in ORGS and ctx.kind(p) == "place":
            ctx.fact(o, "headquarteredIn", p.key, s, 0.8, "based-in")


def by_lists(ctx: Context, s: Sentence) -> None:
    """"... jointly established by A, B and C", "hosted by", "led by", "supported by", "approved by"."""
    for m in re.finditer(r"\b(?P<v>(?:jointly\s+|co-)?(?:established|built|founded|developed|set up|launched|created|"
                         r"hosted|organi[sz]ed|sponsored|held|led|supported|backed|managed|run|operated))\s+by\b", s.masked, re.I):
        verb = m.group("v").lower()
        tail_end = len(s.masked)
        stop = re.search(r"\s(?:will|is|are|was|were|to|which|that)\s|;|\.\s", s.masked[m.end():])
        if stop and not verb.startswith("support"):
            tail_end = m.end() + stop.start()
        tail = s.masked[m.end():tail_end]
        agents = []
        for i in s.ents_in(m.end(), tail_end):
            a = s.ents[i]
            if ctx.kind(a) == "place":
                pos = s.masked.index(f"⟦{i}⟧")
                if "government" not in tail.lower() or re.search(r"\b(?:in|of|from)\s+(?:the\s+)?$|-$", s.masked[:pos]) and \
                        not re.search(r"governments? of\s+(?:the\s+)?$", s.masked[:pos]):
                    continue
                a = ctx.government_of(a, s.ent_spans[i])
            elif ctx.kind(a) not in AGENTS or re.search(r"-(?:based|headquartered)", s.masked[s.masked.index(f"⟦{i}⟧"):][:20]):
                continue
            if a not in agents:
                agents.append(a)
        agents = [a for a in agents if a is not None and not ctx.is_sub_org(a, s)]
        if not agents:
            continue
        if re.search(r"host|organi|sponsor|held", verb):
            ev = _subject(ctx, s, m.start(), {"event"})
            if ev:
                for a in agents:
                    if ctx.kind(a) in ORGS:
                        ctx.fact(ev, "organizer", a.key, s, 0.75, "hosted-by")
        elif verb.startswith("led"):
            subj = _subject(ctx, s, m.start(), {"event", "zone", "park"})
            for a in agents:
                if subj and ctx.kind(subj) == "event":
                    ctx.fact(subj, "presenter" if ctx.kind(a) == "person" else "organizer", a.key, s, 0.6, "led-by")
                elif subj and ctx.kind(a) in ORGS:
                    ctx.fact(subj, "managedBy", a.key, s, 0.5, "led-by")
        elif re.search(r"support|back", verb):
            z = _subject(ctx, s, m.start(), {"zone", "park"}, after=True)
            if z:
                for a in agents:
                    if ctx.kind(a) in ORGS:
                        ctx.fact(z, "supportedBy", a.key, s, 0.7, "supported-by")
        elif re.search(r"manag|run|operat", verb):
            z = _subject(ctx, s, m.start(), {"zone", "park", "facility"})
            if z:
                for a in agents:
                    if ctx.kind(a) in ORGS:
                        ctx.fact(z, "managedBy", a.key, s, 0.7, "managed-by")
        else:
            z = _subject(ctx, s, m.start(), {"zone", "park", "facility"})
            if z:
                for a in agents:
                    if ctx.kind(a) in ORGS:
                        ctx.fact(z, "jointlyEstablishedBy", a.key, s, 0.75, "established-by")


def people(ctx: Context, s: Sentence) -> None:
    from .names import _TITLES
    for m in re.finditer(rf"(?P<p>{E}),\s+(?:the\s+)?(?P<t>{_TITLES})\s+(?:of|at)\s+(?:the\s+)?(?P<o>{E})", s.masked, re.I):
        p, o = _at(s, m, "p"), _at(s, m, "o")
        if ctx.kind(p) != "person" or ctx.kind(o) not in ORGS:
            continue
        title = m.group("t").title().replace("Ceo", "CEO")
        post = ctx.node("post", f"{title.lower().replace(' ', '-')}-{o.key}", "Post", f"{title} of the {o.label}")
        ctx.fact(p, "holdsPost", post.key, s, 0.8, "person-title-of")
        ctx.fact(post, "postTitle", title, s, 0.8, "person-title-of")
        ctx.fact(post, "postIn", o.key, s, 0.8, "person-title-of")
    for m in re.finditer(rf"(?P<p>{E})(?:,[^.]*?,)?\s+(?:led|hosted|presented)\b", s.masked):
        p = _at(s, m, "p")
        if ctx.kind(p) == "person":
            ev = _subject(ctx, s, m.start(), {"event"})
            if ev:
                ctx.fact(ev, "presenter", p.key, s, 0.6, "person-led")


def designations(ctx: Context, s: Sentence) -> None:
    rx = re.compile(rf"(?P<z>{E})[^⟦.]{{0,20}}?\b(?:approved|designated|named|listed|recognized|recognised|selected|certified|"
                    rf"awarded)\b(?:\s+by\s+(?:the\s+)?(?P<by>{E}))?\s*(?:to be|as|the title of|among)\s+(?:an?\s+|the\s+)?"
                    rf"[“\"]?(?P<t>{E})", re.I)
    for m in rx.finditer(s.masked):
        z, t = _at(s, m, "z"), _at(s, m, "t")
        if ctx.kind(z) not in ("zone", "park") or ctx.kind(t) != "title":
            continue
        d = ctx.node("designation", f"{z.key}-{t.key}", "Designation", f"{z.label} as {t.label}")
        ctx.fact(d, "designee", z.key, s, 0.8, "designated-as")
        ctx.fact(d, "designationTitle", t.key, s, 0.8, "designated-as")
        if m.group("by"):
            by = _at(s, m, "by")
            if ctx.kind(by) in ORGS:
                ctx.fact(d, "grantedBy", by.key, s, 0.8, "approved-by")
        rest = s.masked[m.end():]
        par = re.match(r"[”\"]?\s*\(([^)]*)\)", rest)
        if par:
            a = m.end() + par.start(1)
            for ind in _ents(ctx, s, a, a + len(par.group(1)), {"industry"}):
                ctx.fact(d, "field", ind.key, s, 0.7, "designation-field")
                ctx.consumed.add((s.start, ind.key))
        b = re.search(r"\b(?:in\s+)?the\s+(\d+)(?:st|nd|rd|th)\s+batch\b", rest)
        if b:
            ctx.fact(d, "batch", int(b.group(1)), s, 0.8, "batch")


def supports(ctx: Context, s: Sentence) -> None:
    for m in re.finditer(rf"\b(?:support|fuel|boost|drive|serve|benefit)(?:s|ed|ing)?\s+(?:the\s+)?(?:development\s+of\s+)?"
                         rf"(?:the\s+)?(?:{E}['’]s\s+)?{E}", s.masked):
        obj = s.ents[int(m.group(2))]
        subj = _subject(ctx, s, m.start(), {"zone", "park", "facility", "project"})
        if subj and ctx.kind(obj) in ("zone", "park", "industry") and obj is not subj:
            ctx.fact(subj, "supports", obj.key, s, 0.6, "supports")
            ctx.consumed.add((s.start, obj.key))


def components(ctx: Context, s: Sentence) -> None:
    for m in re.finditer(r"\b(?:including|such as|consisting of|comprising|made up of)\b", s.masked):
        zone = _subject(ctx, s, m.start(), {"zone", "park"})
        if not zone:
            continue
        for f in _ents(ctx, s, m.end(), len(s.masked), {"facility"}):
            ctx.fact(zone, "hasComponent", f.key, s, 0.6, "including-facilities")
            ctx.fact(f, "partOfZone", zone.key, s, 0.6, "including-facilities")


def connects(ctx: Context, s: Sentence) -> None:
    for m in re.finditer(r"\b(?:connects|links|will connect|will link|connecting|linking|joins)\b", s.masked):
        subj = _subject(ctx, s, m.start(), {"zone", "park", "facility"})
        if not subj:
            continue
        for o in _ents(ctx, s, m.end(), len(s.masked), {"zone", "park", "facility"}):
            if o is not subj:
                ctx.fact(subj, "connects", o.key, s, 0.75, "connects")


def events(ctx: Context, s: Sentence) -> None:
    for m in re.finditer(rf"(?P<e>{E})\s+(?:at|in)\s+(?:the\s+)?(?P<v>{E})", s.masked):
        ev, v = _at(s, m, "e"), _at(s, m, "v")
        if ctx.kind(ev) == "event" and ctx.kind(v) == "facility":
            ctx.fact(ev, "venue", v.key, s, 0.6, "event-at-venue")
    for m in re.finditer(rf"\b(?:opened|opens|held|staged|took place|takes place|kicked off|was launched)\b[^⟦.]{{0,30}}?\bat\s+"
                         rf"(?:the\s+)?{E}", s.masked):
        v = s.ents[int(m.group(1))]
        ev = _subject(ctx, s, m.start(), {"event"})
        if ev and ctx.kind(v) == "facility":
            ctx.fact(ev, "venue", v.key, s, 0.6, "opened-at")
    for m in re.finditer(rf"\b(?:with a focus on|focusing on|focused on|centring on|centering on)\s+(?:the\s+)?{E}", s.masked):
        z = s.ents[int(m.group(1))]
        ev = _subject(ctx, s, m.start(), {"event"})
        if ev and ctx.kind(z) in ("zone", "park"):
            ctx.fact(ev, "focusZone", z.key, s, 0.6, "focus-on")
    for m in re.finditer(rf"\b(?:be\s+|he\s+)?(?:held|take place|takes place|took place|hosted|staged)\s+in\s+(?:the\s+)?(?P<p>{E})", s.masked):
        p = _at(s, m, "p")
        ev = _subject(ctx, s, m.start(), {"event"})
        if ev and ctx.kind(p) in ("place", "zone", "park"):
            ctx.fact(ev, "heldIn", p.key, s, 0.7, "held-in")


def projects(ctx: Context, s: Sentence) -> None:
    """Investment, area, ground-breaking, operation dates, jobs; signed batches of N projects."""
    text = s.masked
    batch = re.search(r"⟪c(\d+)⟫", text)
    count = s.values.get(f"c{batch.group(1)}") if batch else None
    if count is not None and count.noun == "projects" and re.search(r"worth|investment|signed|contracted|inked", text):
        key = f"{count.value}-projects-signed-{ctx.doc_date or ctx.doc_id}"
        b = ctx.node("agreement", key, "SigningBatch", f"{count.value} projects signed (article of {ctx.doc_date or ctx.doc_id})",
                     (count.start, count.end))
        ctx.fact(b, "projectCount", _q(count.value, count.qualifier), s, 0.8, "n-projects")
        money = s.values_in(0, len(text), "m")
        if money:
            ctx.fact(b, "investmentAmount", ctx.money_value(money[0]), s, 0.75, "n-projects-worth")
        if re.search(r"\bsigned|inked|contracted", text):
            for d in s.values_in(0, len(text), "d"):
                ctx.fact(b, "date", ctx.date_value(d), s, 0.6, "signed-on")
                break
        for m in re.finditer(rf"\bat\s+(?:the\s+)?{E}", text):
            v = s.ents[int(m.group(1))]
            ctx.fact(b, "signedAt" if ctx.kind(v) in ("facility", "place") else "signedDuring", v.key, s, 0.6, "signed-at")
        for m in re.finditer(rf"\b(?:during|from)\s+(?:the\s+)?(?:ongoing\s+)?{E}", text):
            v = s.ents[int(m.group(1))]
            if ctx.kind(v) == "event":
                ctx.fact(b, "signedDuring", v.key, s, 0.6, "signed-during")
        for m in re.finditer(rf"\bin\s+(?:the\s+)?{E}", text):
            v = s.ents[int(m.group(1))]
            if ctx.kind(v) in ("zone", "park"):
                ctx.fact(b, "beneficiary", v.key, s, 0.5, "projects-in-zone")
        ctx.last_batch = b
        return
    inv = re.search(r"\b(?:with\s+(?:an?\s+|a total\s+|a combined\s+)?(?:total\s+|planned\s+)?investment\s+(?:of\s+|totaling\s+|worth\s+)?|"
                    r"invest(?:s|ed|ing)?\s+|costing\s+|cost\s+of\s+)(?:⟪m(\d+)⟫)", text)
    ground = re.search(r"\b(?:broke ground|break ground|breaks ground|started construction|began construction|"
                       r"construction (?:started|began|kicked off))\b[^.]*?⟪d(\d+)⟫", text)
    operate = re.search(r"\b(?:begin|start|go into|put into|come into|enter|be put into|open|opening|be operational|be completed|"
                        r"be finished|be delivered)\s*(?:full\s+|trial\s+)?(?:operations?|service|use|production|business)?\s*"
                        r"(?:in|by|before|at the end of|end of)\s+⟪d(\d+)⟫", text)
    area = re.search(r"⟪a(\d+)⟫", text)
    jobs = count if count is not None and count.noun in ("jobs", "job opportunities", "positions", "professionals",
                                                           "employees", "workers", "talents") else None
    if not (inv or ground or operate or area or jobs):
        return
    first = min(m.start() for m in (inv, ground, operate, area) if m) if (inv or ground or operate or area) else len(text)
    subjects = _ents(ctx, s, 0, (operate.start() if operate else first) + 1, {"zone", "park", "facility"}) if operate else []
    zone = _subject(ctx, s, first if not area else len(text), {"zone", "park", "facility"}, after=True)
    investor = None
    if inv and re.search(r"invest(?:s|ed|ing)?\s", text[inv.start():inv.end()]):
        agents = _ents(ctx, s, 0, inv.start(), ORGS)
        investor = agents[-1] if agents else None
        after = _ents(ctx, s, inv.end(), len(text), {"zone", "park", "facility"})
        zone = after[0] if after else zone
    if zone is None:
        return
    project = ctx.project_for(zone, s)
    if inv:
        ctx.fact(project, "investmentAmount", ctx.money_value(s.values[f"m{inv.group(1)}"]), s, 0.75, "investment-of")
    if investor:
        ctx.fact(project, "investor", investor.key, s, 0.7, "x-invested-in")
    if area:
        a = s.values[f"a{area.group(1)}"]
        ctx.fact(project, "area", {"value": a.value, "unit": a.unit}, s, 0.7, "area")
    if ground:
        ctx.fact(project, "brokeGroundIn", ctx.date_value(s.values[f"d{ground.group(1)}"]), s, 0.75, "broke-ground")
    if operate:
        d = ctx.date_value(s.values[f"d{operate.group(1)}"])
        ctx.fact(project, "expectedOperationIn", d, s, 0.7, "begin-operations")
        for z in subjects or [zone]:
            ctx.fact(z, "expectedOperationIn", d, s, 0.7, "begin-operations")
    if jobs:
        ctx.fact(project, "jobTarget", _q(jobs.value, jobs.qualifier), s, 0.6, "jobs")


def _q(value, qualifier):
    return {"value": value, "qualifier": qualifier} if qualifier else value


def counts(ctx: Context, s: Sentence) -> None:
    """Participants, viewers and likes of an event; institutions brought into a zone."""
    for key, c in s.values.items():
        if not key.startswith("c"):
            continue
        prop = {"viewers": "viewerCount", "likes": "likeCount", "participants": "participantCount",
                "experts": "participantCount", "exhibitors": "participantCount", "visitors": "participantCount",
                "companies": "participantCount", "institutions": "institutionCount"}.get(c.noun)
        if prop is None:
            continue
        kinds = {"zone", "park"} if prop == "institutionCount" else {"event"}
        if prop == "participantCount" and c.noun == "companies" and not re.search(r"participat|entr|signed up|attracted", s.text):
            continue
        subj = _subject(ctx, s, len(s.masked), kinds)
        if subj:
            ctx.fact(subj, prop, _q(c.value, c.qualifier), s, 0.55, f"count-{c.noun}")


def industries(ctx: Context, s: Sentence) -> None:
    """Industry lists: a subject's focus, leading or planned industries, and "A, B and other C" as broader."""
    text = s.masked
    for m in re.finditer(rf"{E}\s*\((?P<in>[^)]*)\)", text):
        outer = s.ents[int(m.group(1))]
        if ctx.kind(outer) == "industry":
            for inner in _ents(ctx, s, m.start("in"), m.end("in"), {"industry"}):
                ctx.fact(inner, "broader", outer.key, s, 0.6, "parenthesis")
    for m in re.finditer(rf"(?P<l>{LIST})\s*,?\s+and other\s+(?:[\w-]+\s+){{0,2}}?(?P<o>{E})", text):
        outer = s.ents[s.ents_in(m.start("o"), m.end("o"))[0]]
        if ctx.kind(outer) == "industry":
            for inner in _ents(ctx, s, m.start("l"), m.end("l"), {"industry"}):
                ctx.fact(inner, "broader", outer.key, s, 0.6, "and-other")
    for m in re.finditer(rf"{E}\s+(?:industry\s+)?represented by\s+(?:the\s+)?{E}", text):
        outer, inner = s.ents[int(m.group(1))], s.ents[int(m.group(2))]
        if ctx.kind(outer) == ctx.kind(inner) == "industry":
            ctx.fact(inner, "broader", outer.key, s, 0.6, "represented-by")
    for m in re.finditer(rf"{E}['’]s\s+{E}", text):
        place, ind = s.ents[int(m.group(1))], s.ents[int(m.group(2))]
        if ctx.kind(place) == "place" and ctx.kind(ind) == "industry":
            ctx.fact(place, "hasIndustryFocus", ind.key, s, 0.6, "place-s-industry")
            ctx.consumed.add((s.start, ind.key))
    for m in re.finditer(rf"{E}\s+(?:[\w-]+\s+){{0,2}}(?:activity|event|promotion|programme|program)?\s*[“\"]?{E}", text):
        ind, ev = s.ents[int(m.group(1))], s.ents[int(m.group(2))]
        if ctx.kind(ind) == "industry" and ctx.kind(ev) == "event":
            ctx.fact(ev, "hasIndustryFocus", ind.key, s, 0.6, "industry-event")
            ctx.consumed.add((s.start, ind.key))
    if re.match(r"^\s*(?:Among them|Of them|Of these|These projects|Among the projects)\b", text) and ctx.last_batch:
        for ind in _ents(ctx, s, 0, len(text), {"industry"}):
            ctx.fact(ctx.last_batch, "field", ind.key, s, 0.6, "batch-field")
        return
    leading = set()
    for m in re.finditer(rf"(?P<l>{LIST})\s*,?\s+(?:and other|as the|as its|as)\s+(?:[\w-]+\s+)?leading industr|"
                         rf"leading industr\w*\s+(?:such as|including|like|of|:)\s+(?P<r>{LIST})", text, re.I):
        g = "l" if m.group("l") else "r"
        leading.update(e.key for e in _ents(ctx, s, m.start(g), m.end(g), {"industry"}))
    inds = [e for e in _ents(ctx, s, 0, len(text), {"industry"}) if (s.start, e.key) not in ctx.consumed]
    if not inds:
        return
    first_ind = min(s.ents_in(0, len(text))[i] for i in range(len(s.ents)) if ctx.kind(s.ents[i]) == "industry")
    first_pos = text.index(f"⟦{first_ind}⟧")
    subj = None
    for e in _ents(ctx, s, 0, first_pos, {"zone", "park", "company", "event", "organization", "place", "agreement"}):
        subj = e
        break
    if subj is None or PRONOUN.match(text):
        subj = ctx.topic if ctx.topic is not None else subj
    if subj is None:
        return
    if ctx.kind(subj) == "place" and not re.match(rf"^\s*{E}", text):
        return
    zone_like = ctx.kind(subj) in ("zone", "park")
    for ind in inds:
        if ind is subj:
            continue
        if zone_like and ind.key in leading:
            prop = "leadingIndustry"
        elif zone_like and FUTURE.search(text):
            prop = "plannedIndustry"
        else:
            prop = "hasIndustryFocus"
        ctx.fact(subj, prop, ind.key, s, 0.5, "industry-list")


RULES: list[Callable[[Context, Sentence], None]] = [
    agreements, designations, people, presence, location, headquarters, by_lists, supports, components, connects,
    events, projects,
    counts, industries,
]
