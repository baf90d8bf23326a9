"""Settings: one declared table of name, default and help; overridable by environment.

Each setting ``name`` can be set with the environment variable ``TECHPARK_<NAME>``
(upper case). Relative paths are resolved against the project root.

>>> Settings().get("query_timeout")
10.0
>>> Settings(query_timeout="2.5").get("query_timeout")
2.5
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

from .errors import ConfigError

__all__ = ["Setting", "SETTINGS", "Settings", "PROJECT_ROOT", "CONFIG_FILE", "config_file_values"]

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def flag(value: Any) -> bool:
    """A yes/no setting: true/false, yes/no, on/off, 1/0 (any case).

    >>> flag("off"), flag("1"), flag(True)
    (False, True, True)
    """
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in ("1", "true", "yes", "on"):
        return True
    if text in ("0", "false", "no", "off", ""):
        return False
    raise ValueError(f"expected true or false, not {value!r}")


@dataclass(frozen=True)
class Setting:
    name: str
    default: Any
    help: str
    kind: Callable[[Any], Any] = str


SETTINGS: list[Setting] = [
    Setting("seeds_dir", "seeds", "Folder of curated seed YAML files, one per article.", Path),
    Setting("ontology_dir", "ontology", "Folder holding techpark.ttl (OWL) and shapes.ttl (SHACL).", Path),
    Setting("build_dir", "build", "Where `kg build` writes the dataset and views.", Path),
    Setting("corpus_dir", "../shared/seeds", "Folder of article texts; evidence offsets are checked against it when present.", Path),
    Setting("query_timeout", 10.0, "Seconds a SPARQL query may run before it is stopped.", float),
    Setting("store", "oxigraph", "Query backend: memory (rdflib), oxigraph (in memory), oxigraph:PATH (on disk, "
            "reused while current) or sparql:URL / an http(s) URL (any SPARQL 1.1 endpoint); also --store.", str),
    Setting("view_node_cap", 500, "Most entities one HTML view draws; bigger views keep the most central and say what was left out.", int),
    Setting("extract_max_bytes", 5_000_000, "Largest article file `kg extract` reads, in bytes; bigger files are refused.", int),
    Setting("extract_fuzzy", 85.0, "Smallest fuzzy-match score (0-100) at which `kg extract` links a name to a known entity.", float),
    Setting("queries_dir", "queries", "Folder of the query library (one .rq file per question).", Path),
    Setting("inference", True, "Materialise RDFS/OWL entailments (subclass types, transitive locatedIn...) into graph/inferred at build time and after `kg load`.", flag),
    Setting("allow_remote", False, "Let queries use SERVICE and FROM <url or file:>; off, so no query reads URLs or files.", flag),
    Setting("server_max_rows", 10_000, "Most result rows (or triples) `kg serve` returns for one query; longer results are cut and marked X-Truncated.", int),
    Setting("server_max_body", 1_000_000, "Largest request body or query `kg serve` accepts, in bytes; longer ones get 413.", int),
    Setting("server_update_token", "", "Bearer token that SPARQL Update requests must carry when `kg serve --allow-update` is on.", str),
]
_BY_NAME = {s.name: s for s in SETTINGS}


CONFIG_FILE = "techpark.toml"


def config_file_values() -> tuple[dict[str, Any], str]:
    """Settings from the config file: ``$TECHPARK_CONFIG``, else ``./techpark.toml`` when present.

    The file is TOML with the settings as top-level keys or under ``[settings]``, e.g.
    ``store = "oxigraph:build/store"``. Returns the values and the file's path ("" if none).
    """
    import tomllib

    path = Path(os.environ.get("TECHPARK_CONFIG") or CONFIG_FILE)
    if not path.is_file():
        if os.environ.get("TECHPARK_CONFIG"):
            raise ConfigError(f"TECHPARK_CONFIG names {path}, which is not a file.")
        return {}, ""
    try:
        data = tomllib.loads(path.read_text("utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read the config file: {exc}") from exc
    values = data.get("settings", data)
    unknown = sorted(set(values) - set(_BY_NAME) - {"settings"})
    if unknown:
        raise ConfigError(f"{path}: unknown setting(s) {unknown}; known: {sorted(_BY_NAME)}.")
    return {k: v for k, v in values.items() if k in _BY_NAME}, str(path)


class Settings:
    """Resolved settings: explicit keyword values, then ``TECHPARK_*`` variables, then the config file
    (:func:`config_file_values`), then defaults."""

    def __init__(self, **overrides: Any):
        unknown = set(overrides) - set(_BY_NAME)
        if unknown:
            raise ConfigError(f"Unknown setting(s) {sorted(unknown)}; known: {sorted(_BY_NAME)}.")
        self._values: dict[str, Any] = {}
        from_file, _ = config_file_values()
        for s in SETTINGS:
            raw = overrides.get(s.name)
            if raw is None:
                raw = os.environ.get(f"TECHPARK_{s.name.upper()}", from_file.get(s.name, s.default))
            try:
                value = s.kind(raw)
            except (TypeError, ValueError) as exc:
                raise ConfigError(f"Setting {s.name} (TECHPARK_{s.name.upper()}) = {raw!r}: {exc}") from exc
            if isinstance(value, Path) and not value.is_absolute():
                value = (PROJECT_ROOT / value).resolve()
            self._values[s.name] = value

    def get(self, name: str) -> Any:
        """The value of setting ``name``."""
        return self._values[name]

    def __getattr__(self, name: str) -> Any:
        try:
            return self._values[name]
        except KeyError:
            raise AttributeError(name) from None
