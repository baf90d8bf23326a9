"""One exception hierarchy; each error knows its CLI exit code and HTTP status.

>>> err = SeedError("Use an ISO 4217 code.", file="seeds/a.yaml", line=12, field="currency")
>>> str(err)
'seeds/a.yaml:12: currency: Use an ISO 4217 code.'
>>> err.exit_code
3
"""

from __future__ import annotations

__all__ = [
    "KGError", "ConfigError", "SeedError", "SeedErrors", "ValidationFailed",
    "EntityNotFound", "QueryError", "BuildMissing", "ViewError", "AnalysisError", "NoPath", "EmptyGraph",
    "ArticleError", "UnknownQuery", "ParameterError", "LibraryError",
    "StoreError",
    "QueryTimeout", "ProtocolError", "NotAcceptable", "RequestTooLarge", "UpdateRefused",
    "TokenRequired",
]


class KGError(Exception):
    """Base class of every error this package raises on purpose."""

    exit_code = 1
    http_status = 500


class ConfigError(KGError):
    """A setting or a command-line option has a value we cannot use."""

    exit_code = 2
    http_status = 400


class SeedError(KGError):
    """One problem in one seed file, located by file, line and field."""

    exit_code = 3
    http_status = 400

    def __init__(self, message: str, *, file: str = "", line: int | None = None, field: str = ""):
        self.message, self.file, self.line, self.field = message, file, line, field
        super().__init__(self.__str__())

    def __str__(self) -> str:
        where = self.file + (f":{self.line}" if self.line else "")
        parts = [p for p in (where, self.field) if p]
        return ": ".join(parts + [self.message])


class SeedErrors(KGError):
    """Every problem found in the seed files, reported together."""

    exit_code = 3
    http_status = 400

    def __init__(self, errors: list[SeedError]):
        self.errors = errors
        lines = [f"{len(errors)} problem(s) in the seed files; nothing was written:"]
        lines += [f"  {e}" for e in errors]
        super().__init__("\n".join(lines))


class ValidationFailed(KGError):
    """The built graph does not conform to ``ontology/shapes.ttl``."""

    exit_code = 4
    http_status = 500

    def __init__(self, report: str):
        self.report = report
        super().__init__(report)


class EntityNotFound(KGError):
    """No entity has that name (label or alias)."""

    exit_code = 5
    http_status = 404

    def __init__(self, name: str, suggestions: list[str] | None = None):
        self.name, self.suggestions = name, suggestions or []
        hint = f" Did you mean: {', '.join(self.suggestions)}?" if self.suggestions else ""
        super().__init__(f"No entity is called {name!r}.{hint}")


class QueryError(KGError):
    """A SPARQL query could not be parsed, was refused or ran too long."""

    exit_code = 6
    http_status = 400


class UnknownQuery(QueryError):
    """No query of the library has that name."""

    http_status = 404

    def __init__(self, name: str, suggestions: list[str] | None = None):
        self.name, self.suggestions = name, suggestions or []
        hint = f" Did you mean: {', '.join(self.suggestions)}?" if self.suggestions else ""
        super().__init__(f"No query named {name!r} in the library.{hint} (`kg queries` lists them.)")


class ParameterError(QueryError):
    """A query parameter is unknown, missing or not of its declared type."""

    exit_code = 2


class LibraryError(QueryError):
    """A ``queries/*.rq`` file has a broken header."""


class BuildMissing(KGError):
    """There is no built graph yet where one was expected."""

    exit_code = 7
    http_status = 503


class ViewError(KGError):
    """A view cannot be drawn from what was asked (an ASK query, an entity without links...)."""

    exit_code = 8
    http_status = 400


class AnalysisError(KGError):
    """A network analysis has no answer for this graph or these entities."""

    exit_code = 9
    http_status = 422


class NoPath(AnalysisError):
    """No chain of facts connects the two entities."""


class EmptyGraph(AnalysisError):
    """The entity graph has no nodes, so there is nothing to rank, split or export."""


class ArticleError(KGError):
    """An article given to ``kg extract`` cannot be read as English news text (empty, binary, too big...)."""

    exit_code = 10
    http_status = 422


class StoreError(KGError):
    """A storage backend cannot be reached or refused a request (a remote endpoint, a locked store)."""

    exit_code = 11
    http_status = 502


class QueryTimeout(QueryError):
    """A query ran past the ``query_timeout`` setting and was stopped."""

    http_status = 503


class ProtocolError(KGError):
    """An HTTP request breaks the SPARQL 1.1 Protocol (two queries, wrong content type, bad encoding...)."""

    exit_code = 2
    http_status = 400


class NotAcceptable(ProtocolError):
    """No result format the server offers matches the request's Accept header."""

    http_status = 406


class RequestTooLarge(ProtocolError):
    """A request body or query is longer than the ``server_max_body`` setting."""

    http_status = 413


class UpdateRefused(ProtocolError):
    """SPARQL Update on a read-only server, or without the right token."""

    http_status = 403


class TokenRequired(UpdateRefused):
    """An update without the bearer token the server was started with."""

    http_status = 401
