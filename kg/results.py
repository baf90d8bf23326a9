"""Serialize a :class:`~kg.store.QueryResult` in the SPARQL 1.1 result formats and RDF formats.

SELECT and ASK: ``json``, ``xml``, ``csv``, ``tsv`` (W3C SPARQL 1.1 Query Results formats).
CONSTRUCT and DESCRIBE: ``turtle``, ``nt``, ``jsonld``, ``xml`` (RDF/XML).

>>> from rdflib import Literal, URIRef
>>> from kg.store import QueryResult
>>> r = QueryResult("SELECT", ["park", "n"], [(URIRef("urn:p"), Literal(3))])
>>> print(serialize_result(r, "csv").decode(), end="")
park,n
urn:p,3
>>> serialize_result(r, "tsv").decode().splitlines()[1]
'<urn:p>\\t"3"^^<http://www.w3.org/2001/XMLSchema#integer>'
"""

from __future__ import annotations

import csv
import io
import json
from xml.sax.saxutils import escape, quoteattr

from rdflib import BNode, Literal, URIRef

from .errors import QueryError
from .store import QueryResult

__all__ = ["RESULT_FORMATS", "GRAPH_FORMATS", "MEDIA_TYPES", "serialize_result"]

RESULT_FORMATS = ("json", "xml", "csv", "tsv")
GRAPH_FORMATS = ("turtle", "nt", "jsonld", "xml")
MEDIA_TYPES = {
    ("table", "json"): "application/sparql-results+json",
    ("table", "xml"): "application/sparql-results+xml",
    ("table", "csv"): "text/csv; charset=utf-8",
    ("table", "tsv"): "text/tab-separated-values; charset=utf-8",
    ("graph", "turtle"): "text/turtle; charset=utf-8",
    ("graph", "nt"): "application/n-triples",
    ("graph", "jsonld"): "application/ld+json",
    ("graph", "xml"): "application/rdf+xml",
}


def _json_term(term) -> dict:
    if isinstance(term, URIRef):
        return {"type": "uri", "value": str(term)}
    if isinstance(term, BNode):
        return {"type": "bnode", "value": str(term)}
    out = {"type": "literal", "value": str(term)}
    if term.language:
        out["xml:lang"] = term.language
    elif term.datatype:
        out["datatype"] = str(term.datatype)
    return out


def _xml_term(term) -> str:
    if isinstance(term, URIRef):
        return f"<uri>{escape(str(term))}</uri>"
    if isinstance(term, BNode):
        return f"<bnode>{escape(str(term))}</bnode>"
    attrs = ""
    if term.language:
        attrs = f" xml:lang={quoteattr(term.language)}"
    elif term.datatype:
        attrs = f" datatype={quoteattr(str(term.datatype))}"
    return f"<literal{attrs}>{escape(str(term))}</literal>"


def _select(result: QueryResult, fmt: str) -> str:
    if fmt == "json":
        if result.type == "ASK":
            return json.dumps({"head": {}, "boolean": bool(result.boolean)})
        bindings = [{v: _json_term(t) for v, t in zip(result.vars, row) if t is not None} for row in result.rows]
        return json.dumps({"head": {"vars": result.vars}, "results": {"bindings": bindings}}, ensure_ascii=False)
    if fmt == "xml":
        head = '<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">\n'
        if result.type == "ASK":
            return head + f"<head/>\n<boolean>{'true' if result.boolean else 'false'}</boolean>\n</sparql>\n"
        parts = [head, "<head>", *(f"<variable name={quoteattr(v)}/>" for v in result.vars), "</head>\n<results>\n"]
        for row in result.rows:
            parts.append("<result>")
            parts += [f"<binding name={quoteattr(v)}>{_xml_term(t)}</binding>" for v, t in zip(result.vars, row)
                      if t is not None]
            parts.append("</result>\n")
        return "".join(parts) + "</results>\n</sparql>\n"
    if result.type == "ASK":
        return ("_askResult\n" if fmt == "csv" else "?_askResult\n") + ("true" if result.boolean else "false") + "\n"
    if fmt == "csv":
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\n")
        writer.writerow(result.vars)
        writer.writerows(["" if t is None else str(t) for t in row] for row in result.rows)
        return buf.getvalue()
    lines = ["\t".join("?" + v for v in result.vars)]
    lines += ["\t".join("" if t is None else t.n3() for t in row) for row in result.rows]
    return "\n".join(lines) + "\n"


def serialize_result(result: QueryResult, fmt: str) -> bytes:
    """The result as bytes in ``fmt``; QueryError when the format does not fit the query form."""
    if result.type in ("SELECT", "ASK"):
        if fmt not in RESULT_FORMATS:
            raise QueryError(f"{result.type} results come as {', '.join(RESULT_FORMATS)}, not {fmt!r}.")
        return _select(result, fmt).encode("utf-8")
    if fmt not in GRAPH_FORMATS:
        raise QueryError(f"{result.type} results are graphs: use {', '.join(GRAPH_FORMATS)}, not {fmt!r}.")
    from .namespaces import PREFIXES

    graph = result.graph
    for prefix, ns in PREFIXES.items():
        graph.bind(prefix, ns, override=True)
    rdf_format = {"jsonld": "json-ld", "xml": "xml", "nt": "nt", "turtle": "turtle"}[fmt]
    data = graph.serialize(format=rdf_format, encoding="utf-8")
    if fmt == "nt":
        data = b"".join(sorted(set(data.splitlines(keepends=True))))
    return data
