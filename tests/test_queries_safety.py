"""Safe parameters, refused remote access, clear errors, timeouts, result formats, the CLI."""

from __future__ import annotations

import json

import pytest
from rdflib import Literal

from kg import KnowledgeGraph
from kg.config import Settings
from kg.errors import ParameterError, QueryError, UnknownQuery
from kg.query import analyze, bind_values

INJECTION = 'x" } UNION { ?s ?p ?o'


@pytest.fixture(scope="module", params=["oxigraph", "memory"])
def g(request, kg):
    return KnowledgeGraph(kg.dataset, Settings(store=request.param), inferred=kg.inferred)


def test_injection_string_is_bound_as_a_value(g):
    assert g.run("search", text=INJECTION) == []
    assert len(g.run("search", text="park")) == 16
    rows = g.query("SELECT ?s WHERE { ?s skos:prefLabel ?name }", name=INJECTION)
    assert rows == []
    rows = g.execute("SELECT ?s WHERE { ?s skos:prefLabel ?name }", {"name": 'NetEase"@en } UNION { ?s ?p ?o'})
    assert rows.rows == []


def test_bound_values_are_visible_to_filters_on_every_engine(g):
    rows = g.query("SELECT ?x WHERE { ?x tp:expectedOperationIn ?when FILTER(STR(?when) = ?year) }", year="2024")
    assert len(rows) == 7


def test_name_parameters_resolve_labels_and_aliases(g):
    by_alias = g.run("companies-in-park", park="Zizhu National Hi-tech Zone")
    assert len(by_alias) == 10
    assert by_alias == g.run("companies-in-park", park=g.entity("zizhu"))


def test_typed_parameters_are_checked(g):
    with pytest.raises(ParameterError, match="year"):
        g.run("scheduled-in-year", year="next year")
    with pytest.raises(ParameterError, match="four-digit"):
        g.run("scheduled-in-year", year=20245)
    with pytest.raises(ParameterError, match="min"):
        g.run("multi-source-entities", min="two")
    with pytest.raises(ParameterError, match="No entity is called 'Zizu'.*zizhu"):
        g.run("companies-in-park", park="Zizu")
    with pytest.raises(ParameterError, match="has no parameter 'town'.*park \\(name, optional\\)"):
        g.run("companies-in-park", town="Qingpu")
    with pytest.raises(ParameterError, match="not an IRI"):
        g.run("instances-of", **{"class": "no such prefix:x y"})


def test_unknown_query_suggests_closest(g):
    with pytest.raises(UnknownQuery) as exc:
        g.run("parks-in-plcae")
    assert exc.value.suggestions[0] == "parks-in-place"
    assert exc.value.exit_code == 6 and exc.value.http_status == 404


@pytest.mark.parametrize("text,word", [
    ("SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }", "SERVICE"),
    ("SELECT * WHERE { service silent <http://example.org/sparql> { ?s ?p ?o } }", "SERVICE"),
    ("SELECT * FROM <http://example.org/data.ttl> WHERE { ?s ?p ?o }", "FROM"),
    ("SELECT * FROM NAMED <file:///etc/passwd> WHERE { GRAPH ?g { ?s ?p ?o } }", "FROM"),
    ("LOAD <http://example.org/data.ttl>", "LOAD"),
    ("INSERT DATA { <urn:a> <urn:b> <urn:c> }", "INSERT"),
])
def test_remote_access_is_refused(g, text, word):
    with pytest.raises(QueryError, match=word):
        g.execute(text)


def test_keywords_inside_strings_iris_and_comments_are_not_refused(g):
    text = '''SELECT ?s WHERE {  # SERVICE <http://x> and FROM <file:///etc>
      ?s skos:prefLabel ?l FILTER(?l != "SERVICE <http://example.org/> FROM <file:///x>")
      BIND(<http://example.org/service> AS ?from) } LIMIT 1'''
    assert len(g.execute(text).rows) == 1


def test_from_a_graph_of_the_dataset_is_allowed(g):
    q = ("SELECT (COUNT(DISTINCT ?p) AS ?n) FROM <https://w3id.org/techpark-kg/graph/zizhu-demonstration-base-2014-02-28> "
         "WHERE { ?p a tp:NationalHighTechZone }")
    assert g.query(q) == [{"n": 1}]
    q2 = "SELECT (COUNT(*) AS ?n) FROM graph:netease-qingpu-park-2022-01-25 WHERE { ?p a tp:NationalHighTechZone }"
    assert g.query(q2) == [{"n": 0}]


def test_service_allowed_when_asked():
    shape = analyze("SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }")
    assert shape.service == ["http://example.org/sparql"]


def test_syntax_error_reports_line_column_and_line(g):
    text = "SELECT ?park WHERE {\n  ?park a tp:Park ;\n        tp:locatedIn ?place\n  FILTER(?place = )\n}"
    with pytest.raises(QueryError) as exc:
        g.execute(text)
    msg = str(exc.value)
    assert "line 4, column" in msg
    assert "FILTER(?place = )" in msg and "^" in msg


def test_timeout_stops_a_runaway_query(kg):
    slow = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
    for store in ("oxigraph", "memory"):
        g = KnowledgeGraph(kg.dataset, Settings(store=store, query_timeout="0.3"), inferred=kg.inferred)
        with pytest.raises(QueryError, match="time limit of 0.3 s.*query_timeout"):
            g.execute(slow)


def test_bind_values_places_values_first_in_where():
    text = bind_values("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", {"o": Literal(1)})
    assert text == "CONSTRUCT { ?s ?p ?o } WHERE { VALUES (?o) { (\"1\"^^<http://www.w3.org/2001/XMLSchema#integer>) } ?s ?p ?o }"


def test_rows_are_dicts_with_column_order(g):
    rows = g.run("designations")
    assert rows.vars[:3] == ["designation", "zone_name", "title"]
    assert rows.column("batch") == [None, 5]


def test_dataframe_when_pandas_is_installed(g):
    pd = pytest.importorskip("pandas")
    df = g.run("investment-by-zone").to_dataframe()
    assert isinstance(df, pd.DataFrame) and len(df) == 5


def test_inference_off_is_reported_for_queries_that_need_it(kg):
    plain = KnowledgeGraph(kg.dataset, Settings(inference="false"))
    with pytest.raises(QueryError, match="relies on inference"):
        plain.run("parks-in-place", place="Qingpu")


# -- the command line ----------------------------------------------------------------------

@pytest.fixture(scope="module")
def built(tmp_path_factory):
    folder = tmp_path_factory.mktemp("build")
    KnowledgeGraph.from_seeds(corpus_dir=None).write_build(folder)
    return folder


def test_cli_library_query_csv(cli, built):
    r = cli("query", "companies-in-park", "--param", "park=Zizhu", "-f", "csv", "--build-dir", built)
    assert r.code == 0, r.err
    lines = r.out.strip().splitlines()
    assert lines[0] == "org,name,kind,park,park_name" and len(lines) == 11


@pytest.mark.parametrize("fmt", ["json", "xml", "tsv", "csv", "table"])
def test_cli_formats(cli, built, fmt):
    r = cli("query", "investment-by-zone", "-f", fmt, "--build-dir", built)
    assert r.code == 0, r.err
    if fmt == "json":
        data = json.loads(r.out)
        assert data["head"]["vars"][:2] == ["zone", "zone_name"] and len(data["results"]["bindings"]) == 5
    elif fmt == "xml":
        assert r.out.count("<result>") == 5 and "sparql-results#" in r.out
    elif fmt == "tsv":
        assert r.out.splitlines()[0].startswith("?zone\t?zone_name")
    elif fmt == "csv":
        assert "Western (Chongqing) Science City" in r.out
    else:
        assert "CNY" in r.out and "zone" in r.out


def test_cli_construct_turtle_and_nquads(cli, built, tmp_path):
    q = "CONSTRUCT { ?p tp:locatedIn ?q } WHERE { ?p tp:locatedIn ?q ; a tp:NationalHighTechZone }"
    r = cli("query", q, "-f", "nquads", "--build-dir", built)
    assert r.code == 0, r.err
    assert len(r.out.strip().splitlines()) == 3  # Zizhu in Shanghai, in the Yangtze River Delta, in China
    out = tmp_path / "g.ttl"
    r = cli("query", q, "-f", "turtle", "-o", out, "--build-dir", built)
    assert r.code == 0 and "tp:locatedIn" in out.read_text()
    r = cli("query", q, "-f", "csv", "--build-dir", built)
    assert r.code == 2 and "turtle" in r.err


def test_cli_rq_file_with_header_params(cli, built, tmp_path):
    f = tmp_path / "mine.rq"
    f.write_text("# title: Mine\n# description: Parks in a place.\n# param place (name, default Qingpu): where\n"
                 "SELECT ?name WHERE { ?p a tp:Park ; tp:locatedIn ?place ; skos:prefLabel ?name } ORDER BY ?name\n")
    r = cli("query", f, "-f", "csv", "--build-dir", built)
    assert r.code == 0, r.err
    assert len(r.out.strip().splitlines()) == 7
    r = cli("query", f, "-p", "place=Wujiang", "-f", "csv", "--build-dir", built)
    assert r.out.strip().splitlines()[1:] == ["Shengze Modern Supply Chain Industry Park"]


def test_cli_errors_and_empty(cli, built):
    r = cli("query", "parks-in-plce", "--build-dir", built)
    assert r.code == 6 and "parks-in-place" in r.err
    r = cli("query", "SELECT * WHERE { SERVICE <http://example.org/s> { ?s ?p ?o } }", "--build-dir", built)
    assert r.code == 6 and "refused" in r.err
    r = cli("query", "scheduled-in-year", "-p", "year=2031", "-f", "csv", "--build-dir", built)
    assert r.code == 0 and "No results" in r.err
    r = cli("query", "companies-in-park", "-p", "park", "--build-dir", built)
    assert r.code == 2 and "NAME=VALUE" in r.err


def test_cli_queries_lists_the_library(cli):
    r = cli("queries")
    assert r.code == 0
    assert "parks-in-place" in r.out and "companies-in-park" in r.out
    r = cli("queries", "companies-in-park")
    assert r.code == 0 and "SELECT" in r.out and "--param park (name, optional)" in r.out
