"""What the explorer pages show: plain data gathered through the :class:`~kg.KnowledgeGraph` facade.

Each function returns dicts and lists of text for a Jinja template (which escapes all of it).
Lookups run as SPARQL through ``kg.query`` with bound parameters, so they work on any store.

>>> href("https://w3id.org/techpark-kg/id/company/netease")
'/id/company/netease'
>>> href("https://w3id.org/techpark-kg/ontology#Park"), href("https://w3id.org/techpark-kg/graph/abc")
('/ontology/Park', '/source/abc')
>>> href('urn:x:"quoted" & <odd>')
'/resource?iri=urn%3Ax%3A%22quoted%22%20%26%20%3Codd%3E'
"""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from rdflib import URIRef

from ..errors import EntityNotFound
from ..namespaces import BASE, GRAPH, ID, TP

if TYPE_CHECKING:
    from .. import KnowledgeGraph

__all__ = ["href", "short", "entity_page", "resource_page", "sources", "source_page", "ontology", "term_page",
           "home_counts"]

ONTOLOGY_NS = str(TP._NS)
HIDDEN_CLASSES = {"Evidence", "SourceGraph", "Article"}
_IRI_OK = re.compile(r'[A-Za-z][\w+.-]*:[^<>"{}|^`\\\x00-\x20]*')


def href(iri: str) -> str:
    """The explorer path of an IRI: ``/id/...`` for resources, ``/ontology/X``, ``/source/doc``, else ``/resource``."""
    if iri.startswith(str(ID) + "document/"):
        return "/source/" + quote(iri[len(str(ID) + "document/"):], safe="")
    if iri.startswith(str(ID)):
        return "/id/" + quote(iri[len(str(ID)):], safe="/")
    if iri.startswith(ONTOLOGY_NS) and iri[len(ONTOLOGY_NS):].isidentifier():
        return "/ontology/" + iri[len(ONTOLOGY_NS):]
    if iri.startswith(str(GRAPH)) and "/" not in iri[len(str(GRAPH)):]:
        return "/source/" + quote(iri[len(str(GRAPH)):], safe="")
    return "/resource?iri=" + quote(iri, safe="")


def short(iri: str) -> str:
    """A compact name for an IRI: ``tp:Park``, ``id:company/netease``, or the IRI itself."""
    from ..namespaces import PREFIXES

    for prefix, ns in sorted(PREFIXES.items(), key=lambda kv: -len(kv[1])):
        if iri.startswith(ns) and len(iri) > len(ns):
            return f"{prefix}:{iri[len(ns):]}"
    return iri


def _label(kg: "KnowledgeGraph", iri: str) -> str:
    return kg.names.preferred.get(URIRef(iri)) or short(iri)


def _link(kg: "KnowledgeGraph", value: Any) -> dict[str, str | None]:
    """A value for a template: ``text`` and, for IRIs, ``href``."""
    if isinstance(value, str) and value.startswith(("http://", "https://", "urn:")):
        return {"text": _label(kg, value), "href": href(value), "iri": value}
    return {"text": "" if value is None else str(value), "href": None, "iri": None}


def home_counts(kg: "KnowledgeGraph") -> dict[str, Any]:
    """Entities per class and quads per graph, for the front page."""
    info = kg.info()
    classes = sorted(((k, n) for k, n in info["classes"].items() if k not in HIDDEN_CLASSES), key=lambda kv: (-kv[1], kv[0]))
    return {"classes": classes, "entities": sum(n for _, n in classes), "quads": sum(info["graphs"].values())}


def _doc_id(iri: str) -> str:
    return iri.rsplit("/", 1)[-1]


def sources(kg: "KnowledgeGraph") -> list[dict[str, Any]]:
    """The source articles: id, title, date, publisher and number of quads in their graph."""
    rows = kg.query("""
        SELECT ?graph ?doc ?title ?date ?publisher WHERE {
          GRAPH graph:provenance { ?graph prov:wasDerivedFrom ?doc . ?doc dcterms:title ?title .
                                   OPTIONAL { ?doc tp:date ?date } OPTIONAL { ?doc tp:publisher ?publisher } }
        } ORDER BY ?date ?doc""")
    counts = kg.info()["graphs"]
    out, seen = [], set()
    for r in rows:
        doc_id = _doc_id(r["graph"])
        if doc_id in seen:
            continue
        seen.add(doc_id)
        out.append({"id": doc_id, "title": r["title"], "date": r["date"], "href": "/source/" + quote(doc_id, safe=""),
                     "publisher": _link(kg, r["publisher"]) if r["publisher"] else None,
                     "quads": counts.get(doc_id, 0)})
    return out


def source_page(kg: "KnowledgeGraph", doc_id: str) -> dict[str, Any]:
    """One source article: its description and the entities its graph states something about."""
    found = [s for s in sources(kg) if s["id"] == doc_id]
    if not found:
        raise EntityNotFound(doc_id, [s["id"] for s in sources(kg)][:5])
    graph = URIRef(str(GRAPH) + doc_id)
    meta = kg.query("""
        SELECT ?p ?o WHERE { GRAPH graph:provenance { ?graph prov:wasDerivedFrom ?doc . ?doc ?p ?o } }
        ORDER BY ?p ?o""", graph=graph)
    typed = kg.query("SELECT DISTINCT ?e ?type WHERE { GRAPH ?g { ?e a ?type } FILTER(isIRI(?e)) }", g=graph)
    groups: dict[str, list] = defaultdict(list)
    for r in typed:
        if r["type"].startswith(ONTOLOGY_NS) and r["type"][len(ONTOLOGY_NS):] not in HIDDEN_CLASSES:
            groups[r["type"][len(ONTOLOGY_NS):]].append(_link(kg, r["e"]))
    return {
        **found[0],
        "graph": str(graph),
        "meta": [(_link(kg, r["p"]), _link(kg, r["o"])) for r in meta],
        "groups": [(name, sorted({e["iri"]: e for e in ents}.values(), key=lambda e: e["text"].casefold()))
                   for name, ents in sorted(groups.items())],
    }


def entity_page(kg: "KnowledgeGraph", iri: str, corpus_dir: Path | None) -> dict[str, Any]:
    """An entity: names, types, facts grouped by source (with evidence spans and quotes) and neighbours."""
    ent = kg.entity(iri)
    titles = {s["id"]: s["title"] for s in sources(kg)}
    groups: dict[str, list] = defaultdict(list)
    neighbours: dict[str, dict] = {}
    for rec in kg.explain(ent.iri, corpus_dir=corpus_dir):
        other = _link(kg, str(rec.other)) if isinstance(rec.other, URIRef) else _link(kg, str(rec.other))
        if isinstance(rec.other, URIRef) and rec.other in kg.names.preferred:
            neighbours[str(rec.other)] = other
        groups[rec.source].append({
            "direction": rec.direction, "predicate": {"text": rec.predicate_label, "href": href(str(rec.predicate)),
                                                      "iri": str(rec.predicate)},
            "other": other, "spans": rec.spans, "quotes": rec.quotes, "implied": rec.implied, "notes": rec.notes,
        })
    return {
        "iri": ent.iri, "label": ent.label, "aliases": ent.aliases,
        "types": [{"text": t, "href": "/ontology/" + t} for t in ent.types],
        "groups": [{"id": s, "title": titles.get(s, s), "href": "/source/" + quote(s, safe=""), "facts": facts}
                   for s, facts in sorted(groups.items())],
        "neighbours": sorted(neighbours.values(), key=lambda n: (n["text"].casefold(), n["iri"])),
        "fact_count": sum(len(f) for f in groups.values()),
    }


def resource_page(kg: "KnowledgeGraph", iri: str, limit: int = 500) -> dict[str, Any]:
    """Any IRI without a name of its own (evidence, external classes): the statements about and to it."""
    if not _IRI_OK.fullmatch(iri):
        raise EntityNotFound(iri)
    out = kg.query(f"SELECT ?p ?o ?g WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }} ORDER BY ?g ?p ?o LIMIT {limit}",
                   s=URIRef(iri))
    inc = kg.query(f"SELECT ?s ?p ?g WHERE {{ GRAPH ?g {{ ?s ?p ?o }} FILTER(isIRI(?s)) }} ORDER BY ?g ?p ?s "
                   f"LIMIT {limit}", o=URIRef(iri))
    if not out and not inc:
        raise EntityNotFound(iri)
    return {
        "iri": iri, "label": short(iri),
        "outgoing": [(_link(kg, r["p"]), _link(kg, r["o"]), _link(kg, r["g"])) for r in out],
        "incoming": [(_link(kg, r["s"]), _link(kg, r["p"]), _link(kg, r["g"])) for r in inc],
    }


def _terms(kg: "KnowledgeGraph") -> dict[str, dict[str, Any]]:
    rows = kg.query("""
        SELECT ?t ?kind ?label ?comment ?super ?domain ?range WHERE {
          GRAPH graph:ontology {
            ?t a ?kind . VALUES ?kind { owl:Class owl:ObjectProperty owl:DatatypeProperty }
            OPTIONAL { ?t rdfs:label ?label } OPTIONAL { ?t rdfs:comment ?comment }
            OPTIONAL { ?t rdfs:subClassOf|rdfs:subPropertyOf ?super FILTER(isIRI(?super)) }
            OPTIONAL { ?t rdfs:domain ?domain FILTER(isIRI(?domain)) }
            OPTIONAL { ?t rdfs:range ?range FILTER(isIRI(?range)) }
          } FILTER(STRSTARTS(STR(?t), STR(tp:)))
        }""")
    terms: dict[str, dict[str, Any]] = {}
    for r in rows:
        name = r["t"][len(ONTOLOGY_NS):]
        t = terms.setdefault(name, {"name": name, "iri": r["t"], "href": "/ontology/" + name,
                                    "kind": "class" if r["kind"].endswith("Class") else "property",
                                    "label": r["label"] or name, "comment": r["comment"] or "",
                                    "supers": {}, "domain": {}, "range": {}, "subs": {}})
        for key in ("super", "domain", "range"):
            if r[key]:
                t["supers" if key == "super" else key][r[key]] = _link(kg, r[key]) | {"text": short(r[key])}
    for name, t in terms.items():
        for sup in t["supers"]:
            if sup.startswith(ONTOLOGY_NS) and sup[len(ONTOLOGY_NS):] in terms:
                terms[sup[len(ONTOLOGY_NS):]]["subs"][name] = {"text": name, "href": t["href"], "iri": t["iri"]}
    return terms


def ontology(kg: "KnowledgeGraph") -> dict[str, Any]:
    """The ontology: the class tree (with instance counts) and the properties with domain and range."""
    terms = _terms(kg)
    counts = kg.info()["classes"]
    classes = {n: t for n, t in terms.items() if t["kind"] == "class"}

    def node(name: str, seen: frozenset) -> dict[str, Any]:
        t = classes[name]
        kids = sorted(k for k in t["subs"] if k in classes and k not in seen)
        return {"name": name, "href": t["href"], "label": t["label"], "count": counts.get(name, 0),
                "children": [node(k, seen | {k}) for k in kids]}

    roots = sorted(n for n, t in classes.items()
                   if not any(s.startswith(ONTOLOGY_NS) and s[len(ONTOLOGY_NS):] in classes for s in t["supers"]))
    props = sorted((t for t in terms.values() if t["kind"] == "property"), key=lambda t: t["name"].casefold())
    return {"tree": [node(r, frozenset({r})) for r in roots], "properties": props, "class_count": len(classes)}


def term_page(kg: "KnowledgeGraph", name: str, limit: int = 500) -> dict[str, Any]:
    """One ontology class (with its instances) or property (with how often it is used)."""
    terms = _terms(kg)
    if name not in terms:
        import difflib

        raise EntityNotFound(f"tp:{name}", difflib.get_close_matches(name, list(terms), n=5, cutoff=0.6))
    t = dict(terms[name])
    iri = URIRef(t["iri"])
    if t["kind"] == "class":
        rows = kg.query(f"SELECT DISTINCT ?e WHERE {{ ?e a ?c FILTER(isIRI(?e)) }} ORDER BY ?e LIMIT {limit}", c=iri)
        t["instances"] = sorted((_link(kg, r["e"]) for r in rows), key=lambda e: e["text"].casefold())
    else:
        t["uses"] = kg.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", p=iri)[0]["n"]
    t["supers"], t["subs"] = list(t["supers"].values()), sorted(t["subs"].values(), key=lambda s: s["text"])
    t["domain"], t["range"] = list(t["domain"].values()), list(t["range"].values())
    return t
