"""Storage backends behind one small interface: load a dataset, run SPARQL, list quads.

- ``memory``: rdflib's in-memory ``Dataset`` (pure Python; the reference engine).
- ``oxigraph``: pyoxigraph, in memory (``oxigraph``) or persistent on disk (``oxigraph:PATH``);
  an on-disk store remembers the checksum of what it holds and is not reloaded when it is current.
- ``sparql``: any SPARQL 1.1 endpoint (``sparql:URL`` or just ``http(s)://...``), see :mod:`kg.remote`.

Every backend answers with a :class:`QueryResult` of rdflib terms, so callers never see the
engine. Queries run under a time limit (:func:`run_with_timeout`).

>>> from rdflib import Dataset, URIRef, Literal
>>> ds = Dataset(default_union=True)
>>> _ = ds.graph(URIRef("urn:g")).add((URIRef("urn:a"), URIRef("urn:p"), Literal(1)))
>>> for name in ("memory", "oxigraph"):
...     store = open_store(name)
...     store.load(ds)
...     print(name, store.query("SELECT ?o WHERE { ?s ?p ?o }").rows)
memory [(rdflib.term.Literal('1', datatype=rdflib.term.URIRef('http://www.w3.org/2001/XMLSchema#integer')),)]
oxigraph [(rdflib.term.Literal('1', datatype=rdflib.term.URIRef('http://www.w3.org/2001/XMLSchema#integer')),)]
"""

from __future__ import annotations

import ctypes
import io
import json
import threading
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from functools import lru_cache
from operator import attrgetter
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.term import Node

from .errors import ConfigError, QueryError, QueryTimeout
from .files import atomic_write_text

__all__ = [
    "QueryResult", "Store", "MemoryStore", "OxigraphStore", "open_store", "run_with_timeout",
    "register_store", "STORES", "file_checksum",
]

Quad = tuple[Node, Node, Node, Node]
Triple = tuple[Node, Node, Node]


@dataclass
class QueryResult:
    """The answer to a query: ``type`` is SELECT, ASK, CONSTRUCT or DESCRIBE.

    A graph answer comes as ``triples`` (distinct, as rdflib terms); ``graph`` makes an rdflib Graph
    of them on first use, so callers that only count, sort or cut the triples never pay for one.
    """

    type: str
    vars: list[str] = field(default_factory=list)
    rows: list[tuple[Node | None, ...]] = field(default_factory=list)
    boolean: bool | None = None
    triples: list[Triple] | None = None
    truncated: bool = False

    def dicts(self) -> list[dict[str, Node | None]]:
        return [dict(zip(self.vars, row)) for row in self.rows]

    @property
    def graph(self) -> Graph | None:
        """The graph answer as an rdflib Graph (None for SELECT and ASK)."""
        if self.triples is None:
            return None
        cached = self.__dict__.get("_graph")
        if cached is None or cached[0] is not self.triples:
            graph = Graph()
            graph.addN((s, p, o, graph) for s, p, o in self.triples)
            cached = self.__dict__["_graph"] = (self.triples, graph)
        return cached[1]


class _Cancelled(BaseException):
    """Raised inside a query thread whose time ran out."""


def run_with_timeout(fn: Callable[[], Any], timeout: float | None, what: str = "query") -> Any:
    """Run ``fn`` in a worker thread; past ``timeout`` seconds it is interrupted and QueryError raised.

    Interruption happens the next time the worker runs Python code, so pure-Python engines stop
    at once and native ones between two results.
    """
    if not timeout:
        return fn()
    box: dict[str, Any] = {}

    def work() -> None:
        try:
            box["value"] = fn()
        except _Cancelled:
            box["cancelled"] = True
        except BaseException as exc:  # handed to the caller
            box["error"] = exc

    worker = threading.Thread(target=work, daemon=True, name="kg-query")
    worker.start()
    worker.join(timeout)
    if worker.is_alive():
        ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(worker.ident), ctypes.py_object(_Cancelled))
        worker.join(0.5)
        raise QueryTimeout(f"The {what} ran past its time limit of {timeout:g} s and was stopped; "
                         "narrow it (LIMIT, more specific patterns) or raise the query_timeout setting.")
    if "error" in box:
        raise box["error"]
    return box["value"]


class Store(ABC):
    """What the facade, CLI and server need from a backend."""

    name = "store"
    parses_files = False  # whether load_file reads files with its own parser (no rdflib round trip)

    reused = False  # True when the last load found the data already in place

    @abstractmethod
    def load(self, ds: Dataset, checksum: str | None = None) -> None:
        """Replace the store's contents with the quads of ``ds``; a persistent store that already holds
        the data with this ``checksum`` keeps it."""

    def load_file(self, path: Path | str, checksum: str | None = None) -> None:
        """Replace the contents with an RDF file (``.nq``, ``.trig``, ``.ttl``, ``.nt``); backends bulk-load."""
        from .export import read_dataset

        path = _rdf_file(path)
        if path.suffix in (".ttl", ".nt"):
            ds = Dataset(default_union=True)
            ds.graph(URIRef(path.resolve().as_uri())).parse(path, format=_SUFFIX_FORMATS[path.suffix])
        else:
            ds = read_dataset(path)
        self.load(ds, checksum)

    def holds(self, checksum: str) -> bool:
        """Whether the store already holds the data with ``checksum`` (persistent stores only)."""
        return False

    @abstractmethod
    def query(self, sparql: str, *, bindings: dict[str, Node] | None = None, timeout: float | None = None,
              default_graphs: list[str] | None = None, named_graphs: list[str] | None = None) -> QueryResult:
        """Run a SPARQL query; ``bindings`` pre-bind variables; the default graph is the union of all graphs
        unless ``default_graphs`` names graphs."""

    @abstractmethod
    def update(self, sparql: str) -> None:
        """Run a SPARQL Update."""

    @abstractmethod
    def replace_graph(self, name: str, triples: Iterable[Triple]) -> None:
        """Replace the named graph ``name`` with ``triples`` (the default graph follows: it stays the merge)."""

    @abstractmethod
    def quads(self) -> Iterator[Quad]:
        """Every quad, as rdflib terms."""

    @abstractmethod
    def __len__(self) -> int:
        """Number of quads."""

    def to_dataset(self) -> Dataset:
        """The named graphs as an rdflib Dataset (validation and rdflib-only code paths use it)."""
        ds = Dataset(default_union=True)
        for s, p, o, g in self.quads():
            ds.graph(g).add((s, p, o))
        return ds

    def close(self) -> None:
        """Release files and connections."""


_SUFFIX_FORMATS = {".nq": "nquads", ".nquads": "nquads", ".trig": "trig", ".ttl": "turtle", ".nt": "nt"}


def _rdf_file(path: Path | str) -> Path:
    path = Path(path)
    if path.suffix not in _SUFFIX_FORMATS:
        raise ConfigError(f"{path}: cannot tell the RDF format from the suffix; use one of "
                          f"{', '.join(sorted(_SUFFIX_FORMATS))}.")
    if not path.is_file():
        raise ConfigError(f"{path}: no such file.")
    return path


@contextmanager
def _file_errors(path: Path, fmt: str):
    """A parse error in a user's file becomes a ConfigError naming the file and the line."""
    try:
        yield
    except SyntaxError as exc:
        raise ConfigError(f"{path}: not valid {fmt}: {exc.msg}; fix that line or export the file "
                          "again, then reload.") from exc


def _union_ntriples(source: Path | io.BytesIO, strict: bool) -> bytes:
    """The triples of an N-Quads file or buffer, graph names dropped, as N-Triples; ``strict`` validates."""
    import pyoxigraph as ox

    data = {"path": str(source)} if isinstance(source, Path) else {"input": source.getvalue()}
    quads = ox.parse(**data, format=ox.RdfFormat.N_QUADS, lenient=not strict)
    return ox.serialize(map(attrgetter("triple"), quads), format=ox.RdfFormat.N_TRIPLES)


class _Chain(io.RawIOBase):
    """A readable stream: an open file, then the bytes a future gives (nothing if it failed)."""

    def __init__(self, fh, tail: Future) -> None:
        self.fh, self.tail, self.rest = fh, tail, None

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        if self.rest is None:
            n = self.fh.readinto(buffer)
            if n:
                return n
            self.rest = io.BytesIO(b"" if self.tail.exception() else b"\n" + self.tail.result())
        return self.rest.readinto(buffer)


def unmerge_update(name: str) -> str:
    """SPARQL Update taking graph ``name``'s triples out of the default graph (the merge) unless another
    graph states them; run it before the graph itself is dropped or replaced."""
    return (f"DELETE {{ ?s ?p ?o }} WHERE {{ GRAPH <{name}> {{ ?s ?p ?o }} "
            f"FILTER NOT EXISTS {{ GRAPH ?h {{ ?s ?p ?o }} FILTER(?h != <{name}>) }} }}")


def require_persistent(spec: str, what: str) -> None:
    """ConfigError unless ``spec`` names a store that outlives the process (on disk or remote)."""
    if spec in ("memory", "oxigraph"):
        raise ConfigError(f"The store {spec!r} lives in memory and {what}; name a persistent one with "
                          "--store oxigraph:PATH or --store sparql:URL.")


def file_checksum(path: Path | str) -> str:
    """SHA-256 of a file's bytes: the key under which a persistent store remembers what it holds."""
    import hashlib

    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


# -- rdflib ----------------------------------------------------------------------------------

class MemoryStore(Store):
    """rdflib's in-memory Dataset."""

    name = "memory"

    def __init__(self) -> None:
        self.ds = Dataset(default_union=True)

    def load(self, ds: Dataset, checksum: str | None = None) -> None:
        self.ds = ds

    def query(self, sparql, *, bindings=None, timeout=None, default_graphs=None, named_graphs=None) -> QueryResult:
        target: Any = self.ds
        if default_graphs:
            target = Graph()
            for g in default_graphs:
                for t in self.ds.graph(URIRef(g)):
                    target.add(t)

        def run() -> QueryResult:
            result = target.query(sparql, initBindings=bindings or {})
            if result.type == "ASK":
                return QueryResult("ASK", boolean=bool(result.askAnswer))
            if result.type == "SELECT":
                names = [str(v) for v in result.vars]
                return QueryResult("SELECT", names, [tuple(row) for row in result])
            return QueryResult(result.type, triples=list(dict.fromkeys(result)))

        return run_with_timeout(run, timeout)

    def update(self, sparql: str) -> None:
        self.ds.update(sparql)

    def replace_graph(self, name: str, triples: Iterable[Triple]) -> None:
        self.ds.remove_graph(URIRef(name))
        graph = self.ds.graph(URIRef(name))
        graph.addN((s, p, o, graph) for s, p, o in triples)

    def quads(self) -> Iterator[Quad]:
        return iter(self.ds.quads((None, None, None, None)))

    def __len__(self) -> int:
        return sum(1 for _ in self.ds.quads((None, None, None, None)))

    def to_dataset(self) -> Dataset:
        return self.ds


# -- Oxigraph --------------------------------------------------------------------------------

def _to_ox(term: Node):
    import pyoxigraph as ox

    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise TypeError(f"cannot store {term!r}")


@lru_cache(maxsize=262_144)
def _iri(value: str) -> URIRef:
    return URIRef(value)


@lru_cache(maxsize=262_144)
def _literal(value: str, language: str | None, datatype: str) -> Literal:
    if language:
        return Literal(value, lang=language)
    return Literal(value, datatype=None if datatype == _XSD_STRING else _iri(datatype))


_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"

# pyoxigraph's term classes, bound on first use (a module-level lookup per term, no import statement)
_OxNamedNode: Any = None
_OxLiteral: Any = None
_OxBlankNode: Any = None
_OxDefaultGraph: Any = None


def _bind_ox():
    """Import pyoxigraph and bind its term classes for :func:`_from_ox`; returns the module."""
    global _OxNamedNode, _OxLiteral, _OxBlankNode, _OxDefaultGraph
    import pyoxigraph as ox

    _OxNamedNode, _OxLiteral, _OxBlankNode, _OxDefaultGraph = ox.NamedNode, ox.Literal, ox.BlankNode, ox.DefaultGraph
    return ox


def _from_ox(term) -> Node | None:
    """An Oxigraph term as an rdflib term (IRIs and literals are cached: results repeat them).

    >>> import pyoxigraph as ox
    >>> _from_ox(ox.Literal("7", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer"))).toPython()
    7
    """
    kind = type(term)
    if kind is _OxNamedNode:
        return _iri(term.value)
    if kind is _OxLiteral:
        return _literal(term.value, term.language, term.datatype.value)
    if kind is _OxBlankNode:
        return BNode(term.value)
    if term is None or kind is _OxDefaultGraph:
        return None
    if _OxNamedNode is None:
        _bind_ox()
        return _from_ox(term)
    raise TypeError(f"unexpected Oxigraph term {term!r}")


class OxigraphStore(Store):
    """pyoxigraph: in memory, or on disk at ``path`` (persistent across runs).

    Oxigraph's union-default-graph mode repeats a triple once per graph that holds it, which
    would double-count sums; so the store's default graph keeps the de-duplicated union of the
    named graphs (an RDF merge, as rdflib and SPARQL define it) and queries read it.
    """

    name = "oxigraph"
    parses_files = True

    def __init__(self, path: Path | str | None = None) -> None:
        ox = _bind_ox()
        self.path = Path(path) if path else None
        self.ox = ox.Store(str(self.path)) if self.path else ox.Store()

    MARKER = "techpark-store.json"  # in an on-disk store's folder: the checksum of what it holds

    def holds(self, checksum: str) -> bool:
        if not self.path:
            return False
        try:
            return json.loads((self.path / self.MARKER).read_text("utf-8")).get("checksum") == checksum
        except (OSError, ValueError, AttributeError):
            return False

    def _begin(self) -> None:
        if self.path:
            (self.path / self.MARKER).unlink(missing_ok=True)  # a half-done load is never "current"
        self.ox.clear()

    def _commit(self, checksum: str | None) -> None:
        if self.path and checksum:
            self.ox.flush()
            atomic_write_text(self.path / self.MARKER, json.dumps({"checksum": checksum}) + "\n")

    def load(self, ds: Dataset, checksum: str | None = None) -> None:
        import hashlib

        from .export import serialize

        self.reused = False
        data = serialize(ds, "nquads") if (self.path and not checksum) else None
        if data is not None:
            checksum = hashlib.sha256(data).hexdigest()
        if checksum and self.holds(checksum):
            self.reused = True
            return
        self._begin()
        # our own serialization: lenient parsing (no IRI/literal validation) is safe here
        data = data or serialize(ds, "nquads")
        if self.path:  # the union's N-Triples in the same bulk load: blank nodes keep one identity
            self.load_bytes(data + serialize(ds, "nt"), "nquads", lenient=True)
        else:
            self.load_bytes(data, "nquads", lenient=True)
            self.ox.update(self._UNION)
        self._commit(checksum)

    # the default graph as the merge: in memory one SPARQL INSERT is fastest; on disk an INSERT is one
    # huge transaction (313 s at 10^6), so the disk store bulk-loads the union with the quads instead
    _UNION = "INSERT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }"

    def load_file(self, path: Path | str, checksum: str | None = None) -> None:
        """Bulk-load a file with Oxigraph's parser and bulk loader (no rdflib on the way); on disk, skip
        the load when the store already holds a file with the same SHA-256.

        In memory the file is bulk-loaded, then one SPARQL INSERT copies the union into the default graph
        (10^6 quads: 5.6 s against 3.1 s for the file alone; building the union's N-Triples and bulk-loading
        them, or a CONSTRUCT, is slower). On disk, where a huge INSERT is one huge transaction, an N-Quads
        file is parsed strictly once, in a second thread, to validate it and write the union's N-Triples,
        while the bulk loader reads the file leniently (it releases the GIL: two cores at work); the
        N-Triples follow the file in the same stream, so RocksDB gets one bulk load (10^6: 1.1x the file
        alone) and a blank node keeps one identity in its graph and in the default graph. Other formats
        are first rewritten as N-Quads, which gives their anonymous blank nodes explicit labels.
        """
        import pyoxigraph as ox

        path = _rdf_file(path)
        self.reused = False
        if self.path:
            checksum = checksum or file_checksum(path)
            if self.holds(checksum):
                self.reused = True
                return
        self._begin()
        fmt = _SUFFIX_FORMATS[path.suffix]
        formats = {"nquads": ox.RdfFormat.N_QUADS, "trig": ox.RdfFormat.TRIG,
                   "turtle": ox.RdfFormat.TURTLE, "nt": ox.RdfFormat.N_TRIPLES}
        graph = ox.NamedNode(path.resolve().as_uri()) if fmt in ("turtle", "nt") else None  # a triples file's graph
        if not self.path:
            with _file_errors(path, fmt):
                self.ox.bulk_load(path=str(path), format=formats[fmt], to_graph=graph)
            self.ox.update(self._UNION)
        else:
            self._load_with_union(path, fmt, formats[fmt], graph)
        self._commit(checksum)

    def _load_with_union(self, path: Path, fmt: str, rdf_format, graph) -> None:
        """On disk: one bulk load of the file (as N-Quads) followed by its union's N-Triples."""
        import pyoxigraph as ox

        if fmt == "nquads":
            stream, strict = open(path, "rb"), True
        else:
            with _file_errors(path, fmt):
                quads = ox.parse(path=str(path), format=rdf_format)
                if graph is not None:
                    quads = (ox.Quad(q.subject, q.predicate, q.object, graph) for q in quads)
                stream, strict = io.BytesIO(ox.serialize(quads, format=ox.RdfFormat.N_QUADS)), False
        with stream, ThreadPoolExecutor(1, thread_name_prefix="kg-parse") as pool:
            union = pool.submit(_union_ntriples, path if strict else stream, strict)
            try:
                self.ox.bulk_load(_Chain(stream, union), format=ox.RdfFormat.N_QUADS, lenient=True)
                with _file_errors(path, fmt):
                    union.result()
            except BaseException:
                self.ox.clear()
                raise

    def load_bytes(self, data: bytes, fmt: str = "nquads", *, lenient: bool = False) -> None:
        """Bulk-load serialized RDF (``nquads``, ``trig``, ``turtle`` or ``nt``); ``lenient`` skips
        IRI and literal validation (only for data this tool wrote)."""
        import pyoxigraph as ox

        formats = {"nquads": ox.RdfFormat.N_QUADS, "trig": ox.RdfFormat.TRIG,
                   "turtle": ox.RdfFormat.TURTLE, "nt": ox.RdfFormat.N_TRIPLES}
        self.ox.bulk_load(data, format=formats[fmt], lenient=lenient)

    def query(self, sparql, *, bindings=None, timeout=None, default_graphs=None, named_graphs=None) -> QueryResult:
        import pyoxigraph as ox

        options: dict[str, Any] = {}
        if default_graphs:
            options["default_graph"] = [ox.NamedNode(g) for g in default_graphs]
        if named_graphs:
            options["named_graphs"] = [ox.NamedNode(g) for g in named_graphs]
        if bindings:  # a trailing VALUES clause (SPARQL 1.1 18.2.4.3): terms serialized, never pasted
            names = sorted(bindings)
            sparql += (f"\nVALUES ({' '.join('?' + n for n in names)}) "
                       f"{{ ({' '.join(bindings[n].n3() for n in names)}) }}")

        def run() -> QueryResult:
            try:
                result = self.ox.query(sparql, **options)
            except SyntaxError as exc:
                raise QueryError(f"SPARQL syntax error: {exc}") from exc
            if isinstance(result, ox.QueryBoolean):
                return QueryResult("ASK", boolean=bool(result))
            if isinstance(result, ox.QuerySolutions):
                names = [v.value for v in result.variables]
                rows = [tuple(map(_from_ox, sol)) for sol in result]  # a solution iterates its values in order
                return QueryResult("SELECT", names, rows)
            triples = dict.fromkeys((_from_ox(t.subject), _from_ox(t.predicate), _from_ox(t.object)) for t in result)
            kind = "DESCRIBE" if sparql.lstrip().upper().startswith("DESCRIBE") else "CONSTRUCT"
            return QueryResult(kind, triples=list(triples))

        return run_with_timeout(run, timeout)

    def update(self, sparql: str) -> None:
        """Run an update on the named graphs, then bring the union default graph in line."""
        self.ox.update(sparql)
        self.ox.update("DELETE { ?s ?p ?o } WHERE { ?s ?p ?o FILTER NOT EXISTS { GRAPH ?g { ?s ?p ?o } } } ;"
                       "INSERT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }")

    def replace_graph(self, name: str, triples: Iterable[Triple]) -> None:
        """Drop the graph's triples from the default graph unless another graph holds them, clear it, then
        bulk-load the new triples into it and into the default graph."""
        import pyoxigraph as ox

        graph = ox.NamedNode(name)
        if self.ox.contains_named_graph(graph):
            self.ox.update(unmerge_update(name))
            self.ox.remove_graph(graph)
        quads = []
        for s, p, o in triples:
            s, p, o = _to_ox(s), _to_ox(p), _to_ox(o)
            quads += (ox.Quad(s, p, o, graph), ox.Quad(s, p, o))
        self.ox.add_graph(graph)
        self.ox.bulk_extend(quads)
        if self.path:
            self.ox.flush()

    def _named_quads(self):
        for g in self.ox.named_graphs():
            yield from self.ox.quads_for_pattern(None, None, None, g)

    def quads(self) -> Iterator[Quad]:
        for q in self._named_quads():
            yield _from_ox(q.subject), _from_ox(q.predicate), _from_ox(q.object), _from_ox(q.graph_name)

    def __len__(self) -> int:
        return sum(1 for _ in self._named_quads())

    def close(self) -> None:
        """Flush an on-disk store and let go of it (its folder lock too), so it can be opened again."""
        if self.path and self.ox is not None:
            self.ox.flush()
            self.ox = None


def _remote(arg: str | None) -> Store:
    from .remote import RemoteStore

    return RemoteStore.from_spec(arg or "")


STORES: dict[str, Callable[[str | None], Store]] = {
    "memory": lambda arg: MemoryStore(),
    "oxigraph": lambda arg: OxigraphStore(arg),
    "sparql": _remote,
}


def register_store(scheme: str, factory: Callable[[str | None], Store]) -> None:
    """Make ``scheme`` (or ``scheme:ARG``) usable in :func:`open_store`."""
    STORES[scheme] = factory


def open_store(spec: str) -> Store:
    """A store from a spec: ``memory``, ``oxigraph``, ``oxigraph:PATH`` or a registered scheme."""
    if spec.startswith(("http://", "https://")) and "sparql" in STORES:
        return STORES["sparql"](spec)
    scheme, _, arg = spec.partition(":")
    if scheme not in STORES:
        raise ConfigError(f"Unknown store {spec!r}; use one of: {', '.join(sorted(STORES))} "
                          "(set it with --store or TECHPARK_STORE).")
    return STORES[scheme](arg or None)
