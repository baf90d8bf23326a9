"""techpark-kg: a traceable knowledge graph of technology parks, companies and governments.

The :class:`KnowledgeGraph` facade is the public API; the CLI (``kg``) and the server only
call it.

>>> kg = KnowledgeGraph.from_seeds(corpus_dir=None)
>>> kg.entity("NetEast").label
'NetEase'
>>> rows = kg.query('''SELECT ?name WHERE { ?p a tp:NationalHighTechZone ; skos:prefLabel ?name }''')
>>> rows[0]["name"]
'Zizhu National High-Tech Zone'
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from rdflib import Dataset, Graph, URIRef

from .build import ONTOLOGY_GRAPH, PROVENANCE_GRAPH, build_dataset
from .config import Settings
from .errors import BuildMissing, KGError, ValidationFailed
from .explain import FactRecord, explain_entity, load_article_texts
from .export import read_dataset, serialize
from .files import atomic_write_bytes
from .lookup import NameIndex
from .namespaces import RDF, SKOS, TP
from .ontology import Ontology
from .library import LibraryQuery, QueryLibrary
from .query import PREFIX_HEADER, Rows, execute, plain, run_query
from .reason import INFERRED_GRAPH, infer, with_inferred
from .seeds import load_seeds
from .store import Store, open_store, require_persistent
from .validate import load_shapes, validate_dataset

__all__ = ["KnowledgeGraph", "Entity", "KGError", "Settings", "DATASET_FILE"]

DATASET_FILE = "techpark.trig"


@dataclass
class Entity:
    """One resource as the graph knows it."""

    iri: str
    label: str
    types: list[str]
    aliases: list[str] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)


def _looks_like_iri(value: str) -> bool:
    from .namespaces import PREFIXES

    prefix, colon, _ = value.partition(":")
    return (value.startswith("<") and value.endswith(">")) or value.startswith(("http://", "https://", "urn:")) \
        or (bool(colon) and prefix in PREFIXES)


def _parsed_or_plain(name: str, text: str, path: Path | None) -> LibraryQuery:
    """A query file or text: with its header when it has one (title and description), else as is."""
    from .errors import LibraryError

    try:
        return LibraryQuery.parse(name, text, path)
    except LibraryError:
        if "# param" in text:
            raise
        return LibraryQuery(name=name, text=text, path=path)


def _name_in_store(store: Store, name: str) -> str:
    """The IRI of the one entity whose label or alias is ``name`` (any case) in ``store``."""
    from rdflib import Literal

    from .errors import QueryError

    wanted = Literal(name.strip().lower()).n3()  # a serialized term, never pasted text
    rows = store.query(PREFIX_HEADER + "SELECT DISTINCT ?x WHERE { ?x skos:prefLabel|skos:altLabel|rdfs:label ?l "
                       f"FILTER(LCASE(STR(?l)) = {wanted} && isIRI(?x)) }} ORDER BY ?x LIMIT 6").rows
    if len(rows) == 1:
        return str(rows[0][0])
    if not rows:
        raise QueryError(f"No entity is labelled {name!r} in the store; give its IRI as <...> or check the name.")
    raise QueryError(f"{name!r} labels more than one entity in the store ({', '.join(str(r[0]) for r in rows[:5])}); "
                     "give the IRI as <...>.")


class KnowledgeGraph:
    """The knowledge graph: an rdflib ``Dataset`` with a named graph per source article."""

    def __init__(self, dataset: Dataset, settings: Settings | None = None,
                 origins: dict[URIRef, list[str]] | None = None, inferred: Graph | None = None,
                 source: Path | None = None):
        self.dataset = dataset
        self.settings = settings or Settings()
        self.origins = origins or {}
        self.inferred = inferred  # entailed triples (kg.reason), kept apart from the asserted graphs
        self.source = source  # the built file this graph was read from, if any
        self.store_only = False  # True: queries read what the store holds (from_store); no local dataset

    # -- making one -----------------------------------------------------------------------
    @classmethod
    def from_seeds(cls, seeds_dir: Path | str | None = None, *, corpus_dir: Path | str | None | bool = True,
                   validate: bool = True, settings: Settings | None = None,
                   extra_files: list[Path] | None = None) -> "KnowledgeGraph":
        """Load, check and build the seed files; ``corpus_dir=None`` skips the evidence-text checks.

        Raises :class:`~kg.errors.SeedErrors` or :class:`~kg.errors.ValidationFailed`.
        """
        settings = settings or Settings()
        corpus = settings.corpus_dir if corpus_dir is True else (Path(corpus_dir) if corpus_dir else None)
        ontology = Ontology.load(settings.ontology_dir)
        seeds = load_seeds(Path(seeds_dir or settings.seeds_dir), ontology, corpus, extra_files=extra_files)
        result = build_dataset(seeds, ontology)
        if validate:
            violations = validate_dataset(result.dataset, load_shapes(settings.ontology_dir), result.origins)
            if violations:
                lines = [f"The graph does not conform to ontology/shapes.ttl ({len(violations)} violation(s)):"]
                raise ValidationFailed("\n".join(lines + [f"  {v}" for v in violations]))
        inferred = infer(result.dataset) if settings.inference else None
        return cls(result.dataset, settings, result.origins, inferred)

    @classmethod
    def load(cls, path: Path | str | None = None, settings: Settings | None = None) -> "KnowledgeGraph":
        """Read a built dataset (default ``build/techpark.trig``)."""
        settings = settings or Settings()
        path = Path(path or Path(settings.build_dir) / DATASET_FILE)
        if not path.is_file():
            raise BuildMissing(f"No built graph at {path}; run `kg build` first.")
        ds = read_dataset(path)
        inferred = None
        if any(g.identifier == INFERRED_GRAPH for g in ds.graphs()):
            inferred = Graph(identifier=INFERRED_GRAPH)
            inferred.addN((s, p, o, inferred) for s, p, o in ds.graph(INFERRED_GRAPH))
            ds.remove_graph(INFERRED_GRAPH)
        return cls(ds, settings, inferred=inferred, source=path)

    @classmethod
    def from_store(cls, settings: Settings | None = None) -> "KnowledgeGraph":
        """Query what the store of the ``store`` setting already holds (filled by ``kg load``), not the build.

        Queries, library queries (a ``name`` parameter is looked up by label in the store) and the
        graph list work; features that read the local dataset (entities, views, analysis) need
        :meth:`load` or :meth:`from_seeds`.
        """
        kg = cls(Dataset(default_union=True), settings)
        require_persistent(kg.settings.store, "holds nothing `kg load` put there")
        kg.store_only = True
        kg.__dict__["store"] = open_store(kg.settings.store)
        return kg

    # -- writing --------------------------------------------------------------------------
    def serialize(self, fmt: str = "trig") -> bytes:
        """The dataset (with the inferred graph, if any) in one of ``trig, nquads, jsonld, turtle, nt``."""
        return serialize(self.full_dataset, fmt)

    @cached_property
    def full_dataset(self) -> Dataset:
        """The asserted graphs plus ``graph/inferred`` when inference is on (a copy in that case)."""
        return with_inferred(self.dataset, self.inferred) if self.inferred is not None else self.dataset

    def save(self, path: Path | str, format: str | None = None) -> Path:
        """Write the dataset atomically; the format defaults from the suffix."""
        path = Path(path)
        fmt = format or {".trig": "trig", ".nq": "nquads", ".jsonld": "jsonld", ".ttl": "turtle",
                         ".nt": "nt"}.get(path.suffix, "trig")
        return atomic_write_bytes(path, self.serialize(fmt))

    def write_build(self, build_dir: Path | str | None = None) -> Path:
        """Write the dataset into the build folder (atomically, replacing the previous build)."""
        return self.save(Path(build_dir or self.settings.build_dir) / DATASET_FILE, "trig")

    # -- asking ---------------------------------------------------------------------------
    @cached_property
    def store(self) -> Store:
        """The query backend named by the ``store`` setting, loaded with this dataset.

        A graph read from a built file is bulk-loaded from that file by stores that parse files
        themselves (Oxigraph, remote), instead of being serialized again from rdflib.
        """
        store = open_store(self.settings.store)
        if self.source is not None and store.parses_files:
            store.load_file(self.source)
        else:
            store.load(self.full_dataset)
        return store

    @cached_property
    def graph_names(self) -> list[str]:
        """IRIs of the named graphs (sources, provenance, ontology, inferred) that ``FROM`` may name."""
        if self.store_only:
            return sorted(str(g) for g, in self.store.query("SELECT DISTINCT ?g WHERE { GRAPH ?g { } }").rows)
        names = {str(g.identifier) for g in self.dataset.graphs() if isinstance(g.identifier, URIRef)}
        if self.inferred is not None:
            names.add(str(INFERRED_GRAPH))
        return sorted(n for n in names if not n.startswith("urn:x-rdflib:"))

    def query(self, sparql: str, **bindings: Any) -> list[dict[str, Any]] | bool | Graph:
        """Run SPARQL with keyword bindings; the ``tp``, ``skos``, ``org``... prefixes are predeclared.

        SELECT gives a list of dicts of plain values, ASK a bool, CONSTRUCT/DESCRIBE a Graph.

        >>> kg = KnowledgeGraph.from_seeds(corpus_dir=None)
        >>> kg.query("ASK { ?x tp:locatedIn ?place }", place=kg.entity("Qingpu"))
        True
        """
        return run_query(self.store, sparql, timeout=self.settings.query_timeout,
                         allow_remote=self.settings.allow_remote, known_graphs=self.graph_names,
                         **{k: URIRef(v.iri) if isinstance(v, Entity) else v for k, v in bindings.items()})

    # -- the query library (queries/*.rq) ---------------------------------------------------
    @cached_property
    def queries(self) -> QueryLibrary:
        """The query library of the ``queries_dir`` setting."""
        return QueryLibrary.load(self.settings.queries_dir)

    def run(self, name: str, **params: Any) -> Rows | bool | Graph:
        """Run library query ``name`` with typed keyword parameters; SELECT gives :class:`~kg.query.Rows`.

        A ``name`` parameter takes any label or alias of the entity (or an :class:`Entity`).

        >>> kg = KnowledgeGraph.from_seeds(corpus_dir=None)
        >>> sorted(r["name"] for r in kg.run("companies-in-park", park="Zizhu"))[:3]
        ['Boyan Technology', 'Chinasoft Resources', 'East China Normal University']
        """
        return plain(self.execute(name, params))

    def execute(self, source: str | LibraryQuery, params: dict[str, Any] | None = None, *,
                timeout: float | None = None, allow_remote: bool | None = None):
        """Run a library query (by name), a ``.rq`` file or SPARQL text; returns a :class:`~kg.store.QueryResult`.

        Library and file queries bind ``params`` by their declared types; for inline text every value
        is bound as a string literal, or as an IRI when written ``<...>`` or as a known CURIE.
        """
        from .library import Param, parse_value

        params = dict(params or {})
        query = self._resolve_query(source)
        if query.params or not params:
            bindings = query.bind(params, self._resolve_name)
        else:
            bindings = {k: parse_value(Param(k, "iri" if _looks_like_iri(str(v)) else "string"), v, None)
                        for k, v in params.items()}
        if "inference" in query.requires and self.inferred is None and not self._store_has_inferred:
            from .errors import QueryError

            fix = ("load the file again without --no-inference (kg load)" if self.store_only
                   else "rebuild without --no-inference (setting inference=true)")
            raise QueryError(f"Query {query.name} relies on inference, which is off for this graph; {fix}.")
        return execute(self.store, query.text, bindings,
                       timeout=self.settings.query_timeout if timeout is None else timeout,
                       allow_remote=self.settings.allow_remote if allow_remote is None else allow_remote,
                       known_graphs=self.graph_names)

    def _resolve_query(self, source: str | LibraryQuery) -> LibraryQuery:
        if isinstance(source, LibraryQuery):
            return source
        text = source.strip()
        path = Path(text) if len(text) < 4096 and "\n" not in text else None
        if path is not None and path.suffix == ".rq" and path.is_file():
            return _parsed_or_plain(path.stem, path.read_text(encoding="utf-8"), path)
        if re.fullmatch(r"[\w.-]+", text):
            return self.queries.get(text)
        return _parsed_or_plain("inline", source, None)

    def _resolve_name(self, name: str) -> str:
        if self.store_only:
            return _name_in_store(self.store, name)
        return self.entity(name).iri

    @cached_property
    def _store_has_inferred(self) -> bool:
        from .reason import has_inferred

        return self.store_only and has_inferred(self.store)

    def _local(self, what: str) -> Dataset:
        """The local dataset, which a store-only graph (:meth:`from_store`) does not have."""
        if self.store_only:
            from .errors import ConfigError

            raise ConfigError(f"{what} reads the built graph, and this one only queries its store; use "
                              "KnowledgeGraph.load() (the CLI without --loaded), or SPARQL on the store.")
        return self.dataset

    @cached_property
    def names(self) -> NameIndex:
        return NameIndex(self._local("Looking up entities"))

    def entity(self, name: str) -> Entity:
        """The entity called ``name`` (label or any alias, case-insensitive) or with that IRI.

        >>> KnowledgeGraph.from_seeds(corpus_dir=None).entity("Zizhu National Hi-tech Zone").iri
        'https://w3id.org/techpark-kg/id/park/zizhu-high-tech-zone'
        """
        iri = self.names.resolve(name)
        ds = self.dataset
        types = sorted({str(t).rsplit("#", 1)[-1] for t in ds.objects(iri, RDF.type) if t in TP._NS})
        aliases = sorted({str(a) for a in ds.objects(iri, SKOS.altLabel)})
        sources = sorted({str(g).rsplit("/", 1)[-1] for _, _, _, g in ds.quads((iri, RDF.type, None, None))
                          if g not in (ONTOLOGY_GRAPH, PROVENANCE_GRAPH)})
        return Entity(str(iri), self.names.preferred.get(iri, str(iri)), types, aliases, sources)

    def explain(self, name: str, corpus_dir: Path | str | None = None) -> list[FactRecord]:
        """Every fact about an entity with its source and evidence span (quoted when the corpus is given)."""
        iri = URIRef(self.entity(name).iri)
        texts = load_article_texts(self.dataset, Path(corpus_dir) if corpus_dir else None)
        return explain_entity(self.dataset, iri, texts)

    def info(self) -> dict[str, Counter]:
        """Counts: entities per class (most specific tp class), triples per graph."""
        per_class: Counter = Counter()
        seen = set()
        for s, _, cls, g in self._local("kg info").quads((None, RDF.type, None, None)):
            if g != ONTOLOGY_GRAPH and cls in TP._NS and (s, cls) not in seen:
                seen.add((s, cls))
                per_class[str(cls).rsplit("#", 1)[-1]] += 1
        per_graph: Counter = Counter()
        for _, _, _, g in self.dataset.quads((None, None, None, None)):
            per_graph[str(g).rsplit("/", 1)[-1]] += 1
        return {"classes": per_class, "graphs": per_graph}

    def to_networkx(self):
        """The entity graph as a ``networkx.MultiDiGraph`` (see :mod:`kg.network`)."""
        self._local("The entity network (views, analysis)")
        from .network import to_networkx

        return to_networkx(self.dataset)

    # -- views and network analysis (kg.views, kg.analysis) ----------------------------------
    @cached_property
    def views(self):
        """A :class:`~kg.views.ViewBuilder` bounded by the ``view_node_cap`` setting."""
        from .views import ViewBuilder

        return ViewBuilder(self, node_cap=self.settings.view_node_cap)

    def view_graph(self, path: Path | str | None = None):
        """The whole graph as a standalone HTML :class:`~kg.views.View` (written to ``path`` if given)."""
        return self._written(self.views.whole(), path)

    def view_entity(self, name: str, depth: int = 1, path: Path | str | None = None):
        """One entity and everything within ``depth`` links of it."""
        return self._written(self.views.entity(name, depth), path)

    def view_query(self, sparql: str, path: Path | str | None = None, title: str | None = None, **bindings: Any):
        """A query's result: CONSTRUCT draws its triples, SELECT the entities in its rows and their links."""
        return self._written(self.views.query(sparql, title, **bindings), path)

    def view_source(self, doc_id: str, path: Path | str | None = None):
        """What one source article states."""
        return self._written(self.views.source(doc_id), path)

    def view_place(self, name: str, path: Path | str | None = None):
        """A place with everything located in it."""
        return self._written(self.views.place(name), path)

    def write_views(self, folder: Path | str | None = None):
        """Write ``index.html``, the whole graph and a view per source and per park (default build/views/)."""
        return self.views.write_site(Path(folder or Path(self.settings.build_dir) / "views"))

    @staticmethod
    def _written(view, path):
        if path is not None:
            view.write(path)
        return view

    def analysis(self):
        """A :class:`~kg.analysis.NetworkAnalysis` of the entity graph (rankings, paths, communities, export)."""
        from .analysis import NetworkAnalysis

        return NetworkAnalysis(self.to_networkx())

    # -- reading new articles (kg.extract) --------------------------------------------------
    @cached_property
    def gazetteer(self):
        """The graph's names and aliases as a :class:`~kg.extract.Gazetteer` for entity resolution."""
        from .extract import Gazetteer

        return Gazetteer.from_dataset(self.dataset, fuzzy_threshold=self.settings.extract_fuzzy)

    def extract(self, article: Path | str, date=None):
        """Read a text or HTML article into a candidate seed (:class:`~kg.extract.Candidate`) for review."""
        from .extract import Extractor

        return Extractor(self.gazetteer).extract(article, date=date, max_bytes=self.settings.extract_max_bytes)

    @classmethod
    def add(cls, seed_file: Path | str, *, article: Path | str | None = None, replace: bool = False,
            settings: Settings | None = None) -> "KnowledgeGraph":
        """Merge a reviewed seed file into the seeds folder as its own named graph and rebuild (atomically)."""
        from .extract.merge import add_seed_file

        kg, result = add_seed_file(seed_file, settings or Settings(), article=article, replace=replace)
        kg.added = result
        return kg

    def _repr_html_(self) -> str:
        """Jupyter: a short table of counts (``kg.view_graph()`` displays the graph itself)."""
        import html

        counts = self.info()["classes"]
        rows = "".join(f"<tr><td>{html.escape(k)}</td><td>{n}</td></tr>" for k, n in sorted(counts.items())
                       if k not in ("Evidence", "Article", "SourceGraph"))
        return f"<table><caption>KnowledgeGraph</caption><tr><th>class</th><th>entities</th></tr>{rows}</table>"

