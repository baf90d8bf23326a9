"""The Starlette application: ``/sparql`` (SPARQL 1.1 Protocol) and the explorer pages.

Every route calls the :class:`~kg.KnowledgeGraph` facade; queries go through
:func:`kg.query.execute` (SERVICE, LOAD and foreign FROM refused; time limit) in a worker thread,
so a slow query stops at its limit while other requests are served.
"""

from __future__ import annotations

import hmac
import json
import threading
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable
from urllib.parse import quote

import anyio
from jinja2 import Environment, FileSystemLoader, select_autoescape
from rdflib import URIRef
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, PlainTextResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from ..errors import (ConfigError, EntityNotFound, KGError, ProtocolError, QueryError, QueryTimeout, RequestTooLarge,
                      TokenRequired, UpdateRefused)
from ..namespaces import GRAPH, ID, PREFIXES
from ..query import analyze, bind_values, check_update, execute, tokenize
from ..results import serialize_result
from ..store import QueryResult, run_with_timeout
from . import pages
from .protocol import SparqlRequest, negotiate, parse_request
from .search import search_names
from .security import PAGE_CSP, script_hashes, security_headers

if TYPE_CHECKING:
    from .. import KnowledgeGraph

__all__ = ["ServerConfig", "create_app"]

HERE = Path(__file__).parent
EMPTY_GRAPH = "urn:techpark-kg:empty-graph"  # the default graph of a protocol dataset that names none


@dataclass
class ServerConfig:
    """The limits of one server; defaults come from the settings table (kg.config)."""

    timeout: float = 10.0
    max_rows: int = 10_000
    max_body: int = 1_000_000
    allow_update: bool = False
    token: str = ""
    allow_remote: bool = False
    max_running: int = 8  # queries running at once; more wait their turn
    max_overrun: int = 4  # queries past their limit still finishing natively before new ones get 503

    @classmethod
    def from_settings(cls, settings, **overrides: Any) -> "ServerConfig":
        values = {"timeout": settings.query_timeout, "max_rows": settings.server_max_rows,
                  "max_body": settings.server_max_body, "token": settings.server_update_token,
                  "allow_remote": getattr(settings, "allow_remote", False)}
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**values).checked()

    def checked(self) -> "ServerConfig":
        if self.allow_update and not self.token:
            raise ConfigError("--allow-update needs a token: pass --token T or set TECHPARK_SERVER_UPDATE_TOKEN; "
                              "clients then send `Authorization: Bearer T`.")
        for name in ("timeout", "max_rows", "max_body"):
            if getattr(self, name) <= 0:
                raise ConfigError(f"{name} must be positive, not {getattr(self, name)!r}.")
        return self


class _DatasetScope:
    """A store whose queries read the protocol's RDF dataset (default-graph-uri, named-graph-uri)."""

    def __init__(self, store, default: list[str], named: list[str]):
        self.store, self.default, self.named = store, default, named

    def query(self, sparql, *, bindings=None, timeout=None, default_graphs=None, named_graphs=None) -> QueryResult:
        if self.default or self.named:  # the protocol's dataset replaces FROM / FROM NAMED (SPARQL 1.1 Protocol 2.1.4)
            default_graphs, named_graphs = self.default or [EMPTY_GRAPH], self.named or None
        return self.store.query(sparql, bindings=bindings, timeout=timeout, default_graphs=default_graphs,
                                named_graphs=named_graphs)


def _cap(result: QueryResult, max_rows: int) -> QueryResult:
    """The result cut to ``max_rows`` rows or triples (``truncated`` set when something was cut)."""
    if result.type == "SELECT" and len(result.rows) > max_rows:
        result.rows, result.truncated = result.rows[:max_rows], True
    elif result.triples is not None and len(result.triples) > max_rows:
        result.triples, result.truncated = sorted(result.triples)[:max_rows], True
    return result


def _env() -> Environment:
    env = Environment(loader=FileSystemLoader(HERE / "templates"), autoescape=select_autoescape(default=True),
                      trim_blocks=True, lstrip_blocks=True)
    env.globals.update(href=pages.href, short=pages.short, quote=lambda s: quote(str(s), safe=""))
    return env


class Explorer:
    """The routes' shared state: the graph, the limits, templates and caches."""

    def __init__(self, kg: "KnowledgeGraph", config: ServerConfig):
        self.kg, self.config = kg, config
        self.env = _env()
        self.graphs = sorted(str(GRAPH) + name for name in kg.info()["graphs"])
        _ = kg.store, kg.names  # load the store and the name index now, not on the first request
        self._limiter: anyio.CapacityLimiter | None = None
        self._running = 0
        self._views: OrderedDict[tuple, str] = OrderedDict()
        self._views_lock = threading.Lock()
        self.examples = self._examples()

    # -- running work off the event loop --------------------------------------------------------
    async def run(self, fn: Callable[[], Any]) -> Any:
        if self._limiter is None:
            self._limiter = anyio.CapacityLimiter(self.config.max_running)
        alive = sum(1 for t in threading.enumerate() if t.name == "kg-query")
        if alive - self._running > self.config.max_overrun:
            raise QueryTimeout(f"{alive - self._running} earlier queries ran past their time limit and are still "
                               "finishing; try again in a moment.")
        self._running += 1
        try:
            return await anyio.to_thread.run_sync(fn, limiter=self._limiter)
        finally:
            self._running -= 1

    # -- templates -------------------------------------------------------------------------------
    def page(self, template: str, status: int = 200, **context: Any) -> HTMLResponse:
        html = self.env.get_template(template).render(**context)
        return HTMLResponse(html, status_code=status)

    # -- the query library -----------------------------------------------------------------------
    def _examples(self) -> list[dict[str, Any]]:
        """The library queries, each with runnable text (defaults bound) when it needs no input."""
        try:
            from ..library import QueryLibrary
        except ImportError:  # pragma: no cover - the library module ships with the package
            return []
        folder = getattr(self.kg.settings, "queries_dir", None)
        if folder is None or not Path(folder).is_dir():
            return []
        out = []
        for q in QueryLibrary.load(folder):
            text, runnable = q.text, True
            try:
                text = bind_values(q.text, q.bind({}, resolve=lambda name: str(self.kg.entity(name).iri)))
            except KGError:
                runnable = False  # a required parameter: shown as written
            out.append({"name": q.name, "title": q.title, "description": q.description, "text": with_prefixes(text),
                        "runnable": runnable, "params": [p.describe() for p in q.params]})
        return out

    # -- views (iframes) -------------------------------------------------------------------------
    def view(self, key: tuple, make: Callable[[], Any]) -> str:
        with self._views_lock:
            if key in self._views:
                self._views.move_to_end(key)
                return self._views[key]
        html = make().html
        with self._views_lock:
            self._views[key] = html
            while len(self._views) > 64:
                self._views.popitem(last=False)
        return html


def with_prefixes(text: str) -> str:
    """``text`` with PREFIX declarations for the predeclared prefixes it uses, after its comment header,
    so it runs in any SPARQL client.

    >>> print(with_prefixes("# t\\nSELECT * WHERE { ?s a tp:Park }"))
    # t
    PREFIX tp: <https://w3id.org/techpark-kg/ontology#>
    SELECT * WHERE { ?s a tp:Park }
    """
    declared = {t.text.rstrip(":") for a, t in zip(tokenize(text), tokenize(text)[1:]) if a.upper == "PREFIX"}
    used = {t.text.split(":", 1)[0] for t in tokenize(text) if t.kind == "pname" and not t.text.startswith("_:")}
    header = "".join(f"PREFIX {p}: <{PREFIXES[p]}>\n" for p in sorted(used - declared) if p in PREFIXES)
    lines = text.splitlines(keepends=True)
    n = next((i for i, line in enumerate(lines) if not line.startswith("#")), len(lines))
    return "".join(lines[:n]) + header + "".join(lines[n:])


def _wants_html(request: Request) -> bool:
    accept = request.headers.get("accept", "")
    return "text/html" in accept and "sparql" not in accept


async def _body(request: Request, cap: int) -> bytes:
    length = request.headers.get("content-length")
    if length is not None:
        if not length.isdigit():
            raise ProtocolError(f"Content-Length {length!r} is not a number.")
        if int(length) > cap:
            raise RequestTooLarge(f"The request body has {length} bytes; this server takes at most {cap} "
                                  "(setting server_max_body).")
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > cap:
            raise RequestTooLarge(f"The request body is longer than {cap} bytes (setting server_max_body).")
        chunks.append(chunk)
    return b"".join(chunks)


def create_app(kg: "KnowledgeGraph", config: ServerConfig | None = None) -> Starlette:
    """The ASGI application serving ``kg``; ``config`` defaults from ``kg.settings``."""
    config = (config or ServerConfig.from_settings(kg.settings)).checked()
    ex = Explorer(kg, config)
    corpus = Path(kg.settings.corpus_dir) if Path(kg.settings.corpus_dir).is_dir() else None

    # -- /sparql -------------------------------------------------------------------------------------
    async def sparql(request: Request) -> Response:
        if request.method == "GET" and "query" not in request.query_params and "update" not in request.query_params \
                and _wants_html(request):
            return RedirectResponse("/", status_code=303)
        if len(request.url.query) > config.max_body:
            raise RequestTooLarge(f"The query string is longer than {config.max_body} bytes (setting server_max_body).")
        body = await _body(request, config.max_body) if request.method == "POST" else b""
        req = parse_request(request.method, request.headers.get("content-type", ""),
                            list(request.query_params.multi_items()), body)
        if req.operation == "update":
            return await _update(request, req)
        shape = analyze(req.text)
        fmt, content_type = negotiate(request.headers.get("accept"), shape.form, req.format)
        for g in req.default_graphs + req.named_graphs:
            if g not in ex.graphs:
                raise ProtocolError(f"<{g}> names no graph of this dataset; its graphs are: {', '.join(ex.graphs)}.")
        store = _DatasetScope(kg.store, req.default_graphs, req.named_graphs)

        def work() -> tuple[bytes, bool]:
            result = execute(store, req.text, timeout=config.timeout, allow_remote=config.allow_remote,
                             known_graphs=ex.graphs)
            result = _cap(result, config.max_rows)
            return serialize_result(result, fmt), result.truncated

        data, truncated = await ex.run(work)
        headers = {"Vary": "Accept", "Cache-Control": "no-store"}
        if truncated:
            headers.update({"X-Truncated": "true", "X-Row-Cap": str(config.max_rows)})
        return Response(b"" if request.method == "HEAD" else data, media_type=content_type, headers=headers)

    async def _update(request: Request, req: SparqlRequest) -> Response:
        if not config.allow_update:
            raise UpdateRefused("This endpoint is read-only: SPARQL Update is refused. Start the server with "
                                "`kg serve --allow-update --token T` to accept updates.")
        given = request.headers.get("authorization", "")
        if not hmac.compare_digest(given.encode(), f"Bearer {config.token}".encode()):
            raise TokenRequired("SPARQL Update needs the server's token: send `Authorization: Bearer <token>`.")
        check_update(req.text, allow_remote=config.allow_remote)

        def work() -> None:
            try:
                run_with_timeout(lambda: kg.store.update(req.text), config.timeout, "update")
            except SyntaxError as exc:
                raise QueryError(f"SPARQL Update syntax error: {exc}") from exc
            except QueryError:
                raise
            except Exception as exc:  # the engine's parse errors
                if "pars" in type(exc).__name__.lower() or "syntax" in str(exc).lower():
                    raise QueryError(f"SPARQL Update error: {exc}") from exc
                raise

        await ex.run(work)
        kg.__dict__.pop("names", None)
        return PlainTextResponse("Update applied.\n")

    # -- pages ------------------------------------------------------------------------------------
    async def home(request: Request) -> Response:
        initial = request.query_params.get("query", "")
        if len(initial) > config.max_body:
            raise RequestTooLarge(f"The query is longer than {config.max_body} bytes (setting server_max_body).")
        return ex.page("query.html", examples=ex.examples, initial=initial, counts=pages.home_counts(kg),
                       config=config, sources=pages.sources(kg), prefixes=PREFIXES)

    async def search(request: Request) -> Response:
        q = request.query_params.get("q", "")[:200]
        hits = search_names(kg.names, q) if q.strip() else []
        if request.query_params.get("format") == "json":
            return JSONResponse([h.__dict__ | {"href": pages.href(h.iri)} for h in hits])
        return ex.page("search.html", q=q, hits=hits)

    async def entity(request: Request) -> Response:
        iri = str(ID) + request.path_params["path"]
        try:
            data = await ex.run(lambda: pages.entity_page(kg, iri, corpus))
        except EntityNotFound:
            return await _resource(iri)
        return ex.page("entity.html", e=data, corpus=corpus is not None)

    async def _resource(iri: str) -> Response:
        return ex.page("resource.html", r=await ex.run(lambda: pages.resource_page(kg, iri)))

    async def resource(request: Request) -> Response:
        iri = request.query_params.get("iri", "")
        if not iri:
            raise ProtocolError("Pass the resource as ?iri=...")
        if URIRef(iri) in kg.names.preferred and pages.href(iri) != "/resource?iri=" + quote(iri, safe=""):
            return RedirectResponse(pages.href(iri), status_code=303)
        try:
            return ex.page("entity.html", e=await ex.run(lambda: pages.entity_page(kg, iri, corpus)),
                           corpus=corpus is not None)
        except EntityNotFound:
            return await _resource(iri)

    async def source_list(request: Request) -> Response:
        return ex.page("sources.html", sources=pages.sources(kg))

    async def source(request: Request) -> Response:
        doc_id = request.path_params["doc"]
        return ex.page("source.html", s=await ex.run(lambda: pages.source_page(kg, doc_id)))

    async def ontology(request: Request) -> Response:
        return ex.page("ontology.html", o=await ex.run(lambda: pages.ontology(kg)))

    async def ontology_ttl(request: Request) -> Response:
        data = await ex.run(lambda: serialize_result(execute(
            kg.store, "CONSTRUCT { ?s ?p ?o } WHERE { GRAPH graph:ontology { ?s ?p ?o } }",
            timeout=config.timeout), "turtle"))
        return Response(data, media_type="text/turtle; charset=utf-8")

    async def term(request: Request) -> Response:
        name = request.path_params["name"]
        return ex.page("term.html", t=await ex.run(lambda: pages.term_page(kg, name)))

    # -- views in iframes ------------------------------------------------------------------------
    def view_response(html: str) -> HTMLResponse:
        csp = PAGE_CSP.replace("script-src 'self'", "script-src 'self' " + " ".join(script_hashes(html)))
        return HTMLResponse(html, headers={"Content-Security-Policy": csp})

    async def view_entity(request: Request) -> Response:
        iri = request.query_params.get("iri", "")
        html = await ex.run(lambda: ex.view(("entity", iri), lambda: kg.view_entity(kg.entity(iri).iri)))
        return view_response(html)

    async def view_source(request: Request) -> Response:
        doc = request.path_params["doc"]
        return view_response(await ex.run(lambda: ex.view(("source", doc), lambda: kg.view_source(doc))))

    async def view_query(request: Request) -> Response:
        text = request.query_params.get("query", "")
        if not text.strip():
            raise ProtocolError("Pass the query to draw as ?query=...")
        if len(text) > config.max_body:
            raise RequestTooLarge(f"The query is longer than {config.max_body} bytes (setting server_max_body).")
        analyze(text)  # refuses updates before anything runs
        return view_response(await ex.run(lambda: ex.view(("query", text), lambda: kg.view_query(text))))

    async def health(request: Request) -> Response:
        return JSONResponse({"status": "ok", "graphs": len(ex.graphs), "read_only": not config.allow_update})

    # -- errors ------------------------------------------------------------------------------------
    async def on_error(request: Request, exc: Exception) -> Response:
        status = exc.http_status if isinstance(exc, KGError) else 500
        message = str(exc) if isinstance(exc, KGError) else "Internal error; the server log has the details."
        headers = {"WWW-Authenticate": "Bearer"} if isinstance(exc, TokenRequired) else {}
        if request.url.path.startswith(("/sparql", "/view/")) or not _wants_html(request):
            return PlainTextResponse(message + "\n", status_code=status, headers=headers)
        return ex.page("error.html", status=status, message=message, code=status)

    routes = [
        Route("/", home), Route("/query", home),
        Route("/sparql", sparql, methods=["GET", "POST"]),
        Route("/search", search),
        Route("/id/{path:path}", entity),
        Route("/resource", resource),
        Route("/sources", source_list), Route("/source/{doc}", source),
        Route("/ontology", ontology), Route("/ontology.ttl", ontology_ttl), Route("/ontology/{name}", term),
        Route("/view/entity", view_entity), Route("/view/source/{doc}", view_source), Route("/view/query", view_query),
        Route("/health", health),
        Route("/favicon.ico", lambda request: Response(status_code=204)),
        Mount("/static", StaticFiles(directory=HERE / "static"), name="static"),
    ]
    app = Starlette(routes=routes, exception_handlers={KGError: on_error, Exception: on_error})
    app.state.explorer = ex
    return SecurityHeaders(app)


class SecurityHeaders:
    """ASGI middleware: every response gets the security headers it does not set itself."""

    def __init__(self, app):
        self.app = app
        self.defaults = [(k.lower().encode(), v.encode()) for k, v in security_headers().items()]

    def __getattr__(self, name):  # app.state, app.routes ... of the wrapped application
        return getattr(self.app, name)

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)

        async def with_headers(message):
            if message["type"] == "http.response.start":
                present = {k.lower() for k, _ in message.get("headers", [])}
                message["headers"] = list(message.get("headers", [])) + [
                    (k, v) for k, v in self.defaults if k not in present]
            await send(message)

        await self.app(scope, receive, with_headers)
