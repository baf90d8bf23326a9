"""Load and check seed files (``seeds/*.yaml``): the curated facts, one file per article.

Every problem is collected with its file, line and field, and all of them are raised
together as :class:`~kg.errors.SeedErrors`; nothing is built from a broken seed set.
The format is documented for curators in ``seeds/README.md``.

>>> from kg.seeds import parse_date
>>> parse_date("2018-09")
('2018-09', 'gYearMonth')
>>> parse_date(2024)
('2024', 'gYear')
"""

from __future__ import annotations

import datetime as dt
import difflib
import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .errors import SeedError, SeedErrors
from .ontology import Ontology

__all__ = [
    "Span", "Money", "Area", "DateValue", "Fact", "EntityDecl", "SeedDocument", "SeedSet",
    "load_seeds", "load_seed_file", "parse_date", "sha256_of",
]

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
CURRENCY = re.compile(r"^[A-Z]{3}$")
AREA_UNITS = {"square metre": ("MTK", "square metre"), "hectare": ("HAR", "hectare"), "mu": ("MU", "mu")}
DOC_FIELDS = {"id", "file", "sha256", "title", "date", "date_basis", "publisher", "authors", "editors", "url", "method"}
ENTITY_FIELDS = {"id", "type", "label", "aliases", "mentions", "facts"}
FACT_FIELDS = {"evidence", "implied", "note", "confidence"}


@dataclass(frozen=True)
class Span:
    start: int
    end: int


@dataclass(frozen=True)
class Money:
    value: float | int
    currency: str
    usd: float | int | None = None
    qualifier: str | None = None


@dataclass(frozen=True)
class Area:
    value: float | int
    unit: str


@dataclass(frozen=True)
class DateValue:
    lexical: str
    datatype: str  # date, gYearMonth or gYear
    relative: str | None = None


@dataclass
class Fact:
    prop: str
    kind: str
    value: Any
    evidence: list[Span]
    line: int
    implied: bool = False
    note: str | None = None
    confidence: float | None = None
    qualifier: str | None = None


@dataclass
class EntityDecl:
    id: str
    type: str
    label: str
    line: int
    aliases: list[str] = field(default_factory=list)
    mentions: list[Span] = field(default_factory=list)
    facts: list[Fact] = field(default_factory=list)


@dataclass
class SeedDocument:
    path: Path
    id: str
    file: str
    sha256: str
    title: str
    date_basis: str
    date: dt.date | None = None
    publisher: str | None = None
    authors: list[str] = field(default_factory=list)
    editors: list[str] = field(default_factory=list)
    url: str | None = None
    method: str = "curated"
    entities: list[EntityDecl] = field(default_factory=list)
    text: str | None = None  # the article text, when the corpus was available


@dataclass
class SeedSet:
    documents: list[SeedDocument]

    def declarations(self, entity_id: str) -> list[tuple[SeedDocument, EntityDecl]]:
        """Every declaration of one entity id, across files."""
        return [(d, e) for d in self.documents for e in d.entities if e.id == entity_id]


# --- YAML with line numbers ---------------------------------------------------------------

class _LDict(dict):
    """A mapping that remembers the line of each of its keys."""

    line: int = 0
    key_lines: dict


class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # libyaml's parser when available
    pass


def _construct_mapping(loader: _Loader, node: yaml.MappingNode) -> _LDict:
    out = _LDict()
    out.line, out.key_lines = node.start_mark.line + 1, {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if key in out:
            raise yaml.constructor.ConstructorError(
                None, None, f"duplicate key {key!r}: each key may appear once", key_node.start_mark)
        out[key] = loader.construct_object(value_node, deep=True)
        out.key_lines[key] = key_node.start_mark.line + 1
    return out


def _construct_timestamp(loader: _Loader, node: yaml.ScalarNode) -> Any:
    """Dates as ``datetime.date``; an impossible date stays text so the checker can name it."""
    try:
        return yaml.SafeLoader.construct_yaml_timestamp(loader, node)
    except ValueError:
        return loader.construct_scalar(node)


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_Loader.add_constructor("tag:yaml.org,2002:timestamp", _construct_timestamp)


def sha256_of(path: Path) -> str:
    """Hex SHA-256 of a file's bytes."""
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def parse_date(value: Any) -> tuple[str, str]:
    """A seed date (``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY``) as (lexical form, XSD datatype name)."""
    if isinstance(value, dt.datetime):
        raise ValueError("a date has no time of day")
    if isinstance(value, dt.date):
        return value.isoformat(), "date"
    text = str(value)
    if re.fullmatch(r"\d{4}", text):
        return text, "gYear"
    if re.fullmatch(r"\d{4}-\d{2}", text):
        dt.date.fromisoformat(text + "-01")
        return text, "gYearMonth"
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        return dt.date.fromisoformat(text).isoformat(), "date"
    raise ValueError(f"{text!r} is not YYYY-MM-DD, YYYY-MM or YYYY")


class _FileChecker:
    """Reads one seed file into a :class:`SeedDocument`, collecting errors."""

    def __init__(self, path: Path, ontology: Ontology, corpus_dir: Path | None, errors: list[SeedError]):
        self.path, self.onto, self.corpus_dir, self.errors = path, ontology, corpus_dir, errors
        self.text: str | None = None

    def error(self, message: str, line: int | None, field: str) -> None:
        self.errors.append(SeedError(message, file=str(self.path), line=line, field=field))

    def load(self) -> SeedDocument | None:
        try:
            data = yaml.load(self.path.read_text(encoding="utf-8"), Loader=_Loader)
        except yaml.MarkedYAMLError as exc:
            mark = exc.context_mark or exc.problem_mark
            detail = f"{exc.context} " if exc.context else ""
            if exc.problem_mark and exc.problem_mark is not mark:
                detail += f"(detected at line {exc.problem_mark.line + 1}): "
            self.error(f"YAML syntax error: {detail}{exc.problem or exc}. Fix the YAML here.",
                       mark.line + 1 if mark else None, "yaml")
            return None
        except UnicodeDecodeError:
            self.error("not UTF-8 text; save the file as UTF-8.", None, "file")
            return None
        if not isinstance(data, dict) or "document" not in data:
            self.error("a seed file is a mapping with `document:` and `entities:`.", 1, "document")
            return None
        self._unknown(data, {"document", "entities"}, "")
        doc = self._document(data["document"])
        if doc is None:
            return None
        entities = data.get("entities") or []
        if not isinstance(entities, list):
            self.error("`entities` must be a list of entity mappings.", data.key_lines.get("entities"), "entities")
            return doc
        seen: dict[str, int] = {}
        for item in entities:
            ent = self._entity(item)
            if ent is None:
                continue
            if ent.id in seen:
                self.error(f"duplicate id {ent.id!r} (first declared at line {seen[ent.id]}); "
                           "declare an entity once per file and merge the two entries.", ent.line, "id")
                continue
            seen[ent.id] = ent.line
            doc.entities.append(ent)
        return doc

    # -- document ------------------------------------------------------------------------
    def _document(self, d: Any) -> SeedDocument | None:
        if not isinstance(d, dict):
            self.error("`document` must be a mapping of id, file, sha256, title, date_basis.", 1, "document")
            return None
        self._unknown(d, DOC_FIELDS, "document.")
        missing = [k for k in ("id", "file", "sha256", "title", "date_basis") if not d.get(k)]
        for k in missing:
            self.error(f"missing; add `{k}:` to the document block.", d.line, f"document.{k}")
        if missing:
            return None
        if not SLUG.match(str(d["id"])):
            self.error("use lowercase letters, digits and hyphens.", d.key_lines["id"], "document.id")
        if not re.fullmatch(r"[0-9a-f]{64}", str(d["sha256"])):
            self.error("must be 64 lowercase hex digits (run `kg seeds-hash FILE`).", d.key_lines["sha256"], "document.sha256")
        date = None
        if d.get("date") is not None:
            try:
                lexical, kind = parse_date(d["date"])
                if kind != "date":
                    raise ValueError("the article date must be a full YYYY-MM-DD date")
                date = dt.date.fromisoformat(lexical)
            except ValueError as exc:
                self.error(f"{exc}.", d.key_lines["date"], "document.date")
        method = d.get("method", "curated")
        if method not in ("curated", "extracted"):
            self.error("must be `curated` or `extracted`.", d.key_lines["method"], "document.method")
        doc = SeedDocument(
            path=self.path, id=str(d["id"]), file=str(d["file"]), sha256=str(d["sha256"]),
            title=str(d["title"]), date_basis=str(d["date_basis"]), date=date,
            publisher=d.get("publisher"), authors=list(d.get("authors") or []),
            editors=list(d.get("editors") or []), url=d.get("url"), method=method,
        )
        self._read_text(doc, d.key_lines["sha256"])
        return doc

    def _read_text(self, doc: SeedDocument, line: int) -> None:
        if self.corpus_dir is None or not self.corpus_dir.is_dir():
            return
        path = self.corpus_dir / doc.file
        if not path.is_file():
            self.error(f"article {doc.file!r} is not in the corpus folder {self.corpus_dir}; "
                       "fix `file` or point --corpus at the right folder.", line, "document.file")
            return
        actual = sha256_of(path)
        if actual != doc.sha256:
            self.error(f"the article text {path} has sha256 {actual}, not the one recorded: the evidence "
                       "offsets were taken from another version of the text. Re-check the offsets against "
                       "this text, then update `sha256`.", line, "document.sha256")
            return
        self.text = doc.text = path.read_bytes().decode("utf-8")

    # -- entities ------------------------------------------------------------------------
    def _entity(self, e: Any) -> EntityDecl | None:
        if not isinstance(e, dict):
            self.error("each entity is a mapping with id, type and label.", None, "entities")
            return None
        self._unknown(e, ENTITY_FIELDS, "")
        ok = True
        for k in ("id", "type", "label"):
            if not e.get(k):
                self.error(f"missing; every entity needs `{k}`.", e.line, k)
                ok = False
        if not ok:
            return None
        eid, etype = str(e["id"]), str(e["type"])
        if not SLUG.match(eid):
            self.error(f"{eid!r}: use lowercase letters, digits and hyphens.", e.key_lines["id"], "id")
        if etype not in self.onto.seed_classes:
            self.error(f"unknown class{self._suggest(etype, self.onto.seed_classes)}; "
                       "use a class of ontology/techpark.ttl.", e.key_lines["type"], "type")
        ent = EntityDecl(id=eid, type=etype, label=str(e["label"]), line=e.line)
        aliases = e.get("aliases") or []
        if not isinstance(aliases, list) or not all(isinstance(a, str) and a for a in aliases):
            self.error("a list of names (strings).", e.key_lines.get("aliases"), f"{eid}.aliases")
        else:
            ent.aliases = aliases
            for a in aliases:
                if self.text is not None and a not in self.text:
                    self.error(f"alias {a!r} does not occur in the article; an alias is a spelling the article uses.",
                               e.key_lines["aliases"], f"{eid}.aliases")
        ent.mentions = self._spans(e.get("mentions") or [], e.key_lines.get("mentions"), f"{eid}.mentions")
        facts = e.get("facts") or []
        if not isinstance(facts, list):
            self.error("a list of facts.", e.key_lines.get("facts"), f"{eid}.facts")
            return ent
        for f in facts:
            fact = self._fact(eid, f)
            if fact is not None:
                ent.facts.append(fact)
        return ent

    # -- facts ---------------------------------------------------------------------------
    def _fact(self, eid: str, f: Any) -> Fact | None:
        if not isinstance(f, dict):
            self.error("each fact is a mapping such as `locatedIn: shanghai` with `evidence:`.", None, f"{eid}.facts")
            return None
        props = [k for k in f if k not in FACT_FIELDS]
        if len(props) != 1:
            self.error(f"a fact has exactly one property key, found {props or 'none'}; split it into separate facts.",
                       f.line, f"{eid}.facts")
            return None
        prop = props[0]
        where, line = f"{eid}.{prop}", f.key_lines[prop]
        kind = self.onto.seed_properties.get(prop)
        if kind is None:
            self.error(f"unknown property{self._suggest(prop, self.onto.seed_properties)}; "
                       "use a property of ontology/techpark.ttl.", line, where)
            return None
        implied = f.get("implied", False)
        if not isinstance(implied, bool):
            self.error("`implied` is true or false.", f.key_lines["implied"], where)
        evidence = self._spans(f.get("evidence") or [], f.key_lines.get("evidence"), f"{where}.evidence")
        if not evidence and not implied and "evidence" not in f:
            self.error("no evidence: add `evidence: [[start, end]]`, or `implied: true` if the article only implies it.",
                       line, where)
        confidence = f.get("confidence")
        if confidence is not None and not (isinstance(confidence, (int, float)) and 0 <= confidence <= 1):
            self.error("`confidence` is a number from 0 to 1.", f.key_lines["confidence"], where)
        parsed = self._value(kind, f[prop], line, where)
        if parsed is None:
            return None
        value, qualifier = parsed
        return Fact(prop=prop, kind=kind, value=value, evidence=evidence, line=line, implied=bool(implied),
                    note=f.get("note"), confidence=confidence, qualifier=qualifier)

    def _value(self, kind: str, raw: Any, line: int, where: str) -> tuple[Any, str | None] | None:
        try:
            return _PARSERS[kind](self, raw)
        except (ValueError, TypeError, KeyError) as exc:
            self.error(f"{exc}", line, where)
            return None

    def _ref(self, raw: Any) -> tuple[list[str], None]:
        ids = raw if isinstance(raw, list) else [raw]
        if not ids or not all(isinstance(i, str) and SLUG.match(i) for i in ids):
            raise ValueError(f"{raw!r}: expected an entity id or a list of ids")
        return ids, None

    def _status(self, raw: Any) -> tuple[str, None]:
        if raw not in self.onto.statuses:
            raise ValueError(f"{raw!r}: a status is one of {sorted(self.onto.statuses)}")
        return raw, None

    def _date(self, raw: Any) -> tuple[DateValue, None]:
        relative = None
        if isinstance(raw, dict):
            extra = set(raw) - {"value", "relative"}
            if extra or "value" not in raw:
                raise ValueError("a date mapping has `value` and optionally `relative`")
            relative, raw = raw.get("relative"), raw["value"]
        try:
            lexical, datatype = parse_date(raw)
        except ValueError as exc:
            raise ValueError(f"bad date: {exc}; write YYYY-MM-DD, YYYY-MM or YYYY") from None
        return DateValue(lexical, datatype, relative), None

    def _money(self, raw: Any) -> tuple[Money, None]:
        if not isinstance(raw, dict):
            raise ValueError("money is {value: N, currency: CNY, usd: N, qualifier: ...}")
        extra = set(raw) - {"value", "currency", "usd", "qualifier"}
        if extra:
            raise ValueError(f"unknown field(s) {sorted(extra)} in an amount; allowed: value, currency, usd, qualifier")
        if "currency" not in raw:
            raise ValueError("an amount without currency: add `currency:` with the ISO 4217 code the article's "
                             "unit stands for (yuan -> CNY, US$ -> USD)")
        if not CURRENCY.match(str(raw["currency"])):
            raise ValueError(f"currency {raw['currency']!r}: use a three-letter ISO 4217 code such as CNY or USD")
        for k in ("value", "usd"):
            if k in raw and not (isinstance(raw[k], (int, float)) and not isinstance(raw[k], bool) and raw[k] >= 0):
                raise ValueError(f"`{k}` must be a non-negative number, not {raw[k]!r}")
        if "value" not in raw:
            raise ValueError("an amount needs `value`")
        return Money(raw["value"], raw["currency"], raw.get("usd"), raw.get("qualifier")), None

    def _area(self, raw: Any) -> tuple[Area, None]:
        if not isinstance(raw, dict) or set(raw) != {"value", "unit"}:
            raise ValueError("an area is {value: N, unit: square metre|hectare|mu}")
        if raw["unit"] not in AREA_UNITS:
            raise ValueError(f"unit {raw['unit']!r}: use one of {sorted(AREA_UNITS)}")
        if not isinstance(raw["value"], (int, float)):
            raise ValueError("an area value is a number")
        return Area(raw["value"], raw["unit"]), None

    def _number(self, raw: Any, integer: bool) -> tuple[float | int, str | None]:
        qualifier = None
        if isinstance(raw, dict):
            extra = set(raw) - {"value", "qualifier"}
            if extra or "value" not in raw:
                raise ValueError("a qualified number is {value: N, qualifier: about|more than|over}")
            qualifier, raw = raw.get("qualifier"), raw["value"]
        ok = isinstance(raw, int) if integer else isinstance(raw, (int, float))
        if not ok or isinstance(raw, bool):
            raise ValueError(f"{raw!r}: expected {'a whole number' if integer else 'a number'}")
        return raw, qualifier

    def _text(self, raw: Any) -> tuple[str, None]:
        if not isinstance(raw, str) or not raw.strip():
            raise ValueError("expected a short text")
        return raw, None

    # -- helpers -------------------------------------------------------------------------
    def _spans(self, raw: Any, line: int | None, where: str) -> list[Span]:
        out: list[Span] = []
        if not isinstance(raw, list):
            self.error("a list of [start, end] pairs.", line, where)
            return out
        for pair in raw:
            if not (isinstance(pair, list) and len(pair) == 2 and all(type(x) is int for x in pair)
                    and 0 <= pair[0] < pair[1]):
                self.error(f"{pair!r} is not a [start, end] pair with 0 <= start < end.", line, where)
                continue
            if self.text is not None and pair[1] > len(self.text):
                self.error(f"span {pair} runs past the end of the article ({len(self.text)} characters).", line, where)
                continue
            out.append(Span(*pair))
        return out

    def _unknown(self, d: dict, allowed: set[str], prefix: str) -> None:
        for k in d:
            if k not in allowed:
                self.error(f"unknown field{self._suggest(str(k), allowed)}; allowed: {', '.join(sorted(allowed))}.",
                           d.key_lines.get(k), f"{prefix}{k}")

    @staticmethod
    def _suggest(name: str, choices: Any) -> str:
        close = difflib.get_close_matches(name, list(choices), n=3)
        return f" {name!r} (did you mean {', '.join(close)}?)" if close else f" {name!r}"


_PARSERS = {
    "ref": _FileChecker._ref,
    "status": _FileChecker._status,
    "date": _FileChecker._date,
    "money": _FileChecker._money,
    "area": _FileChecker._area,
    "count": lambda self, raw: self._number(raw, integer=True),
    "number": lambda self, raw: self._number(raw, integer=False),
    "text": _FileChecker._text,
}


def load_seed_file(path: Path, ontology: Ontology, corpus_dir: Path | None, errors: list[SeedError]) -> SeedDocument | None:
    """Read one seed file; problems are appended to ``errors``."""
    return _FileChecker(Path(path), ontology, corpus_dir, errors).load()


def load_seeds(seeds_dir: Path, ontology: Ontology, corpus_dir: Path | None = None,
               extra_files: list[Path] | None = None) -> SeedSet:
    """Load and check every ``*.yaml`` in ``seeds_dir`` (plus ``extra_files``) as one consistent set."""
    errors: list[SeedError] = []
    paths = sorted(Path(seeds_dir).glob("*.yaml")) + [Path(p) for p in extra_files or []]
    if not paths:
        raise SeedErrors([SeedError(f"no seed files (*.yaml) in {seeds_dir}.", file=str(seeds_dir))])
    docs = [d for d in (load_seed_file(p, ontology, corpus_dir, errors) for p in paths) if d is not None]
    _check_across(docs, errors)
    if errors:
        raise SeedErrors(errors)
    return SeedSet(docs)


def _check_across(docs: list[SeedDocument], errors: list[SeedError]) -> None:
    """Checks that need every file: unique document ids, consistent entities, resolvable references."""
    first_doc: dict[str, SeedDocument] = {}
    first_decl: dict[str, tuple[SeedDocument, EntityDecl]] = {}
    for doc in docs:
        if doc.id in first_doc:
            errors.append(SeedError(f"document id {doc.id!r} is also used by {first_doc[doc.id].path}; "
                                    "each article needs its own id.", file=str(doc.path), field="document.id"))
        first_doc.setdefault(doc.id, doc)
        for ent in doc.entities:
            if ent.id not in first_decl:
                first_decl[ent.id] = (doc, ent)
                continue
            other_doc, other = first_decl[ent.id]
            for attr in ("type", "label"):
                if getattr(ent, attr) != getattr(other, attr):
                    errors.append(SeedError(
                        f"{ent.id!r} has {attr} {getattr(ent, attr)!r} here but {getattr(other, attr)!r} in "
                        f"{other_doc.path}:{other.line}; one entity has one {attr}: make them agree "
                        "(put other names in `aliases`) or use a different id.",
                        file=str(doc.path), line=ent.line, field=f"{ent.id}.{attr}"))
    for doc in docs:
        refs = [(r, None, "document") for r in [doc.publisher, *doc.authors, *doc.editors] if r]
        for ent in doc.entities:
            refs += [(r, f.line, f"{ent.id}.{f.prop}") for f in ent.facts if f.kind == "ref" for r in f.value]
        for ref, line, where in refs:
            if ref not in first_decl:
                close = difflib.get_close_matches(ref, list(first_decl), n=3)
                hint = f" (did you mean {', '.join(close)}?)" if close else ""
                errors.append(SeedError(f"unknown entity {ref!r}{hint}; declare it under `entities:` in some seed file.",
                                        file=str(doc.path), line=line, field=where))
