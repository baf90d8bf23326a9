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
from .errors import KGError
from .seeds import sha256_of

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help="techpark-kg: build, query and explore the technology-park knowledge graph.")
out = Console(soft_wrap=True, highlight=False)
err = Console(stderr=True, soft_wrap=True, highlight=False)

SeedsOpt = typer.Option(None, "--seeds", help="Folder of seed YAML files (default: seeds/).")
CorpusOpt = typer.Option(None, "--corpus", help="Folder of article texts (default: ../shared/seeds when present).")
BuildOpt = typer.Option(None, "--build-dir", help="Build folder (default: build/).")


def _settings(**overrides) -> Settings:
    return Settings(**{k: v for k, v in overrides.items() if v is not None})


def _load(build_dir: Optional[Path]) -> KnowledgeGraph:
    return KnowledgeGraph.load(settings=_settings(build_dir=build_dir))


@app.command()
def build(seeds: Optional[Path] = SeedsOpt, corpus: Optional[Path] = CorpusOpt, build_dir: Optional[Path] = BuildOpt,
          no_validate: bool = typer.Option(False, "--no-validate", help="Skip SHACL validation.")) -> None:
    """Check the seeds, build the dataset, validate it and write build/techpark.trig atomically."""
    settings = _settings(seeds_dir=seeds, corpus_dir=corpus, build_dir=build_dir)
    kg = KnowledgeGraph.from_seeds(settings=settings, validate=not no_validate)
    path = kg.write_build()
    counts = kg.info()
    out.print(f"Built {path} ({sum(counts['graphs'].values())} quads, "
              f"{len(counts['graphs'])} graphs, {sum(counts['classes'].values())} typed resources).")


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
        arrow = f"{rec.predicate_label} -> {rec.other_label}" if rec.direction == "out" \
            else f"<- {rec.predicate_label} of {rec.other_label}"
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


def main(argv: list[str] | None = None) -> None:
    """Entry point of ``kg``; ``argv`` defaults to the process arguments. Exits with the error's exit code."""
    try:
        app(args=argv, prog_name="kg", standalone_mode=False)
    except KGError as exc:
        err.print(f"error: {exc}", markup=False)
        raise SystemExit(exc.exit_code)
    except Exception as exc:  # click usage errors
        import click

        if isinstance(exc, click.exceptions.ClickException):
            exc.show()
            raise SystemExit(exc.exit_code)
        if isinstance(exc, click.exceptions.Abort):
            raise SystemExit(130)
        raise
