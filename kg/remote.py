"""A store for any SPARQL 1.1 endpoint: Protocol queries and updates, and the Graph Store Protocol.

Point the tool at Oxigraph, Fuseki, GraphDB, Virtuoso, Neptune or QLever with
``--store sparql:URL`` (or just ``--store URL``). One URL is enough when the server answers
queries, updates and graph requests at the same address (Fuseki's ``/ds``, Virtuoso's
``/sparql``); a URL ending in ``/query`` gets ``/update`` and ``/store`` beside it (Oxigraph's
layout); other layouts are spelled out with ``|``-separated options::

    sparql:http://127.0.0.1:7878/query
    sparql:http://host:3030/ds/query|update=http://host:3030/ds/update|store=http://host:3030/ds/data

Loading writes each named graph with a Graph Store Protocol ``PUT`` and then fills the
default graph with the de-duplicated union of the named graphs, as the embedded stores do,
so queries read the same default graph everywhere. A small ``graph/store-meta`` graph
remembers the checksum of what was loaded, so a current endpoint is not reloaded.

>>> RemoteStore.from_spec("http://127.0.0.1:7878/query").endpoints()
('http://127.0.0.1:7878/query', 'http://127.0.0.1:7878/update', 'http://127.0.0.1:7878/store')
>>> RemoteStore.from_spec("https://h/ds|store=https://h/ds/data").endpoints()
('https://h/ds', 'https://h/ds', 'https://h/ds/data')
"""

from __future__ import annotations

import json
import re
from operator import attrgetter
from urllib.parse import urlencode
from pathlib import Path
from typing import Any, Iterable, Iterator

from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.term import Node

from .errors import ConfigError, QueryError, StoreError
from .namespaces import TP, XSD, graph_iri
from .store import Quad, QueryResult, Store, Triple, _rdf_file, _SUFFIX_FORMATS, _to_ox, file_checksum, unmerge_update

__all__ = ["RemoteStore", "META_GRAPH"]

META_GRAPH = graph_iri("store-meta")
_XSD_STRING = str(XSD.string)
_FORM = "application/x-www-form-urlencoded"
_ACCEPT = "application/sparql-results+json, application/n-triples;q=0.9, text/turtle;q=0.8"
_UNION = ("INSERT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } FILTER(?g != <%s>) }" % META_GRAPH)
_RESYNC = ("DELETE { ?s ?p ?o } WHERE { ?s ?p ?o FILTER NOT EXISTS { GRAPH ?g { ?s ?p ?o } "
           "FILTER(?g != <%s>) } } ;\n" % META_GRAPH) + _UNION


def _term(value: dict[str, Any]) -> Node:
    """A term of the SPARQL 1.1 JSON results format as an rdflib term (xsd:string literals stay plain)."""
    kind = value["type"]
    if kind == "uri":
        return URIRef(value["value"])
    if kind == "bnode":
        return BNode(value["value"])
    if kind in ("literal", "typed-literal"):
        if "xml:lang" in value:
            return Literal(value["value"], lang=value["xml:lang"])
        dt = value.get("datatype")
        return Literal(value["value"], datatype=URIRef(dt) if dt and dt != _XSD_STRING else None)
    raise StoreError(f"The endpoint sent a result term of type {kind!r}, which this tool does not read.")


def _values_clause(bindings: dict[str, Node]) -> str:
    """Bindings as a trailing VALUES clause (SPARQL 1.1 section 18.2.4.3): terms serialized, never pasted."""
    names = sorted(bindings)
    return (f"\nVALUES ({' '.join('?' + n for n in names)}) "
            f"{{ ({' '.join(bindings[n].n3() for n in names)}) }}")


class RemoteStore(Store):
    """A SPARQL 1.1 endpoint over HTTP (query, update and Graph Store Protocol URLs)."""

    name = "sparql"
    parses_files = True

    def __init__(self, query_url: str, update_url: str | None = None, store_url: str | None = None,
                 *, timeout: float = 60.0) -> None:
        import httpx

        if not query_url.startswith(("http://", "https://")):
            raise ConfigError(f"SPARQL endpoint {query_url!r} is not an http(s) URL; use --store sparql:http://HOST/PATH.")
        same = query_url.rsplit("/", 1)[0] if query_url.endswith("/query") else None
        self.query_url = query_url
        self.update_url = update_url or (f"{same}/update" if same else query_url)
        self.store_url = store_url or (f"{same}/store" if same else query_url)
        self.timeout = timeout
        self.client = httpx.Client(timeout=timeout, follow_redirects=False)

    @classmethod
    def from_spec(cls, spec: str) -> "RemoteStore":
        """``URL[|update=URL][|store=URL][|timeout=SECONDS]`` (the part after ``sparql:``)."""
        url, *options = spec.split("|")
        kwargs: dict[str, Any] = {}
        for opt in options:
            key, sep, value = opt.partition("=")
            if not sep or key not in ("update", "store", "timeout"):
                raise ConfigError(f"Store option {opt!r} in {spec!r}: use update=URL, store=URL or timeout=SECONDS.")
            kwargs["update_url" if key == "update" else "store_url" if key == "store" else key] = (
                float(value) if key == "timeout" else value)
        return cls(url, **kwargs)

    def endpoints(self) -> tuple[str, str, str]:
        """The query, update and Graph Store Protocol URLs."""
        return self.query_url, self.update_url, self.store_url

    # -- HTTP -------------------------------------------------------------------------------
    def _request(self, method: str, url: str, *, what: str, timeout: float | None = None, **kwargs):
        import httpx

        try:
            response = self.client.request(method, url, timeout=timeout or self.timeout, **kwargs)
        except httpx.TimeoutException as exc:
            raise QueryError(f"The {what} at {url} ran past its time limit of {timeout or self.timeout:g} s; "
                             "narrow it or raise the query_timeout setting.") from exc
        except httpx.HTTPError as exc:
            raise StoreError(f"Cannot reach the SPARQL endpoint {url} ({exc.__class__.__name__}: {exc}); "
                             "is the server running? The store is chosen with --store or TECHPARK_STORE.") from exc
        if response.status_code >= 400:
            body = response.text.strip()[:500]
            cls = QueryError if response.status_code in (400, 422) and what != "graph upload" else StoreError
            raise cls(f"The SPARQL endpoint {url} refused the {what} (HTTP {response.status_code}): {body}")
        return response

    # -- queries ----------------------------------------------------------------------------
    def query(self, sparql, *, bindings=None, timeout=None, default_graphs=None, named_graphs=None) -> QueryResult:
        if bindings:
            sparql += _values_clause(bindings)
        form: list[tuple[str, str]] = [("query", sparql)]
        form += [("default-graph-uri", str(g)) for g in default_graphs or ()]
        form += [("named-graph-uri", str(g)) for g in named_graphs or ()]

        def run() -> QueryResult:
            response = self._request("POST", self.query_url, what="query", timeout=timeout,
                                     content=urlencode(form).encode("ascii"),
                                     headers={"Accept": _ACCEPT, "Content-Type": _FORM})
            ctype = response.headers.get("content-type", "").split(";")[0].strip()
            if ctype in ("application/sparql-results+json", "application/json"):
                body = json.loads(response.content)
                if "boolean" in body:
                    return QueryResult("ASK", boolean=bool(body["boolean"]))
                names = list(body["head"].get("vars", []))
                rows = [tuple(_term(b[v]) if v in b else None for v in names) for b in body["results"]["bindings"]]
                return QueryResult("SELECT", names, rows)
            fmt = {"application/n-triples": "nt", "text/turtle": "turtle", "text/plain": "nt"}.get(ctype)
            if fmt is None:
                raise StoreError(f"The SPARQL endpoint {self.query_url} answered with {ctype or 'no content type'}, "
                                 "which this tool does not read (it asks for SPARQL JSON results or N-Triples).")
            graph = Graph().parse(data=response.content, format=fmt)
            kind = "DESCRIBE" if re.search(r"^\s*DESCRIBE\b", sparql, re.I | re.M) else "CONSTRUCT"
            return QueryResult(kind, triples=list(graph))

        return run()

    def update(self, sparql: str) -> None:
        """Run a SPARQL Update, then bring the union default graph in line with the named graphs."""
        self._post_update(sparql)
        self._post_update(_RESYNC)

    def _post_update(self, sparql: str) -> None:
        self._request("POST", self.update_url, what="update", content=urlencode({"update": sparql}).encode("ascii"),
                      headers={"Content-Type": _FORM})

    # -- Graph Store Protocol -----------------------------------------------------------------
    def _graph_params(self, graph: str | None) -> dict[str, str]:
        return {"graph": str(graph)} if graph else {"default": ""}

    def put_graph(self, graph: str | None, ntriples: bytes) -> None:
        """Replace a named graph (``None``: the default graph) with N-Triples (GSP ``PUT``)."""
        self._request("PUT", self.store_url, what="graph upload", params=self._graph_params(graph),
                      content=ntriples, headers={"Content-Type": "application/n-triples"})

    def get_graph(self, graph: str | None) -> Graph:
        """A named graph (``None``: the default graph) as an rdflib Graph (GSP ``GET``)."""
        response = self._request("GET", self.store_url, what="graph download", params=self._graph_params(graph),
                                 headers={"Accept": "application/n-triples"})
        return Graph().parse(data=response.content, format="nt")

    def delete_graph(self, graph: str | None) -> None:
        """Remove a named graph (GSP ``DELETE``)."""
        self._request("DELETE", self.store_url, what="graph deletion", params=self._graph_params(graph))

    def replace_graph(self, name: str, triples: Iterable[Triple]) -> None:
        """Drop the graph's triples from the default graph unless another graph holds them, upload the new
        ones (GSP ``PUT``), then add them to the default graph."""
        import pyoxigraph as ox

        self._post_update(unmerge_update(name))
        data = ox.serialize([ox.Triple(_to_ox(s), _to_ox(p), _to_ox(o)) for s, p, o in triples],
                            format=ox.RdfFormat.N_TRIPLES)
        self.put_graph(name, data)
        self._post_update(f"INSERT {{ ?s ?p ?o }} WHERE {{ GRAPH <{name}> {{ ?s ?p ?o }} }}")

    # -- loading ------------------------------------------------------------------------------
    def holds(self, checksum: str) -> bool:
        result = self.query(f"ASK {{ GRAPH <{META_GRAPH}> {{ <{META_GRAPH}> <{TP.sha256}> ?c }} }}",
                            bindings={"c": Literal(checksum)})
        return bool(result.boolean)

    def load(self, ds: Dataset, checksum: str | None = None) -> None:
        from .export import serialize

        data = serialize(ds, "nquads")
        if checksum is None:
            import hashlib

            checksum = hashlib.sha256(data).hexdigest()
        self._load_nquads(data, None, checksum)

    def load_file(self, path: Path | str, checksum: str | None = None) -> None:
        """Upload an RDF file graph by graph (parsed locally by Oxigraph); skipped when already current."""
        path = _rdf_file(path)
        self._load_nquads(None, path, checksum or file_checksum(path))

    def _load_nquads(self, data: bytes | None, path: Path | None, checksum: str) -> None:
        import pyoxigraph as ox

        self.reused = False
        if self.holds(checksum):
            self.reused = True
            return
        local = ox.Store()
        formats = {"nquads": ox.RdfFormat.N_QUADS, "trig": ox.RdfFormat.TRIG,
                   "turtle": ox.RdfFormat.TURTLE, "nt": ox.RdfFormat.N_TRIPLES}
        if path is not None:
            fmt = _SUFFIX_FORMATS[path.suffix]
            target = ox.NamedNode(path.resolve().as_uri()) if fmt in ("turtle", "nt") else None
            local.bulk_load(path=str(path), format=formats[fmt], to_graph=target)
        else:
            local.bulk_load(data, format=ox.RdfFormat.N_QUADS)
        self._post_update("DROP ALL")
        if local.query("ASK { GRAPH ?g { ?s ?p ?o } FILTER(isBlank(?s) || isBlank(?o)) }"):
            # one INSERT DATA keeps a blank node one node across graphs (separate uploads would split it);
            # the server then copies the union, blank nodes included
            quads = " ".join(f"GRAPH {q.graph_name} {{ {q.subject} {q.predicate} {q.object} }}" for q in local)
            self._post_update(f"INSERT DATA {{ {quads} }}")
            self._post_update(_UNION)
        else:  # graph by graph (GSP PUT), then the union as N-Triples (GSP POST): cheaper than a huge INSERT
            for g in sorted(local.named_graphs(), key=lambda n: n.value):
                self.put_graph(g.value, local.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=g))
            self._request("POST", self.store_url, what="graph upload", params=self._graph_params(None),
                          content=ox.serialize(map(attrgetter("triple"), local), format=ox.RdfFormat.N_TRIPLES),
                          headers={"Content-Type": "application/n-triples"})
        meta = f"<{META_GRAPH}> <{TP.sha256}> {Literal(checksum).n3()} .\n".encode()
        self.put_graph(str(META_GRAPH), meta)

    # -- reading everything -------------------------------------------------------------------
    def quads(self) -> Iterator[Quad]:
        result = self.query(f"SELECT ?s ?p ?o ?g WHERE {{ GRAPH ?g {{ ?s ?p ?o }} FILTER(?g != <{META_GRAPH}>) }}")
        for s, p, o, g in result.rows:
            yield s, p, o, g

    def __len__(self) -> int:
        result = self.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH ?g {{ ?s ?p ?o }} FILTER(?g != <{META_GRAPH}>) }}")
        return int(result.rows[0][0])

    def close(self) -> None:
        self.client.close()
