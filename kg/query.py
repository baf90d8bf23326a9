"""Run SPARQL safely against a store: checks, bound parameters, clear errors, plain rows.

Every query goes through :func:`execute`, which

- tokenizes the text (strings, IRIs and comments are skipped properly) and refuses ``SERVICE``,
  ``LOAD``/updates and ``FROM``/``FROM NAMED`` of anything but a graph of this dataset, unless
  ``allow_remote`` is set; ``FROM`` of a local graph is handed to the store as a dataset
  description instead, so no engine ever fetches a URL or reads a ``file:``;
- binds parameters with a ``VALUES`` block placed first in the query's WHERE group: the values
  are RDF terms serialized by rdflib (quotes escaped), never text pasted into the query, and
  they are in scope for every pattern, FILTER and BIND of that group on every engine;
- turns syntax errors of any engine into one message with line, column and the offending line;
- runs under the ``query_timeout`` limit (:func:`kg.store.run_with_timeout`).

>>> shape = analyze('SELECT ?x WHERE { ?x rdfs:label "FROM <http://example.org/>" } # SERVICE')
>>> shape.form, shape.service, shape.from_default
('SELECT', [], [])
>>> bind_values("SELECT ?s WHERE { ?s ?p ?o }", {"o": Literal('x" } UNION { ?s ?p ?o')})
'SELECT ?s WHERE { VALUES (?o) { ("x\\\\" } UNION { ?s ?p ?o") } ?s ?p ?o }'
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Iterable

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

from .errors import QueryError
from .namespaces import PREFIXES
from .store import QueryResult, Store

__all__ = [
    "run_query", "execute", "analyze", "bind_values", "check_update", "to_python", "Rows",
    "PREFIX_HEADER", "QueryShape", "Token", "tokenize", "compact", "table_rows",
]

PREFIX_HEADER = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in sorted(PREFIXES.items()))
_HEADER_LINES = PREFIX_HEADER.count("\n")

_TOKEN = re.compile(r"""
 (?P<ws>\s+)
|(?P<comment>\#[^\n]*)
|(?P<string>'''(?:[^'\\]|\\.|'(?!''))*'''|\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"|'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*")
|(?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
|(?P<var>[?$]\w+)
|(?P<pname>(?:[A-Za-z](?:[\w.-]*[\w-])?)?:(?:[\w%-](?:[\w.%-]*[\w%-])?)?|_:[\w-]+)
|(?P<word>[A-Za-z_]\w*)
|(?P<lang>@[A-Za-z]+(?:-[A-Za-z0-9]+)*)
|(?P<num>\d+\.?\d*(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?)
|(?P<punct>\^\^|&&|\|\||!=|<=|>=|.)
""", re.X | re.S)

_UPDATE_WORDS = {"INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH"}
_FORMS = {"SELECT", "ASK", "CONSTRUCT", "DESCRIBE"}


@dataclass(frozen=True)
class Token:
    kind: str
    text: str
    start: int

    @property
    def end(self) -> int:
        return self.start + len(self.text)

    @property
    def upper(self) -> str:
        return self.text.upper() if self.kind == "word" else ""


def tokenize(sparql: str) -> list[Token]:
    """SPARQL tokens without whitespace and comments; an unterminated string becomes one error token."""
    out = []
    for m in _TOKEN.finditer(sparql):
        kind = m.lastgroup or "punct"
        if kind not in ("ws", "comment"):
            out.append(Token(kind, m.group(), m.start()))
    return out


@dataclass
class QueryShape:
    """What :func:`analyze` learns about a query without running it."""

    form: str
    prefixes: dict[str, str] = field(default_factory=dict)
    from_default: list[str] = field(default_factory=list)
    from_named: list[str] = field(default_factory=list)
    from_spans: list[tuple[int, int]] = field(default_factory=list)
    service: list[str] = field(default_factory=list)
    where_brace: int | None = None  # offset of the "{" that opens the WHERE group
    variables: set[str] = field(default_factory=set)


def _iri(tok: Token, prefixes: dict[str, str]) -> str:
    if tok.kind == "iri":
        return tok.text[1:-1]
    if tok.kind == "pname" and not tok.text.startswith("_:"):
        prefix, _, local = tok.text.partition(":")
        if prefix in prefixes:
            return prefixes[prefix] + local
        return tok.text
    return tok.text  # a variable (SERVICE ?x) or something odd: reported as written


def analyze(sparql: str) -> QueryShape:
    """The form, dataset clauses, SERVICE targets and WHERE group of a query (PREFIXES are predeclared)."""
    toks = tokenize(sparql)
    prefixes = dict(PREFIXES)
    i = 0
    while i < len(toks) and toks[i].upper in ("PREFIX", "BASE"):
        if toks[i].upper == "PREFIX" and i + 2 < len(toks):
            prefixes[toks[i + 1].text.rstrip(":")] = toks[i + 2].text[1:-1]
            i += 3
        else:
            i += 2
    first = toks[i].upper if i < len(toks) else ""
    if first in _UPDATE_WORDS:
        raise QueryError(f"{first} is an update; `kg query` runs read-only queries (SELECT, ASK, CONSTRUCT, "
                         "DESCRIBE), and LOAD is refused so no query reads a URL or a file.")
    if first not in _FORMS:
        raise QueryError("Not a SPARQL query: expected SELECT, ASK, CONSTRUCT or DESCRIBE"
                         + (f", found {toks[i].text!r}." if i < len(toks) else ", found nothing."))
    shape = QueryShape(first, prefixes)
    depth, top_braces, where_at = 0, [], None
    for j in range(i, len(toks)):
        t = toks[j]
        if t.kind == "var":
            shape.variables.add(t.text[1:])
        if t.text == "{":
            if depth == 0:
                top_braces.append(t.start)
            depth += 1
        elif t.text == "}":
            depth -= 1
        elif t.upper == "WHERE" and depth == 0 and where_at is None:
            where_at = t.start
        elif t.upper == "SERVICE":
            k = j + 1
            if k < len(toks) and toks[k].upper == "SILENT":
                k += 1
            shape.service.append(_iri(toks[k], prefixes) if k < len(toks) else "?")
        elif t.upper == "FROM" and depth == 0:
            k = j + 1
            named = k < len(toks) and toks[k].upper == "NAMED"
            k += named
            if k < len(toks):
                (shape.from_named if named else shape.from_default).append(_iri(toks[k], prefixes))
                shape.from_spans.append((t.start, toks[k].end))
        elif t.upper in ("LOAD",):
            raise QueryError("LOAD is refused: a query may not read URLs or files.")
    if where_at is not None:
        shape.where_brace = next((b for b in top_braces if b > where_at), None)
    elif first == "CONSTRUCT":
        shape.where_brace = top_braces[1] if len(top_braces) > 1 else None
    else:
        shape.where_brace = top_braces[0] if top_braces else None
    return shape


def check_update(sparql: str, *, allow_remote: bool = False) -> None:
    """Refuse ``LOAD`` and ``SERVICE`` in a SPARQL Update unless ``allow_remote``."""
    if allow_remote:
        return
    for t in tokenize(sparql):
        if t.upper in ("LOAD", "SERVICE"):
            raise QueryError(f"{t.upper} is refused: it would read a URL or a file. "
                             "Allow it with the allow_remote setting (TECHPARK_ALLOW_REMOTE=1).")


def bind_values(sparql: str, bindings: dict[str, Node], shape: QueryShape | None = None) -> str:
    """``sparql`` with ``VALUES (?a ?b) { (t1 t2) }`` first in its WHERE group; terms are serialized by rdflib."""
    if not bindings:
        return sparql
    shape = shape or analyze(sparql)
    if shape.where_brace is None:
        raise QueryError(f"Cannot bind {', '.join('?' + n for n in sorted(bindings))}: the query has no WHERE group.")
    names = sorted(bindings)
    for n in names:
        if not re.fullmatch(r"\w+", n):
            raise QueryError(f"{n!r} is not a variable name.")
    terms = " ".join(_n3(bindings[n]) for n in names)
    block = f" VALUES ({' '.join('?' + n for n in names)}) {{ ({terms}) }}"
    at = shape.where_brace + 1
    return sparql[:at] + block + sparql[at:]


_IRI_OK = re.compile(r'[^<>"{}|^`\\\x00-\x20]*')


def _n3(term: Node) -> str:
    if isinstance(term, URIRef):
        if not _IRI_OK.fullmatch(str(term)):
            raise QueryError(f"{str(term)!r} is not a valid IRI.")
        return f"<{term}>"
    if isinstance(term, Literal):
        return term.n3()
    raise QueryError(f"Cannot bind {term!r}: only IRIs and literals can be parameter values.")


def _as_term(value: Any) -> Node:
    if isinstance(value, (URIRef, Literal)):
        return value
    if isinstance(value, BNode):
        raise QueryError("Blank nodes cannot be bound as parameters.")
    return Literal(value)


def _syntax_message(exc: BaseException, sparql: str, offset_lines: int) -> str | None:
    """``line L, column C: ...`` with the offending line shown, when the error says where it is."""
    text = str(exc)
    line = col = None
    if hasattr(exc, "lineno") and hasattr(exc, "col"):  # pyparsing (rdflib)
        line, col, what = exc.lineno, exc.col, getattr(exc, "msg", text)
    else:
        m = re.search(r"at (\d+):(\d+)(?:-\d+:\d+)?:\s*(.*)", text, re.S)
        if m:
            line, col, what = int(m.group(1)), int(m.group(2)) + 1, m.group(3)
    if line is None:
        return None
    line -= offset_lines
    lines = sparql.splitlines() or [""]
    if not 1 <= line <= len(lines):
        line = min(max(line, 1), len(lines))
    what = " ".join(what.split())
    if len(what) > 160:
        what = what[:157] + "..."
    shown = lines[line - 1]
    return (f"SPARQL syntax error at line {line}, column {col}: {what}\n"
            f"  {line:>3} | {shown}\n        {' ' * max(col - 1, 0)}^")


def _locate_with_rdflib(full: str) -> BaseException | None:
    from rdflib.plugins.sparql.parser import parseQuery

    try:
        parseQuery(full)
    except Exception as exc:  # pyparsing.ParseException
        return exc
    return None


def execute(store: Store, sparql: str, bindings: dict[str, Any] | None = None, *, timeout: float | None = None,
            allow_remote: bool = False, known_graphs: Iterable[str] = (), prefixes: bool = True) -> QueryResult:
    """Check, bind and run a query; ``known_graphs`` are the graph IRIs ``FROM`` may name without ``allow_remote``."""
    shape = analyze(sparql)
    if shape.service and not allow_remote:
        raise QueryError(f"SERVICE <{shape.service[0]}> is refused: a query may not call other endpoints. "
                         "Allow it with --allow-remote or the allow_remote setting (TECHPARK_ALLOW_REMOTE=1).")
    default_graphs: list[str] | None = None
    named_graphs: list[str] | None = None
    if shape.from_spans and not allow_remote:
        known = set(map(str, known_graphs))
        foreign = [g for g in shape.from_default + shape.from_named if g not in known]
        if foreign:
            raise QueryError(f"FROM <{foreign[0]}> is refused: it names no graph of this dataset, and reading URLs "
                             "or file: paths is off. Name one of the dataset's graphs, or allow it with "
                             "--allow-remote or the allow_remote setting (TECHPARK_ALLOW_REMOTE=1).")
        default_graphs = shape.from_default or None
        named_graphs = shape.from_named or None
        for start, end in reversed(shape.from_spans):  # the store gets the dataset description instead
            sparql = sparql[:start] + " " * (end - start) + sparql[end:]
    text = bind_values(sparql, {k: _as_term(v) for k, v in (bindings or {}).items()}, shape)
    header = PREFIX_HEADER if prefixes else ""
    full = header + text
    try:
        result = store.query(full, timeout=timeout, default_graphs=default_graphs, named_graphs=named_graphs)
    except QueryError as exc:
        if "time limit" in str(exc):
            raise
        offset = _HEADER_LINES if prefixes else 0
        located = None
        if "syntax" in str(exc).lower():  # Oxigraph points at the end of the input; rdflib's parser at the token
            parse_exc = _locate_with_rdflib(full)
            located = parse_exc and _syntax_message(parse_exc, sparql, offset)
        located = located or _syntax_message(exc, sparql, offset)
        raise QueryError(located or str(exc)) from exc
    except Exception as exc:
        if type(exc).__name__.endswith("ParseException"):
            raise QueryError(_syntax_message(exc, sparql, _HEADER_LINES if prefixes else 0) or str(exc)) from exc
        raise
    if result.type in ("CONSTRUCT", "DESCRIBE"):
        result.type = shape.form
    return result


def to_python(term: Any) -> Any:
    """An rdflib term as a plain value: literals become Python values, IRIs stay strings.

    >>> to_python(Literal("5.0", datatype=URIRef("http://www.w3.org/2001/XMLSchema#decimal")))
    Decimal('5.0')
    """
    if term is None:
        return None
    if isinstance(term, Literal):
        value = term.toPython()
        return value if not isinstance(value, Literal) else str(value)
    return str(term)


class Rows(list):
    """SELECT answers as a list of dicts of plain values; ``vars`` keeps the column order."""

    def __init__(self, rows: Iterable[dict[str, Any]] = (), vars: list[str] | None = None):
        super().__init__(rows)
        self.vars = list(vars or [])

    def column(self, name: str) -> list[Any]:
        """The values of one column, in row order."""
        return [row.get(name) for row in self]

    def to_dataframe(self):
        """A ``pandas.DataFrame`` of the rows (needs pandas)."""
        try:
            import pandas as pd
        except ImportError as exc:
            raise QueryError("to_dataframe() needs pandas: pip install pandas") from exc
        return pd.DataFrame(list(self), columns=self.vars)

    @classmethod
    def from_result(cls, result: QueryResult) -> "Rows":
        return cls(({k: to_python(v) for k, v in zip(result.vars, row)} for row in result.rows), result.vars)


_BY_LENGTH = sorted(((ns, p) for p, ns in PREFIXES.items()), key=lambda x: -len(x[0]))


def compact(term: Node | None) -> str:
    """A term for people: IRIs as CURIEs where a prefix fits, literals as their text.

    >>> compact(URIRef("https://w3id.org/techpark-kg/id/park/x")), compact(Literal(3)), compact(None)
    ('id:park/x', '3', '')
    """
    if term is None:
        return ""
    if isinstance(term, URIRef):
        s = str(term)
        for ns, prefix in _BY_LENGTH:
            if s.startswith(ns) and len(s) > len(ns):
                return f"{prefix}:{s[len(ns):]}"
        return s
    if isinstance(term, BNode):
        return f"_:{term}"
    return str(term)


def table_rows(result: QueryResult) -> tuple[list[str], list[list[str]]]:
    """Column names and cell texts for a table; a graph shows as sorted subject, predicate, object rows."""
    if result.type == "ASK":
        return ["answer"], [["yes" if result.boolean else "no"]]
    if result.type == "SELECT":
        return list(result.vars), [[compact(t) for t in row] for row in result.rows]
    triples = sorted(result.triples or (), key=lambda t: tuple(x.n3() for x in t))
    return ["subject", "predicate", "object"], [[compact(t) for t in triple] for triple in triples]


def plain(result: QueryResult) -> Rows | bool | Graph:
    """SELECT -> :class:`Rows`, ASK -> bool, CONSTRUCT/DESCRIBE -> Graph."""
    if result.type == "ASK":
        return bool(result.boolean)
    if result.type == "SELECT":
        return Rows.from_result(result)
    return result.graph


def run_query(store: Store, sparql: str, *, timeout: float | None = None, allow_remote: bool = False,
              known_graphs: Iterable[str] = (), **bindings: Any) -> Rows | bool | Graph:
    """SELECT gives :class:`Rows` (dicts), ASK a bool, CONSTRUCT a Graph; values are bound, never pasted."""
    return plain(execute(store, sparql, bindings, timeout=timeout, allow_remote=allow_remote,
                         known_graphs=known_graphs))

