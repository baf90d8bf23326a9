"""The query library: one ``queries/<name>.rq`` file per question, with a comment header.

A header is the block of ``#`` lines at the top of the file::

    # title: Parks in a place, at any depth
    # description: Parks that lie in a place directly or through any chain of places
    #   above them (continuation lines are indented).
    # param place (name, default Shanghai): the place, by any of its names
    # param year (year, optional): only this year
    # requires: inference

Parameter types: ``name`` (an entity, resolved through its labels and aliases), ``iri`` (a full
IRI or a CURIE such as ``org:Organization``), ``string``, ``integer``, ``decimal``, ``year``,
``date`` (``YYYY-MM-DD``) and ``boolean``. A parameter is bound to the query variable of the
same name; an ``optional`` one left out stays unbound, so the query answers for every value.

>>> q = LibraryQuery.parse("demo", '''# title: Demo
... # description: Things of a year.
... # param year (year, optional): the year
... SELECT ?x WHERE { ?x tp:date ?d FILTER(!BOUND(?year) || YEAR(?d) = ?year) }''')
>>> q.title, [(p.name, p.type, p.required) for p in q.params]
('Demo', [('year', 'year', False)])
>>> q.bind({"year": "2022"}, resolve=None)
{'year': rdflib.term.Literal('2022', datatype=rdflib.term.URIRef('http://www.w3.org/2001/XMLSchema#integer'))}
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, Callable

from rdflib import Literal, URIRef
from rdflib.term import Node

from .errors import KGError, LibraryError, ParameterError, UnknownQuery
from .namespaces import PREFIXES, XSD
from .query import analyze

__all__ = ["Param", "LibraryQuery", "QueryLibrary", "PARAM_TYPES", "parse_value"]

PARAM_TYPES = ("name", "iri", "string", "integer", "decimal", "year", "date", "boolean")
_PARAM = re.compile(r"param\s+(\w+)\s+\(\s*(\w+)\s*(?:,\s*(optional|default\s+(.*?)))?\s*\)\s*:\s*(.*)$")
_FIELD = re.compile(r"(title|description|requires)\s*:\s*(.*)$")


@dataclass
class Param:
    name: str
    type: str
    help: str = ""
    default: str | None = None
    optional: bool = False

    @property
    def required(self) -> bool:
        return self.default is None and not self.optional

    def describe(self) -> str:
        """``place (name, default Shanghai)`` as in ``kg queries``."""
        extra = f", default {self.default}" if self.default is not None else (", optional" if self.optional else "")
        return f"{self.name} ({self.type}{extra})"


def parse_value(param: Param, raw: Any, resolve: Callable[[str], str] | None) -> Node:
    """A raw value (text from the command line, or a Python value) as the RDF term of ``param``'s type."""
    kind = param.type
    if isinstance(raw, (URIRef, Literal)):
        return raw
    text = str(raw).strip() if not isinstance(raw, (int, float, Decimal, date, bool)) else raw
    try:
        if kind == "name":
            if hasattr(raw, "iri"):  # an Entity
                return URIRef(raw.iri)
            if resolve is None:
                raise ParameterError("no graph to resolve names against")
            return URIRef(resolve(str(text)))
        if kind == "iri":
            s = str(text)
            if s.startswith("<") and s.endswith(">"):
                s = s[1:-1]
            prefix, colon, local = s.partition(":")
            if colon and prefix in PREFIXES:
                s = PREFIXES[prefix] + local
            if not re.fullmatch(r"[A-Za-z][\w+.-]*:[^<>\"{}|^`\\\x00-\x20]*", s):
                raise ValueError(f"{text!r} is not an IRI or a CURIE with a known prefix "
                                 f"({', '.join(sorted(PREFIXES))})")
            return URIRef(s)
        if kind == "string":
            return Literal(str(text))
        if kind in ("integer", "year"):
            if isinstance(text, bool) or (isinstance(text, float) and not text.is_integer()):
                raise ValueError(f"{text!r} is not a whole number")
            value = int(text)
            if kind == "year" and not 1000 <= value <= 9999:
                raise ValueError(f"{value} is not a four-digit year")
            return Literal(value, datatype=XSD.integer)
        if kind == "decimal":
            return Literal(Decimal(str(text)), datatype=XSD.decimal)
        if kind == "date":
            value = text if isinstance(text, date) else date.fromisoformat(str(text))
            return Literal(value.isoformat(), datatype=XSD.date)
        if kind == "boolean":
            if isinstance(text, bool):
                return Literal(text)
            low = str(text).lower()
            if low not in ("true", "false", "1", "0", "yes", "no"):
                raise ValueError(f"{text!r} is not true or false")
            return Literal(low in ("true", "1", "yes"))
    except (ValueError, InvalidOperation) as exc:
        raise ParameterError(f"parameter {param.name} ({kind}): {exc}") from exc
    except KGError as exc:
        raise ParameterError(f"parameter {param.name} ({kind}): {exc}") from exc
    raise ParameterError(f"parameter {param.name}: unknown type {kind!r}")


@dataclass
class LibraryQuery:
    """One library query: its header and its SPARQL text."""

    name: str
    text: str
    title: str = ""
    description: str = ""
    params: list[Param] = field(default_factory=list)
    requires: list[str] = field(default_factory=list)
    path: Path | None = None

    @classmethod
    def parse(cls, name: str, text: str, path: Path | None = None) -> "LibraryQuery":
        """Read the header; a broken one raises :class:`LibraryError` naming the file and line."""
        where = str(path or name)
        q = cls(name, text, path=path)
        last: str | None = None
        for lineno, line in enumerate(text.splitlines(), 1):
            if not line.startswith("#"):
                break
            body = line[1:]
            content = body.strip()
            if not content:
                continue
            if body.startswith("   ") and last:
                if last == "description":
                    q.description += " " + content
                elif last == "param":
                    q.params[-1].help += " " + content
                continue
            m = _PARAM.match(content)
            if m:
                pname, ptype, opt, default, help_ = m.groups()
                if ptype not in PARAM_TYPES:
                    raise LibraryError(f"{where}:{lineno}: param {pname}: unknown type {ptype!r}; "
                                       f"use one of {', '.join(PARAM_TYPES)}.")
                q.params.append(Param(pname, ptype, help_.strip(), default, opt == "optional"))
                last = "param"
                continue
            m = _FIELD.match(content)
            if m:
                key, value = m.groups()
                if key == "requires":
                    q.requires = value.split()
                else:
                    setattr(q, key, value.strip())
                last = key
                continue
            if content.lower().startswith("param"):
                raise LibraryError(f"{where}:{lineno}: cannot read this param line; write "
                                   "`# param NAME (TYPE[, optional | , default VALUE]): help`.")
            last = None
        if not q.title:
            raise LibraryError(f"{where}:1: the header has no `# title:` line.")
        if not q.description:
            raise LibraryError(f"{where}:1: the header has no `# description:` line.")
        variables = analyze(text).variables
        for p in q.params:
            if p.name not in variables:
                raise LibraryError(f"{where}: param {p.name} is declared but ?{p.name} is not used in the query.")
        return q

    @property
    def param_names(self) -> list[str]:
        return [p.name for p in self.params]

    def bind(self, values: dict[str, Any], resolve: Callable[[str], str] | None) -> dict[str, Node]:
        """Typed bindings for ``values`` (unknown names and missing required ones are errors)."""
        known = {p.name: p for p in self.params}
        unknown = sorted(set(values) - set(known))
        if unknown:
            listed = ", ".join(p.describe() for p in self.params) or "none"
            raise ParameterError(f"Query {self.name} has no parameter {unknown[0]!r}; its parameters: {listed}.")
        out: dict[str, Node] = {}
        for p in self.params:
            raw = values.get(p.name)
            if raw is None or raw == "":
                if p.default is not None:
                    raw = p.default
                elif p.optional:
                    continue
                else:
                    raise ParameterError(f"Query {self.name} needs --param {p.name}=... ({p.type}: {p.help}).")
            out[p.name] = parse_value(p, raw, resolve)
        return out


class QueryLibrary:
    """The ``.rq`` files of a folder, by name (file name without ``.rq``)."""

    def __init__(self, queries: dict[str, LibraryQuery]):
        self.queries = dict(sorted(queries.items()))

    @classmethod
    def load(cls, folder: Path | str) -> "QueryLibrary":
        folder = Path(folder)
        if not folder.is_dir():
            raise LibraryError(f"No query library at {folder}; set queries_dir (TECHPARK_QUERIES_DIR).")
        return cls({p.stem: LibraryQuery.parse(p.stem, p.read_text(encoding="utf-8"), p)
                    for p in sorted(folder.glob("*.rq"))})

    def __contains__(self, name: str) -> bool:
        return name in self.queries

    def __iter__(self):
        return iter(self.queries.values())

    def __len__(self) -> int:
        return len(self.queries)

    def get(self, name: str) -> LibraryQuery:
        """The query called ``name``; an unknown name raises :class:`UnknownQuery` with the closest names."""
        key = name[:-3] if name.endswith(".rq") else name
        if key in self.queries:
            return self.queries[key]
        close = difflib.get_close_matches(key, list(self.queries), n=3, cutoff=0.5)
        close += [n for n in self.queries if key and key in n and n not in close][:3]
        raise UnknownQuery(name, close[:5])
