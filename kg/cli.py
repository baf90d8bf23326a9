"""The ``kg`` command line: parses arguments, calls the library, maps errors to exit codes."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Optional

import typer
from rich.console import Console
from rich.table import Table

from . import KnowledgeGraph
from .config import Settings
from .errors import ConfigError, KGError
from .namespaces import RDF
from .seeds import sha256_of

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help="techpark-kg: build, query and explore the technology-park knowledge graph.")
out = Console(soft_wrap=True, highlight=False)
err = Console(stderr=True, soft_wrap=True, highlight=False)

SeedsOpt = typer.Option(None, "--seeds", help="Folder of seed YAML files (default: seeds/).")
CorpusOpt = typer.Option(None, "--corpus", help="Folder of article texts (default: ../shared/seeds when present).")
BuildOpt = typer.Option(None, "--build-dir", help="Build folder (default: build/).")


_GLOBAL: dict[str, Optional[str]] = {"store": None}  # options given before the command


@app.callback()
def _global_options(store: Optional[str] = typer.Option(
        None, "--store", metavar="SPEC",
        help="Backend: memory, oxigraph, oxigraph:PATH (on disk) or sparql:URL / http(s)://... "
             "(default: the store setting, TECHPARK_STORE or techpark.toml).")) -> None:
    _GLOBAL["store"] = store


def _settings(**overrides) -> Settings:
    """Settings from command-line values; a path given on the command line is relative to the working folder."""
    overrides.setdefault("store", _GLOBAL["store"])
    return Settings(**{k: v.resolve() if isinstance(v, Path) else v for k, v in overrides.items() if v is not None})



def _load(build_dir: Optional[Path]) -> KnowledgeGraph:
    return KnowledgeGraph.load(settings=_settings(build_dir=build_dir))


@app.command()
def build(seeds: Optional[Path] = SeedsOpt, corpus: Optional[Path] = CorpusOpt, build_dir: Optional[Path] = BuildOpt,
          no_validate: bool = typer.Option(False, "--no-validate", help="Skip SHACL validation."),
          no_inference: bool = typer.Option(False, "--no-inference",
                                            help="Do not materialise inferred triples into graph/inferred.")) -> None:
    """Check the seeds, build the dataset, validate it and write build/techpark.trig atomically."""
    settings = _settings(seeds_dir=seeds, corpus_dir=corpus, build_dir=build_dir,
                         inference=False if no_inference else None)
    kg = KnowledgeGraph.from_seeds(settings=settings, validate=not no_validate)
    path = kg.write_build()
    counts = kg.info()
    out.print(f"Built {path} ({sum(counts['graphs'].values())} quads, "
              f"{len(counts['graphs'])} graphs, {sum(counts['classes'].values())} typed resources).")
    if kg.inferred is not None:
        out.print(f"Inferred {len(kg.inferred)} triples into graph/inferred (subclass types, transitive locatedIn...).")
    pages = kg.write_views()
    out.print(f"Wrote {len(pages)} views and index.html to {Path(kg.settings.build_dir) / 'views'}.")


@app.command()
def check(seeds: Optional[Path] = SeedsOpt, corpus: Optional[Path] = CorpusOpt) -> None:
    """Check the seed files and SHACL shapes without writing anything."""
    kg = KnowledgeGraph.from_seeds(settings=_settings(seeds_dir=seeds, corpus_dir=corpus))
    out.print(f"Seeds OK: {len(kg.info()['graphs'])} graphs conform to the shapes.")


@app.command()
def info(build_dir: Optional[Path] = BuildOpt) -> None:
    """Counts of resources per class and of quads per source graph."""
    counts = _load(build_dir).info()
    for title, key in (("class", "classes"), ("graph", "graphs")):
        table = Table(title=f"per {title}")
        table.add_column(title)
        table.add_column("count", justify="right")
        for name, n in sorted(counts[key].items()):
            table.add_row(name, str(n))
        out.print(table)


@app.command()
def export(fmt: str = typer.Option("trig", "--format", "-f", help="turtle, trig, nquads, jsonld or nt."),
           output: Optional[Path] = typer.Option(None, "-o", "--output", help="File to write (default: stdout)."),
           build_dir: Optional[Path] = BuildOpt) -> None:
    """Write the dataset in an RDF format."""
    kg = _load(build_dir)
    if output:
        kg.save(output, fmt)
        err.print(f"Wrote {output}")
    else:
        sys.stdout.buffer.write(kg.serialize(fmt))


@app.command()
def explain(name: str = typer.Argument(..., help="A label or alias of the entity."),
            corpus: Optional[Path] = CorpusOpt, build_dir: Optional[Path] = BuildOpt) -> None:
    """Everything known about an entity, with the source of each fact and (with --corpus) the evidence."""
    kg = _load(build_dir)
    ent = kg.entity(name)
    corpus = corpus or kg.settings.corpus_dir
    out.print(f"[bold]{ent.label}[/bold]  <{ent.iri}>")
    out.print(f"types: {', '.join(ent.types)}")
    if ent.aliases:
        out.print(f"also called: {', '.join(ent.aliases)}")
    for rec in kg.explain(name, corpus_dir=corpus):
        if rec.predicate == RDF.type:
            arrow = f"named in the text (a {rec.other_label})"
        elif rec.direction == "out":
            arrow = f"{rec.predicate_label} -> {rec.other_label}"
        else:
            arrow = f"<- {rec.predicate_label} of {rec.other_label}"
        spans = ", ".join(f"{a}-{b}" for a, b in rec.spans) or "no span"
        flag = " (implied)" if rec.implied else ""
        out.print(f"  {arrow}  [{rec.source} @ {spans}]{flag}", markup=False)
        for q in rec.quotes:
            out.print(f"      \u201c{q}\u201d", markup=False)


@app.command("seeds-hash")
def seeds_hash(files: list[Path] = typer.Argument(..., help="Article text files.")) -> None:
    """Print the SHA-256 to record as `document.sha256` in a seed file."""
    for f in files:
        out.print(f"{sha256_of(f)}  {f}")


# -- kg view: standalone HTML views (kg.views) ------------------------------------------------
view_app = typer.Typer(no_args_is_help=True, help="Write standalone, offline HTML views of the graph.")
app.add_typer(view_app, name="view")
from .views import slug_of  # noqa: E402  (after the app: keeps `kg --help` listing in order)

ViewOut = typer.Option(None, "-o", "--output", help="HTML file to write (default: build/views/<kind>-<name>.html).")
CapOpt = typer.Option(None, "--cap", help="Most entities drawn; bigger views are summarised (setting view_node_cap).")


def _view_kg(build_dir: Optional[Path], cap: Optional[int]) -> KnowledgeGraph:
    return KnowledgeGraph.load(settings=_settings(build_dir=build_dir, view_node_cap=cap))


def _emit(kg: KnowledgeGraph, view, output: Optional[Path], name: str) -> None:
    path = view.write(output or Path(kg.settings.build_dir) / "views" / f"{name}.html")
    out.print(f"Wrote {path} ({view.node_count} entities, {view.edge_count} links).", markup=False)
    if view.summary:
        out.print(view.summary.text(), markup=False)


@view_app.command("graph")
def view_graph(output: Optional[Path] = ViewOut, cap: Optional[int] = CapOpt, build_dir: Optional[Path] = BuildOpt) -> None:
    """The whole graph."""
    kg = _view_kg(build_dir, cap)
    _emit(kg, kg.view_graph(), output, "graph")


@view_app.command("entity")
def view_entity(name: str = typer.Argument(..., help="A label, alias or IRI."),
                depth: int = typer.Option(1, "--depth", "-d", help="Links to follow from the entity."),
                output: Optional[Path] = ViewOut, cap: Optional[int] = CapOpt,
                build_dir: Optional[Path] = BuildOpt) -> None:
    """One entity and its neighbourhood."""
    kg = _view_kg(build_dir, cap)
    _emit(kg, kg.view_entity(name, depth), output, f"entity-{slug_of(kg.entity(name).iri)}")


@view_app.command("query")
def view_query(sparql: str = typer.Argument(..., help="SPARQL text, or the path of a .rq file."),
               output: Optional[Path] = ViewOut, cap: Optional[int] = CapOpt,
               build_dir: Optional[Path] = BuildOpt) -> None:
    """A query's result: CONSTRUCT draws its triples, SELECT the entities in its rows and their links."""
    kg = _view_kg(build_dir, cap)
    path = Path(sparql)
    is_file = len(sparql) < 4096 and "{" not in sparql and path.is_file()
    text = path.read_text(encoding="utf-8") if is_file else sparql
    _emit(kg, kg.view_query(text, title=f"Query {path.name}" if is_file else None), output,
          f"query-{path.stem}" if is_file else "query")


@view_app.command("source")
def view_source(doc_id: str = typer.Argument(..., help="The document id of a seed file."),
                output: Optional[Path] = ViewOut, cap: Optional[int] = CapOpt,
                build_dir: Optional[Path] = BuildOpt) -> None:
    """What one source article states."""
    kg = _view_kg(build_dir, cap)
    _emit(kg, kg.view_source(doc_id), output, f"source-{doc_id}")


@view_app.command("place")
def view_place(name: str = typer.Argument(..., help="A place, zone or facility."),
               output: Optional[Path] = ViewOut, cap: Optional[int] = CapOpt,
               build_dir: Optional[Path] = BuildOpt) -> None:
    """A place with everything located in it."""
    kg = _view_kg(build_dir, cap)
    _emit(kg, kg.view_place(name), output, f"place-{slug_of(kg.entity(name).iri)}")


@view_app.command("index")
def view_index(folder: Optional[Path] = typer.Option(None, "-o", "--output", help="Folder (default: build/views)."),
               cap: Optional[int] = CapOpt, build_dir: Optional[Path] = BuildOpt) -> None:
    """The index page with the whole graph and a view per source and per park."""
    kg = _view_kg(build_dir, cap)
    pages = kg.write_views(folder)
    out.print(f"Wrote {len(pages)} views and index.html to {pages[0].path.parent}.", markup=False)


# -- kg analyze: network analytics (kg.analysis) ----------------------------------------------
analyze_app = typer.Typer(help="Rankings, shortest paths, communities and components; GraphML/GEXF export.")
app.add_typer(analyze_app, name="analyze")
TopOpt = typer.Option(10, "--top", "-n", help="Rows to print.")


def _table(title: str, columns: list[str], rows: list[list]) -> Table:
    from rich.text import Text

    table = Table(title=title)
    for i, col in enumerate(columns):
        table.add_column(col, justify="right" if i == 0 or col in ("score", "size") else "left")
    for row in rows:
        table.add_row(*[Text(str(cell)) for cell in row])
    return table


def _rank_table(net, by: str, top: int) -> Table:
    fmt = "{:.0f}" if by == "degree" else "{:.4f}"
    return _table(f"top {top} by {by}", ["#", "entity", "type", "score"],
                  [[i, r.label, r.type, fmt.format(r.score)] for i, r in enumerate(net.rank(by, top), 1)])


def _group_table(net, title: str, groups: list[list[str]], top: int) -> Table:
    degree = dict(net.graph.degree())
    rows = []
    for i, group in enumerate(groups[:top], 1):
        members = sorted(group, key=lambda n: (-degree[n], n))[:4]
        rows.append([i, len(group), "; ".join(net.graph.nodes[n]["label"] for n in members)
                     + (" ..." if len(group) > 4 else "")])
    return _table(f"{title} ({len(groups)} in all; largest {min(top, len(groups))})",
                  ["#", "size", "most connected members"], rows)


@analyze_app.callback(invoke_without_command=True)
def analyze(ctx: typer.Context, top: int = typer.Option(5, "--top", "-n", help="Rows per table."),
            build_dir: Optional[Path] = BuildOpt) -> None:
    """With no sub-command: every ranking, the components and the communities."""
    if ctx.invoked_subcommand is not None:
        return
    net = _load(build_dir).analysis()
    for by in ("degree", "pagerank", "betweenness"):
        out.print(_rank_table(net, by, top))
    out.print(_group_table(net, "components", net.components(), top))
    out.print(_group_table(net, "communities", net.communities(), top))


@analyze_app.command("rank")
def analyze_rank(by: str = typer.Option("pagerank", "--by", help="degree, pagerank or betweenness."),
                 top: int = TopOpt, build_dir: Optional[Path] = BuildOpt) -> None:
    """The most central entities."""
    out.print(_rank_table(_load(build_dir).analysis(), by, top))


@analyze_app.command("path")
def analyze_path(source: str = typer.Argument(..., help="First entity (label, alias or IRI)."),
                 target: str = typer.Argument(..., help="Second entity."),
                 build_dir: Optional[Path] = BuildOpt) -> None:
    """The shortest chain of facts between two entities, with the source of each fact."""
    kg = _load(build_dir)
    a, b = kg.entity(source), kg.entity(target)
    chain = kg.analysis().shortest_path(a.iri, b.iri)
    out.print(f"{a.label} -> {b.label}: {len(chain)} fact(s)", markup=False)
    for i, fact in enumerate(chain, 1):
        out.print(f"  {i}. {fact.subject_label} --{fact.predicate_label}--> {fact.object_label}  "
                  f"[{', '.join(fact.sources) or 'no source'}]", markup=False)


@analyze_app.command("communities")
def analyze_communities(top: int = TopOpt, build_dir: Optional[Path] = BuildOpt) -> None:
    """Communities of densely linked entities (Louvain, seeded)."""
    net = _load(build_dir).analysis()
    out.print(_group_table(net, "communities", net.communities(), top))


@analyze_app.command("components")
def analyze_components(top: int = TopOpt, build_dir: Optional[Path] = BuildOpt) -> None:
    """Connected components."""
    net = _load(build_dir).analysis()
    out.print(_group_table(net, "components", net.components(), top))


@analyze_app.command("export")
def analyze_export(output: Path = typer.Argument(..., help="File to write: *.graphml or *.gexf."),
                   fmt: Optional[str] = typer.Option(None, "--format", "-f", help="graphml or gexf."),
                   build_dir: Optional[Path] = BuildOpt) -> None:
    """Write the entity graph as GraphML or GEXF (for Gephi)."""
    net = _load(build_dir).analysis()
    path = net.export(output, fmt)
    out.print(f"Wrote {path} ({net.graph.number_of_nodes()} nodes, {net.graph.number_of_edges()} edges).",
              markup=False)


# -- reading new articles (kg.extract) ---------------------------------------------------------
def _iso_date(value: Optional[str]):
    import datetime as dt

    from .errors import ConfigError

    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise ConfigError(f"--date {value!r}: write the article date as YYYY-MM-DD.") from None


@app.command()
def extract(articles: list[Path] = typer.Argument(..., help="Plain-text or HTML news articles."),
            date: Optional[str] = typer.Option(None, "--date", help="The article date (YYYY-MM-DD) for relative dates."),
            output: Optional[Path] = typer.Option(None, "-o", "--output",
                                                  help="Seed file to write (one article), or a folder (several)."),
            seeds: Optional[Path] = SeedsOpt) -> None:
    """Draft candidate seed files (method: extracted) from articles, for a person to review."""
    from .errors import ConfigError
    from .extract import Extractor, to_yaml
    from .files import atomic_write_text

    settings = _settings(seeds_dir=seeds)
    kg = KnowledgeGraph.from_seeds(settings=settings, corpus_dir=None, validate=False)
    when = _iso_date(date)
    extractor = Extractor(kg.gazetteer)
    # read and extract everything first: an error in any article leaves no output behind
    results = [(a, extractor.extract(a, date=when, max_bytes=settings.extract_max_bytes)) for a in articles]
    if output is not None and len(articles) > 1 and output.suffix in (".yaml", ".yml"):
        raise ConfigError("-o names one file but several articles were given; pass a folder instead.")
    for article, cand in results:
        text = to_yaml(cand)
        for w in cand.warnings:
            err.print(f"warning: {article}: {w}", markup=False)
        n_facts = sum(len(e.facts) for e in cand.entities.values())
        known = sum(1 for e in cand.entities.values() if e.known)
        summary = (f"{article}: {len(cand.entities)} entities ({known} known to the graph), {n_facts} facts")
        if output is None:
            sys.stdout.write(text)
            err.print(summary, markup=False)
            continue
        target = output / f"{cand.doc_id}.yaml" if (len(articles) > 1 or output.is_dir()) else output
        atomic_write_text(target, text)
        err.print(f"{summary} -> {target}", markup=False)


@app.command()
def add(seed_file: Path = typer.Argument(..., help="A reviewed seed file (e.g. from `kg extract`)."),
        article: Optional[Path] = typer.Option(None, "--article", help="The article text, copied into the corpus folder."),
        replace: bool = typer.Option(False, "--replace", help="Overwrite a seed file with the same document id."),
        seeds: Optional[Path] = SeedsOpt, corpus: Optional[Path] = CorpusOpt, build_dir: Optional[Path] = BuildOpt) -> None:
    """Check a seed file with all the others, merge it as its own named graph and rebuild (all or nothing)."""
    settings = _settings(seeds_dir=seeds, corpus_dir=corpus, build_dir=build_dir)
    kg = KnowledgeGraph.add(seed_file, article=article, replace=replace, settings=settings)
    r = kg.added
    marked = " (machine-extracted: marked as such until reviewed)" if r.method == "extracted" else ""
    out.print(f"Added {r.seed_path} as graph {r.doc_id}: {r.facts} facts{marked}.", markup=False)
    if r.article_copied:
        out.print(f"Copied the article to {r.article_copied}.", markup=False)
    out.print(f"Rebuilt {r.build_path}.", markup=False)


@app.command("eval")
def eval_(corpus: Optional[Path] = CorpusOpt, seeds: Optional[Path] = SeedsOpt,
          holdout: bool = typer.Option(False, "--holdout", help="Build each article's gazetteer from the other seeds only."),
          show_errors: bool = typer.Option(False, "--errors", help="List what was missed and what was wrong.")) -> None:
    """Run the extractor over the curated articles and print precision, recall and F1 against the seeds."""
    from .errors import ConfigError
    from .extract import evaluate
    from .ontology import Ontology
    from .seeds import load_seeds

    settings = _settings(seeds_dir=seeds, corpus_dir=corpus)
    corpus_dir = Path(settings.corpus_dir)
    if not corpus_dir.is_dir():
        raise ConfigError(f"no article corpus at {corpus_dir}; pass --corpus DIR (the folder of the seeded articles).")
    onto = Ontology.load(settings.ontology_dir)
    seed_set = load_seeds(Path(settings.seeds_dir), onto, corpus_dir)
    report = evaluate(seed_set, corpus_dir, onto, holdout=holdout, fuzzy=settings.extract_fuzzy)
    table = Table(title="extraction vs curated seeds" + (" (hold-out gazetteer)" if holdout else ""))
    table.add_column("article")
    for part in ("entities", "relations", "literals"):
        table.add_column(f"{part} P/R/F1", justify="right")
    table.add_column("s", justify="right")

    def row(name, scores, seconds):
        table.add_row(name, *[f"{s.precision:.2f} / {s.recall:.2f} / {s.f1:.2f}" for s in scores], f"{seconds:.3f}")

    for a in report.articles:
        row(a.doc_id, (a.entities, a.relations, a.literals), a.seconds)
    o = report.overall()
    row("overall (micro)", (o["entities"], o["relations"], o["literals"]), report.seconds)
    out.print(table)
    if show_errors:
        for a in report.articles:
            for part in ("entities", "relations", "literals"):
                for x in a.missed[part]:
                    out.print(f"{a.doc_id}: missed {part[:-1]} {x}", markup=False)
                for x in a.wrong[part]:
                    out.print(f"{a.doc_id}: wrong {part[:-1]} {x}", markup=False)


@app.command()
def synth(parks: int = typer.Option(..., "--parks", min=1, help="Number of parks; about 1,450 triples each."),
          seed: int = typer.Option(0, "--seed", help="Random seed: the same seed gives the same bytes."),
          output: Path = typer.Option(Path("build/synth.nq"), "-o", "--output", help="N-Quads file to write."),
          load: bool = typer.Option(False, "--load", help="Then bulk-load it into the store given by --store.")) -> None:
    """Write a synthetic graph that follows the ontology and passes its shapes (for benchmarks and tests)."""
    from .synth import write_synth

    stats = write_synth(output, parks, seed)
    out.print(f"Wrote {output}: {stats.quads} quads in {stats.graphs} graphs ({parks} parks, seed {seed}).",
              markup=False)
    if load:
        _load_file(output)


def _load_file(path: Path, inference: bool | None = None) -> None:
    import time

    from .reason import ensure_inferred
    from .store import open_store, require_persistent

    settings = _settings(inference=inference)
    spec = settings.store
    require_persistent(spec, f"would forget {path} on exit")
    store = open_store(spec)
    try:
        start = time.perf_counter()
        store.load_file(path)
        took = time.perf_counter() - start
        verb = "already holds" if store.reused else f"loaded in {took:.1f} s:"
        out.print(f"Store {spec} {verb} {path} ({len(store)} quads).", markup=False)
        if settings.inference:
            start = time.perf_counter()
            inferred = ensure_inferred(store)
            if inferred is None:
                out.print("Its graph/inferred is in place already; not inferred again.")
            else:
                out.print(f"Inferred {inferred} triples into graph/inferred in {time.perf_counter() - start:.1f} s.")
    finally:
        store.close()


@app.command("load")
def load_file(file: Path = typer.Argument(..., help="RDF file: .nq, .trig, .ttl or .nt."),
              no_inference: bool = typer.Option(False, "--no-inference",
                                                help="Do not materialise inferred triples into graph/inferred.")) -> None:
    """Bulk-load an RDF file into the store given by --store, then infer into graph/inferred (setting inference);
    a store that already holds the file (and its inferred graph) is kept as is."""
    _load_file(file, inference=False if no_inference else None)


@app.command()
def serve(host: str = typer.Option("127.0.0.1", "--host", help="Interface to bind (default: loopback only)."),
          port: int = typer.Option(8000, "--port", help="TCP port."),
          allow_update: bool = typer.Option(False, "--allow-update", help="Accept SPARQL Update (needs --token)."),
          token: Optional[str] = typer.Option(None, "--token", help="Bearer token updates must carry "
                                              "(setting server_update_token)."),
          timeout: Optional[float] = typer.Option(None, "--timeout", help="Seconds a query may run (setting query_timeout)."),
          max_rows: Optional[int] = typer.Option(None, "--max-rows", help="Most rows a result returns (setting server_max_rows)."),
          corpus: Optional[Path] = CorpusOpt, build_dir: Optional[Path] = BuildOpt) -> None:
    """Serve the SPARQL 1.1 Protocol endpoint (/sparql) and the web explorer (/) over HTTP."""
    from .server import ServerConfig, serve as run_server

    settings = _settings(build_dir=build_dir, corpus_dir=corpus, query_timeout=timeout, server_max_rows=max_rows,
                         server_update_token=token)
    config = ServerConfig.from_settings(settings, allow_update=allow_update)
    kg = KnowledgeGraph.load(settings=settings)
    mode = "read-write (token required)" if allow_update else "read-only"
    err.print(f"Serving {mode} on http://{host}:{port}/ (SPARQL endpoint: /sparql; queries stop after "
              f"{config.timeout:g} s, at most {config.max_rows} rows). Ctrl+C stops.", markup=False)
    if host not in ("127.0.0.1", "localhost", "::1"):
        err.print(f"warning: binding {host} exposes the server beyond this machine.", markup=False)
    run_server(kg, config, host=host, port=port)


# -- SPARQL: kg query, kg queries (kg.library, kg.query, kg.results) ---------------------------------

def _parse_params(items: list[str]) -> dict[str, str]:
    params: dict[str, str] = {}
    for item in items:
        name, eq, value = item.partition("=")
        if not eq or not name.strip():
            from .errors import ParameterError

            raise ParameterError(f"--param {item!r}: write NAME=VALUE, e.g. --param park=Zizhu.")
        params[name.strip()] = value
    return params


@app.command()
def query(source: str = typer.Argument(..., help="A library query name (see `kg queries`), a .rq file or SPARQL text."),
          param: list[str] = typer.Option([], "--param", "-p", help="NAME=VALUE, repeatable."),
          fmt: Optional[str] = typer.Option(None, "--format", "-f",
                                            help="table, csv, tsv, json, xml (SELECT/ASK); turtle, nquads, jsonld "
                                                 "(CONSTRUCT/DESCRIBE). Default: table on a terminal, else csv/turtle."),
          output: Optional[Path] = typer.Option(None, "-o", "--output", help="File to write (atomically) instead of stdout."),
          timeout: Optional[float] = typer.Option(None, "--timeout", help="Seconds before the query is stopped (setting query_timeout)."),
          allow_remote: bool = typer.Option(False, "--allow-remote", help="Allow SERVICE and FROM <url or file:>."),
          loaded: bool = typer.Option(False, "--loaded", help="Query what the store (--store) holds from `kg load`, "
                                      "not the build."),
          build_dir: Optional[Path] = BuildOpt) -> None:
    """Run a SPARQL query on the built graph (or, with --loaded, on the store's data) and print the result."""
    from .query import table_rows
    from .results import serialize_result

    settings = _settings(build_dir=build_dir)
    kg = KnowledgeGraph.from_store(settings) if loaded else KnowledgeGraph.load(settings=settings)
    result = kg.execute(source, _parse_params(param), timeout=timeout, allow_remote=allow_remote or None)
    tty = output is None and sys.stdout.isatty()
    fmt = (fmt or ("table" if tty else ("csv" if result.type in ("SELECT", "ASK") else "turtle"))).lower()
    empty = (result.type == "SELECT" and not result.rows) or (result.type in ("CONSTRUCT", "DESCRIBE")
                                                             and not result.triples)
    if fmt == "table":
        cols, rows = table_rows(result)
        if output:
            data = ("\t".join(cols) + "\n" + "".join("\t".join(r) + "\n" for r in rows)).encode("utf-8")
        else:
            if not empty:
                table = Table(*cols)
                for r in rows:
                    table.add_row(*r)
                out.print(table)
            data = None
    else:
        from .errors import ConfigError, QueryError

        try:
            data = serialize_result(result, {"nquads": "nt"}.get(fmt, fmt))
        except QueryError as exc:
            raise ConfigError(str(exc)) from exc
    if output and data is not None:
        from .files import atomic_write_bytes

        atomic_write_bytes(output, data)
        err.print(f"Wrote {output}", markup=False)
    elif data is not None:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    if empty:
        err.print("No results: the query matched nothing." + (" (Check the parameter values.)" if param else ""),
                  markup=False)
    elif result.type == "SELECT" and tty:
        err.print(f"{len(result.rows)} row(s).", markup=False)


# The example questions `kg tour` answers (library query name, parameters).
TOUR = [
    ("parks-in-place", {"place": "Shanghai"}),
    ("investment-by-zone", {}),
    ("designations", {}),
    ("multi-source-entities", {}),
    ("connections", {"a": "NetEase", "b": "Shanghai Municipal Government"}),
]


def _readable(cols: list[str], rows: list[list[str]]) -> tuple[list[str], list[list[str]]]:
    """Drop IRI-only columns (their labels are shown beside them) and group the digits of big numbers."""
    keep = [i for i, _ in enumerate(cols)
            if not all(r[i].startswith(("id:", "http", "tp:", "graph:")) for r in rows if r[i])]

    def fmt(v: str) -> str:
        try:
            number = float(v)
        except ValueError:
            return v
        return f"{number:,.0f}" if abs(number) >= 10_000 and number == int(number) else v

    return [cols[i] for i in keep], [[fmt(r[i]) for i in keep] for r in rows]


@app.command()
def tour(build_dir: Optional[Path] = BuildOpt) -> None:
    """Answer a few example questions from the query library and point at the HTML views."""
    from .query import table_rows

    kg = _load(build_dir)
    for name, params in TOUR:
        result = kg.execute(name, params)
        cols, rows = _readable(*table_rows(result))
        shown = ", ".join(f"{k}={v}" for k, v in params.items())
        table = Table(*cols, title=f"{kg.queries.get(name).title}  (kg query {name}{' ' if shown else ''}{shown})")
        for r in rows:
            table.add_row(*r)
        out.print(table)
    index = Path(kg.settings.build_dir) / "views" / "index.html"
    if index.is_file():
        out.print(f"Graph views: {index}", markup=False)


@app.command()
def queries(name: Optional[str] = typer.Argument(None, help="Show one query in full: header, parameters and SPARQL.")) -> None:
    """List the query library: names, titles and parameters."""
    from .library import QueryLibrary

    library = QueryLibrary.load(Settings().queries_dir)
    if name:
        q = library.get(name)
        out.print(f"[bold]{q.name}[/bold]: {q.title}")
        out.print(q.description, markup=False)
        for p in q.params:
            out.print(f"  --param {p.describe()}: {p.help}", markup=False)
        if q.requires:
            out.print(f"requires: {', '.join(q.requires)}", markup=False)
        out.print("")
        out.print(q.text, markup=False)
        return
    table = Table("name", "title", "parameters")
    for q in library:
        table.add_row(q.name, q.title, ", ".join(p.describe() for p in q.params))
    out.print(table)


def main(argv: list[str] | None = None) -> None:
    """Entry point of ``kg``; ``argv`` defaults to the process arguments. Exits with the error's exit code."""
    try:
        app(args=argv, prog_name="kg", standalone_mode=False)
    except KGError as exc:
        err.print(f"error: {exc}", markup=False)
        raise SystemExit(exc.exit_code)
    except Exception as exc:  # click usage errors
        import click

        if isinstance(exc, click.exceptions.ClickException) or (hasattr(exc, "show") and hasattr(exc, "exit_code")):
            exc.show()
            raise SystemExit(exc.exit_code)
        if isinstance(exc, click.exceptions.Abort):
            raise SystemExit(130)
        raise
