"""The extractor on articles written by the team (tests/data/articles), about parks, companies and
agreements that appear nowhere in the seeds: what it finds there shows it is not a lookup table."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.config import PROJECT_ROOT
from kg.errors import SeedError
from kg.extract import Extractor, to_yaml
from kg.ontology import Ontology
from kg.seeds import load_seed_file, load_seeds

ARTICLES = Path(__file__).parent / "data" / "articles"


@pytest.fixture(scope="module")
def extractor(kg):
    return Extractor(kg.gazetteer)


@pytest.fixture(scope="module")
def results(extractor):
    return {p.name: extractor.extract(p) for p in sorted(ARTICLES.iterdir())}


def facts(cand):
    return {(k, f.prop, f.value if not isinstance(f.value, dict) else tuple(sorted(f.value.items())))
            for k, f in cand.facts()}


def test_articles_are_not_in_the_seeds(kg):
    for p in ARTICLES.iterdir():
        for name in ("Lingang Intelligent Manufacturing Park", "Greenvolt Energy Technology", "Xinjin Digital Expo",
                     "Harbor Bio Science Park"):
            assert not kg.gazetteer.resolve(name), name


def test_new_park_company_project(results):
    c = results["lingang-robotics-2023-03-16.txt"]
    ents = {e.key: e for e in c.entities.values()}
    assert ents["lingang-intelligent-manufacturing-park"].type == "IndustrialPark"
    assert ents["aurora-robotics-co-ltd"].type == "Company" and not ents["aurora-robotics-co-ltd"].known
    assert ents["pudong-new-area"].type == "District"
    f = facts(c)
    for company in ("aurora-robotics-co-ltd", "kestrel-drives", "bluefin-sensors"):
        assert (company, "presentIn", "lingang-intelligent-manufacturing-park") in f
    assert ("lingang-intelligent-manufacturing-park", "locatedIn", "pudong-new-area") in f
    project = "lingang-intelligent-manufacturing-park-project"
    assert (project, "investmentAmount", (("currency", "CNY"), ("qualifier", "about"), ("usd", 1200000000),
                                          ("value", 8500000000))) in f
    assert (project, "area", (("unit", "square metre"), ("value", 320000))) in f
    assert (project, "brokeGroundIn", "2021") in f and (project, "expectedOperationIn", "2025") in f
    assert (project, "jobTarget", (("qualifier", "more than"), ("value", 6000))) in f
    assert ("zhang-wei", "holdsPost", "director-lingang-administrative-committee") in f
    assert ("lingang-intelligent-manufacturing-park", "jointlyEstablishedBy", "harbor-capital-group") in f
    assert ("lingang-intelligent-manufacturing-park", "hasIndustryFocus", "robotics") in f


def test_agreement_designation_and_investment(results):
    c = results["wuzhong-greenvolt-2023-10-10.txt"]
    f = facts(c)
    agreement = next(e for e in c.entities.values() if e.type == "StrategicCooperationAgreement")
    assert {(p, v) for k, p, v in f if k == agreement.key and p == "party"} == \
        {("party", "wuzhong-district-government"), ("party", "greenvolt-energy-technology")}
    assert (agreement.key, "date", (("relative", "Monday"), ("value", "2023-10-09"))) in f
    designation = next(e for e in c.entities.values() if e.type == "Designation")
    assert {(p, v) for k, p, v in f if k == designation.key} >= {
        ("designee", "taihu-lake-science-city"), ("grantedBy", "ministry-of-science-and-technology"),
        ("designationTitle", "national-innovation-demonstration-base"), ("batch", 3), ("field", "new-energy")}
    assert ("taihu-lake-science-city-project", "investor", "greenvolt-energy-technology") in f


def test_event_batch_and_corridor(results):
    c = results["xinjin-digital-expo-2024-05-10.txt"]
    f = facts(c)
    expo = "2024-xinjin-digital-expo"
    assert c.entities[expo].type == "Expo"
    assert (expo, "date", (("relative", "Thursday"), ("value", "2024-05-09"))) in f
    assert (expo, "venue", "xinjin-international-convention-center") in f
    assert {v for k, p, v in f if k == expo and p == "organizer"} == {"xinjin-digital-industry-alliance",
                                                                        "tianfu-cloud-technologies"}
    batch = next(e for e in c.entities.values() if e.type == "SigningBatch")
    assert {(p, v) for k, p, v in f if k == batch.key} >= {("projectCount", 12), ("signedDuring", expo)}
    assert {v for k, p, v in f if p == "connects"} == {"xinjin-software-park", "tianfu-data-center-cluster",
                                                        "xinjin-innovation-base"}


def test_html_article_offsets_point_into_the_html_file(results):
    c = results["harbor-bio-park.html"]
    source = (ARTICLES / "harbor-bio-park.html").read_text(encoding="utf-8")
    names = {e.label for e in c.entities.values()}
    assert "Helix & Crane Biotech" in names
    assert not {"Westbay Science Park", "Northgate Industrial Park", "Eastlake Technology Park",
                "Fake Analytics Park"} & names  # chrome, ads and scripts are not read
    helix = next(e for e in c.entities.values() if e.label == "Helix & Crane Biotech")
    assert all(source[a:b] == "Helix &amp; Crane Biotech" for a, b in helix.mentions)
    assert c.date == "2024-02-20" and "metadata" in c.date_basis
    assert ("helix-and-crane-biotech", "presentIn", "harbor-bio-science-park") in facts(c)


def test_candidates_load_with_the_seed_loader_and_the_existing_seeds(results, tmp_path):
    onto = Ontology.load()
    paths = []
    for name, cand in results.items():
        assert cand.entities
        p = tmp_path / f"{cand.doc_id}.yaml"
        p.write_text(to_yaml(cand), encoding="utf-8")
        errors: list[SeedError] = []
        doc = load_seed_file(p, onto, ARTICLES, errors)  # offsets and sha256 checked against the article
        assert not errors, errors
        assert doc.method == "extracted" and doc.file == name
        assert all(f.confidence is not None for e in doc.entities for f in e.facts)
        paths.append(p)
    load_seeds(PROJECT_ROOT / "seeds", onto, None, extra_files=paths)  # ids agree with the graph's


def test_output_is_deterministic(extractor):
    p = ARTICLES / "lingang-robotics-2023-03-16.txt"
    assert to_yaml(extractor.extract(p)) == to_yaml(extractor.extract(p))


def test_typo_resolves_to_the_known_entity(extractor, tmp_path):
    p = tmp_path / "typo.txt"
    p.write_text("Gaming firm expands\n2024-01-08\n\nNeteasy Inc. has settled in Zizhu Hi-tech Park, the company "
                 "said on Monday. The firm will hire more than 500 engineers.")
    c = extractor.extract(p)
    assert c.entities["netease"].resolution.method == "fuzzy"
    assert c.entities["zizhu-high-tech-zone"].resolution.method == "normalised"
    assert ("netease", "presentIn", "zizhu-high-tech-zone") in facts(c)
    assert "# resolved 'Neteasy Inc.' -> netease by fuzzy match" in to_yaml(c)
