"""kg extract / kg add / kg eval through the CLI: outputs, atomicity, merging, and the accuracy floor."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from kg import KnowledgeGraph
from kg.config import Settings
from kg.extract import evaluate
from kg.namespaces import TP
from kg.ontology import Ontology
from kg.seeds import load_seeds

ARTICLES = Path(__file__).parent / "data" / "articles"
LINGANG = ARTICLES / "lingang-robotics-2023-03-16.txt"


def test_extract_writes_a_candidate_seed(cli, tmp_path):
    out = tmp_path / "cand.yaml"
    r = cli("extract", LINGANG, "-o", out)
    assert r.code == 0, r.err
    assert "entities (" in r.err and "known to the graph" in r.err
    data = yaml.safe_load(out.read_text())
    assert data["document"]["method"] == "extracted" and data["document"]["file"] == LINGANG.name
    assert any(e["id"] == "lingang-intelligent-manufacturing-park" for e in data["entities"])


def test_extract_several_articles_into_a_folder(cli, tmp_path):
    r = cli("extract", LINGANG, ARTICLES / "harbor-bio-park.html", "-o", tmp_path)
    assert r.code == 0, r.err
    assert len(list(tmp_path.glob("*.yaml"))) == 2


def test_extract_date_option_resolves_relative_dates(cli, tmp_path):
    p = tmp_path / "nodate.txt"
    p.write_text("Minhang park grows\n\nThe Minhang Science Expo opened on Tuesday at the Minhang Convention Center.")
    r = cli("extract", p)
    assert r.code == 0 and "no article date" in r.err and "2024" not in r.out
    r = cli("extract", p, "--date", "2024-03-07")
    assert r.code == 0 and '"value": "2024-03-05", "relative": "Tuesday"' in r.out
    assert cli("extract", p, "--date", "7 March").code == 2


@pytest.mark.parametrize("content,message", [
    (b"", "empty"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(300), "binary"),
    ("上海青浦区数字经济项目签约仪式在国家会展中心举行，总投资约一百八十亿元。".encode() * 5, "not English"),
])
def test_bad_input_gives_a_message_and_writes_nothing(cli, tmp_path, content, message):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(content)
    out = tmp_path / "out"
    out.mkdir()
    r = cli("extract", LINGANG, bad, "-o", out)  # one bad article: no output at all, not half of it
    assert r.code == 10 and message in r.err and "Traceback" not in r.err
    assert list(out.iterdir()) == []


def test_big_file_is_refused(cli, tmp_path, monkeypatch):
    big = tmp_path / "big.txt"
    with big.open("wb") as fh:
        fh.write(b"The park opened. " * 620_000)  # 10.5 MB
    r = cli("extract", big, "-o", tmp_path / "x.yaml")
    assert r.code == 10 and "MB" in r.err and not (tmp_path / "x.yaml").exists()


@pytest.fixture
def workspace(tmp_path, corpus):
    """A writable seeds folder, corpus copy and build folder."""
    seeds = tmp_path / "seeds"
    shutil.copytree(Path(__file__).parent.parent / "seeds", seeds)
    corp = tmp_path / "corpus"
    shutil.copytree(corpus, corp)
    return seeds, corp, tmp_path / "build"


def test_add_merges_an_extracted_file_as_its_own_graph(cli, workspace, tmp_path):
    seeds, corp, build = workspace
    cand = tmp_path / "cand.yaml"
    assert cli("extract", LINGANG, "-o", cand).code == 0
    r = cli("add", cand, "--article", LINGANG, "--seeds", seeds, "--corpus", corp, "--build-dir", build)
    assert r.code == 0, r.err
    assert "machine-extracted" in r.out
    doc_id = yaml.safe_load(cand.read_text())["document"]["id"]
    assert (seeds / f"{doc_id}.yaml").is_file() and (corp / LINGANG.name).is_file()
    kg = KnowledgeGraph.load(build / "techpark.trig")
    assert doc_id in kg.info()["graphs"]
    rows = kg.query("""SELECT ?m ?c WHERE { ?ev a tp:Evidence ; rdf:subject ?s ; tp:extractionMethod ?m ;
                       tp:confidence ?c . ?s skos:prefLabel "Aurora Robotics Co., Ltd."@en }""")
    assert rows and {r["m"] for r in rows} == {"extracted"}
    # a plain rebuild of the merged seeds keeps the facts marked
    settings = Settings(seeds_dir=str(seeds), corpus_dir=str(corp))
    again = KnowledgeGraph.from_seeds(settings=settings)
    assert again.query("ASK { ?ev tp:extractionMethod 'extracted' }")


def test_add_refuses_a_broken_file_and_writes_nothing(cli, workspace, tmp_path):
    seeds, corp, build = workspace
    cand = tmp_path / "cand.yaml"
    assert cli("extract", LINGANG, "-o", cand).code == 0
    text = cand.read_text().replace("type: IndustrialPark", "type: IndustrialParc", 1)
    cand.write_text(text)
    before = sorted(p.name for p in seeds.iterdir())
    r = cli("add", cand, "--article", LINGANG, "--seeds", seeds, "--corpus", corp, "--build-dir", build)
    assert r.code == 3 and "IndustrialParc" in r.err and "did you mean" in r.err
    assert sorted(p.name for p in seeds.iterdir()) == before and not build.exists()
    assert not (corp / LINGANG.name).exists()
    # an id clash with a different label across files is caught too
    good = tmp_path / "good.yaml"
    assert cli("extract", LINGANG, "-o", good).code == 0
    clash = good.read_text().replace('label: "Pudong New Area"', 'label: "Pudong"')
    clash = clash.replace("id: pudong-new-area", "id: qingpu-district").replace('"pudong-new-area"', '"qingpu-district"')
    good.write_text(clash)
    r = cli("add", good, "--article", LINGANG, "--seeds", seeds, "--corpus", corp, "--build-dir", build)
    assert r.code == 3 and "qingpu-district" in r.err and not build.exists()


def test_add_needs_the_article(cli, workspace, tmp_path):
    seeds, corp, build = workspace
    cand = tmp_path / "cand.yaml"
    assert cli("extract", LINGANG, "-o", cand).code == 0
    r = cli("add", cand, "--seeds", seeds, "--corpus", corp, "--build-dir", build)
    assert r.code == 10 and "--article" in r.err


# -- measured accuracy on the five curated articles -------------------------------------------
FLOOR = {"entities": 0.90, "relations": 0.74, "literals": 0.90}  # reached: 0.93, 0.77, 0.94


@pytest.fixture(scope="module")
def report(corpus):
    onto = Ontology.load()
    return evaluate(load_seeds(Path(__file__).parent.parent / "seeds", onto, corpus), corpus, onto)


def test_accuracy_does_not_fall_below_the_level_reached(report):
    assert len(report.articles) == 5
    overall = report.overall()
    for part, floor in FLOOR.items():
        assert overall[part].f1 >= floor, (part, overall[part].f1)
    assert overall["entities"].f1 >= 0.85 and overall["relations"].f1 >= 0.6  # the targets
    for a in report.articles:
        assert a.entities.f1 >= 0.8 and a.relations.f1 >= 0.5, a.doc_id


def test_eval_command_prints_the_table(cli, corpus):
    r = cli("eval", "--corpus", corpus)
    assert r.code == 0, r.err
    assert "overall (micro)" in r.out and "zizhu-demonstr" in r.out
    r = cli("eval", "--corpus", corpus / "missing")
    assert r.code == 2 and "--corpus" in r.err
