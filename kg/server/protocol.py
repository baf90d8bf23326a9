"""SPARQL 1.1 Protocol requests: which operation, which text, which dataset, which result format.

Pure functions over the parts of an HTTP request, so the rules are testable without a server.

>>> req = parse_request("GET", "", [("query", "ASK {}"), ("default-graph-uri", "urn:g")], b"")
>>> req.operation, req.text, req.default_graphs
('query', 'ASK {}', ['urn:g'])
>>> negotiate("text/csv;q=0.5, application/sparql-results+json", "SELECT")
('json', 'application/sparql-results+json')
>>> negotiate("", "CONSTRUCT")
('turtle', 'text/turtle; charset=utf-8')
"""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import parse_qsl

from ..errors import NotAcceptable, ProtocolError
from ..results import MEDIA_TYPES

__all__ = ["SparqlRequest", "parse_request", "parse_form", "negotiate", "parse_accept", "OFFERS", "FORMAT_NAMES"]

FORM = "application/x-www-form-urlencoded"
DIRECT = {"application/sparql-query": "query", "application/sparql-update": "update"}

# What the endpoint offers, in its order of preference: (media type, format name for kg.results).
OFFERS: dict[str, list[tuple[str, str]]] = {
    "table": [("application/sparql-results+json", "json"), ("application/json", "json"),
              ("application/sparql-results+xml", "xml"), ("application/xml", "xml"), ("text/xml", "xml"),
              ("text/csv", "csv"), ("text/tab-separated-values", "tsv")],
    "graph": [("text/turtle", "turtle"), ("application/x-turtle", "turtle"), ("application/n-triples", "nt"),
              ("text/plain", "nt"), ("application/ld+json", "jsonld"), ("application/json", "jsonld"),
              ("application/rdf+xml", "xml"), ("application/xml", "xml")],
}
# ``format=`` (an extension for links and curl) accepts these names.
FORMAT_NAMES = {"table": {"json", "xml", "csv", "tsv"}, "graph": {"turtle", "nt", "jsonld", "xml"}}


@dataclass
class SparqlRequest:
    """One protocol operation: ``query`` or ``update``, its text and its RDF dataset."""

    operation: str
    text: str
    default_graphs: list[str] = field(default_factory=list)
    named_graphs: list[str] = field(default_factory=list)
    format: str | None = None


def _decode(body: bytes, what: str) -> str:
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ProtocolError(f"The {what} is not valid UTF-8 (byte {exc.start}); send UTF-8 text.") from None


def parse_form(body: bytes) -> list[tuple[str, str]]:
    """The fields of an ``application/x-www-form-urlencoded`` body, decoded strictly as UTF-8."""
    text = _decode(body, "request body")
    try:
        return parse_qsl(text, keep_blank_values=True, strict_parsing=False, encoding="utf-8", errors="strict")
    except UnicodeDecodeError as exc:
        raise ProtocolError(f"A percent-encoded field of the form is not valid UTF-8 (byte {exc.start}).") from None


def _media_type(content_type: str) -> tuple[str, str | None]:
    parts = [p.strip() for p in content_type.split(";")]
    charset = None
    for p in parts[1:]:
        key, _, value = p.partition("=")
        if key.strip().lower() == "charset":
            charset = value.strip().strip('"').lower()
    return parts[0].lower(), charset


def parse_request(method: str, content_type: str, params: list[tuple[str, str]], body: bytes) -> SparqlRequest:
    """The operation a request asks for; :class:`ProtocolError` (HTTP 400) when it breaks the protocol.

    ``params`` are the URL's query-string fields; ``body`` the raw request body.
    """
    method = method.upper()
    fields = list(params)
    direct: str | None = None
    if method == "POST":
        media, charset = _media_type(content_type or "")
        if charset and charset not in ("utf-8", "utf8"):
            raise ProtocolError(f"charset={charset} is not supported; send UTF-8.")
        if media == FORM:
            fields += parse_form(body)
        elif media in DIRECT:
            direct = DIRECT[media]
        else:
            shown = media or "none"
            raise ProtocolError(f"Content-Type {shown} is not a SPARQL request; POST the query as "
                                f"{FORM} (query=...) or as application/sparql-query (the query as the body).")
    elif method not in ("GET", "HEAD"):
        raise ProtocolError(f"{method} is not part of the SPARQL Protocol; use GET or POST.")
    values: dict[str, list[str]] = {}
    for key, value in fields:
        values.setdefault(key, []).append(value)
    queries, updates = values.get("query", []), values.get("update", [])
    if direct:
        if queries or updates:
            raise ProtocolError(f"With Content-Type application/sparql-{direct} the {direct} is the request body; "
                                "do not also pass query= or update= in the URL.")
        operation, text = direct, _decode(body, f"{direct} in the request body")
    else:
        if queries and updates:
            raise ProtocolError("The request has both a query and an update parameter; send one operation.")
        if len(queries) > 1 or len(updates) > 1:
            name = "query" if len(queries) > 1 else "update"
            raise ProtocolError(f"The request has {max(len(queries), len(updates))} {name} parameters; send exactly one.")
        if not queries and not updates:
            raise ProtocolError("No query: pass query=... (GET or POST form) or POST application/sparql-query.")
        if updates and method != "POST":
            raise ProtocolError("SPARQL Update must be sent with POST, not GET.")
        operation, text = ("query", queries[0]) if queries else ("update", updates[0])
    if not text.strip():
        raise ProtocolError(f"The {operation} is empty.")
    graphs = "using-graph-uri" if operation == "update" else "default-graph-uri"
    named = "using-named-graph-uri" if operation == "update" else "named-graph-uri"
    formats = values.get("format", [])
    if len(formats) > 1:
        raise ProtocolError("The request has more than one format parameter.")
    return SparqlRequest(operation, text, values.get(graphs, []), values.get(named, []),
                         formats[0].lower() if formats else None)


def parse_accept(header: str) -> list[tuple[str, float]]:
    """``Accept`` as (media range, quality) pairs; unreadable qualities count as 0.

    >>> parse_accept("text/csv;q=0.5, */*;q=0.1, application/json")
    [('text/csv', 0.5), ('*/*', 0.1), ('application/json', 1.0)]
    """
    out = []
    for part in header.split(","):
        bits = [b.strip() for b in part.split(";")]
        if not bits[0]:
            continue
        q = 1.0
        for b in bits[1:]:
            key, _, value = b.partition("=")
            if key.strip().lower() == "q":
                try:
                    q = min(max(float(value), 0.0), 1.0)
                except ValueError:
                    q = 0.0
        out.append((bits[0].lower(), q))
    return out


def _matches(media_range: str, media: str) -> int:
    """How specifically ``media_range`` matches ``media``: 2 exact, 1 ``type/*``, 0 ``*/*``, -1 not at all."""
    if media_range == media:
        return 2
    if media_range in ("*/*", "*"):
        return 0
    if media_range.endswith("/*") and media.split("/")[0] == media_range[:-2]:
        return 1
    return -1


def negotiate(accept: str | None, form: str, fmt: str | None = None) -> tuple[str, str]:
    """(format name, Content-Type) for a query of ``form`` given an Accept header (or a ``format=`` name).

    Raises :class:`NotAcceptable` (HTTP 406) when nothing offered is acceptable.
    """
    kind = "table" if form in ("SELECT", "ASK") else "graph"
    if fmt:
        if fmt not in FORMAT_NAMES[kind]:
            raise NotAcceptable(f"format={fmt} does not fit a {form} query; use one of "
                                f"{', '.join(sorted(FORMAT_NAMES[kind]))}.")
        return fmt, MEDIA_TYPES[(kind, fmt)]
    ranges = parse_accept(accept or "") or [("*/*", 1.0)]
    refused = {name for name in FORMAT_NAMES[kind]  # a format refused by its own type stays refused under aliases
               if (MEDIA_TYPES[(kind, name)].split(";")[0], 0.0) in ranges}
    best: tuple[float, int, int] | None = None
    chosen = None
    for order, (media, name) in enumerate(OFFERS[kind]):
        if name in refused:
            continue
        q, spec = 0.0, -1
        for media_range, quality in ranges:
            s = _matches(media_range, media)
            if s > spec:
                q, spec = quality, s
        if spec < 0 or q <= 0:
            continue
        key = (q, spec, -order)
        if best is None or key > best:
            best, chosen = key, (media, name)
    if chosen is None:
        offered = ", ".join(m for m, _ in OFFERS[kind])
        raise NotAcceptable(f"No acceptable format for {form} results (Accept: {accept}); this endpoint offers "
                            f"{offered}.")
    media, name = chosen
    content_type = MEDIA_TYPES[(kind, name)]
    if media != content_type.split(";")[0]:  # an alias such as application/json: answer with the type asked for
        content_type = media + ("; charset=utf-8" if media.startswith("text/") else "")
    return name, content_type
