"""Every library query runs, and its answer is the one worked out by hand from the seed files.

The expected values below were derived by reading seeds/*.yaml (which cite the articles by
character offsets), not by running the queries: e.g. Qingpu's parks are the six the Qingpu
and NetEase articles place there, and China's eleven add Zizhu, Pudong, Shengze, the YRD
data-center cluster and the Chongqing zone. Each query is checked on both engines.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from kg import KnowledgeGraph
from kg.config import Settings

QINGPU_PARKS = ["BeiDou Innovation Base", "HOdo Group Digital Economy Science and Innovation Park",
                "Huawei Qingpu R&D Center",
                "NetEase Shanghai International Culture and Innovation Science and Technology Park",
                "Shanghai Shixi Software Information Park", "Xicen Science and Technology Innovation Park"]
NETEASE_PARK = "NetEase Shanghai International Culture and Innovation Science and Technology Park"
ZIZHU = "Zizhu National High-Tech Zone"
ZIZHU_ORGS = ["Boyan Technology", "Chinasoft Resources", "East China Normal University", "GE", "Intel",
              "Microsoft", "Neusoft", "Pactera", "Shanghai Jiao Tong University", "Wicresoft"]
YRD_ZONE = "Yangtze River Delta Ecology and Greenery Integration Demonstration Zone"
DC_CLUSTER = "Yangtze River Delta Integration Data Center Cluster"
DIGITAL_LINE = "Yangtze River Delta Digital Line"
SCIENCE_CITY = "Western (Chongqing) Science City"
GDC_SIGNING = "Digital economy projects signed at the 2023 Global Digital Conference"
YRD_SIGNING = "Nine digital-economy projects signed for the Yangtze River Delta demonstration zone, 13 July 2022"
WSC_CONTRACTS = "Western (Chongqing) Science City contracts from the 2020 China Expo Online"
AGREEMENT_2018 = "Shanghai-NetEase strategic cooperation agreement (2018)"
NETEASE_FACILITIES = ["NetEase Shanghai eSport Hall", "NetEase Shanghai park e-commerce offline experience center",
                      "NetEase Shanghai park high-tech laboratories", "NetEase Shanghai park office buildings"]
D = Decimal


@pytest.fixture(scope="module", params=["oxigraph", "memory"])
def g(request, kg):
    """The session graph on each engine."""
    return KnowledgeGraph(kg.dataset, Settings(store=request.param), inferred=kg.inferred)


def cols(rows, *names):
    return [tuple(r[n] for n in names) if len(names) > 1 else r[names[0]] for r in rows]


@pytest.mark.parametrize("place,expected", [
    ("Qingpu", QINGPU_PARKS),
    ("Shanghai", sorted(QINGPU_PARKS + ["Pudong Software Park", ZIZHU])),
    ("Yangtze River Delta", sorted(QINGPU_PARKS + ["Pudong Software Park", ZIZHU, DC_CLUSTER,
                                                  "Shengze Modern Supply Chain Industry Park"])),
    ("China", sorted(QINGPU_PARKS + ["Pudong Software Park", ZIZHU, DC_CLUSTER, "Chongqing High-tech Zone",
                                     "Shengze Modern Supply Chain Industry Park"])),
    ("Wujiang", ["Shengze Modern Supply Chain Industry Park"]),
])
def test_parks_in_place_at_any_depth(g, place, expected):
    assert cols(g.run("parks-in-place", place=place), "name") == expected


def test_parks_in_place_kinds(g):
    kinds = dict(cols(g.run("parks-in-place", place="Qingpu"), "name", "kind"))
    assert kinds["BeiDou Innovation Base"] == "R&D base"
    assert kinds["Shanghai Shixi Software Information Park"] == "software park"


def test_located_in_qingpu(g):
    rows = g.run("located-in", place="Qingpu District")
    assert cols(rows, "kind", "name") == [
        ("R&D base", "BeiDou Innovation Base"), ("R&D base", "Huawei Qingpu R&D Center"),
        ("development corridor", DIGITAL_LINE), *[("facility", f) for f in NETEASE_FACILITIES],
        ("industrial park", "HOdo Group Digital Economy Science and Innovation Park"),
        ("science and technology park", NETEASE_PARK),
        ("science and technology park", "Xicen Science and Technology Innovation Park"),
        ("software park", "Shanghai Shixi Software Information Park")]


def test_containment_chain(g):
    assert cols(g.run("containment-chain"), "name", "above_count") == [
        ("Shanghai", 2), ("Yangtze River Delta", 1), ("China", 0)]
    assert cols(g.run("containment-chain", entity="Shengze Town"), "name") == [
        "Wujiang District", "Jiangsu Province", "Yangtze River Delta", "China"]


def test_companies_in_park(g):
    rows = g.run("companies-in-park", park="Zizhu")
    assert cols(rows, "name") == ZIZHU_ORGS
    assert {r["kind"] for r in rows} == {"company", "university"}
    every = g.run("companies-in-park")
    assert cols(every, "name", "park_name") == [("Huawei", "Huawei Qingpu R&D Center"), ("NetEase", NETEASE_PARK)] \
        + [(o, ZIZHU) for o in ZIZHU_ORGS]


def test_organizations_in_place(g):
    assert cols(g.run("organizations-in-place", place="Qingpu"), "name") == ["Huawei", "NetEase"]
    assert cols(g.run("organizations-in-place"), "name") == sorted(ZIZHU_ORGS + ["Huawei", "NetEase"])
    assert g.run("organizations-in-place", place="Chongqing") == []


def test_instances_of_organization_uses_inference(g):
    rows = g.run("instances-of")  # org:Organization
    kinds = {}
    for r in rows:
        kinds.setdefault(r["kind"], []).append(r["name"])
    assert len(rows) == 30
    assert len(kinds["company"]) == 16
    assert sorted(kinds["district government"]) == ["Qingpu District Government", "Wujiang District Government"]
    assert kinds["ministry"] == ["Ministry of Industry and Information Technology"]
    assert kinds["university"] == ["East China Normal University", "Shanghai Jiao Tong University"]
    assert sorted(kinds["news outlet"]) == ["SHINE", "iChongqing"]
    people = g.run("instances-of", **{"class": "tp:Person"})
    assert cols(people, "name") == ["Hu Min", "Kui Shang", "Vivian Yan", "Yang Meiping"]


def test_governance(g):
    rows = g.run("governance", body="Ministry of Industry and Information Technology")
    assert cols(rows, "role", "target_name") == [
        ("governs", "China"),
        ("grants", "Pudong Software Park as National New Industrialization Demonstration Base "
                   "(software and information services)"),
        ("grants", "Zizhu National High-Tech Zone as National New Industrialization Demonstration Base "
                   "(software and information services, 5th batch)"),
        ("supports", ZIZHU)]
    assert len(g.run("governance")) == 16


def test_agreements(g):
    rows = g.run("agreements")
    assert cols(rows, "name", "date", "party_name", "event_name") == [
        (WSC_CONTRACTS, None, None, "2020 China Expo Online"),
        (AGREEMENT_2018, "2018-09", "NetEase", None),
        (AGREEMENT_2018, "2018-09", "Shanghai Municipal Government", None),
        (YRD_SIGNING, rows[3]["date"], None, None),
        (GDC_SIGNING, rows[4]["date"], None, "2023 Global Digital Conference"),
        (GDC_SIGNING, rows[5]["date"], None, "6th China International Import Expo")]
    assert str(rows[3]["date"]) == "2022-07-13" and str(rows[4]["date"]) == "2023-11-06"
    assert rows[4]["venue_name"] == "National Exhibition and Convention Center (Shanghai)"
    netease = g.run("agreements", party="NetEase")
    assert cols(netease, "name", "party_name") == [(AGREEMENT_2018, "NetEase")]


def test_signed_or_founded(g):
    assert cols(g.run("signed-or-founded"), "what_name", "role", "partner_name", "date") == [
        (AGREEMENT_2018, "signed", "Shanghai Municipal Government", "2018-09")]
    rows = g.run("signed-or-founded", entity="China Telecom")
    assert {r["what_name"] for r in rows} == {DC_CLUSTER}
    assert cols(rows, "partner_name") == sorted([
        "Alibaba", "China Mobile", "Executive Committee of the Yangtze River Delta Ecology and Greenery "
        "Integration Demonstration Zone", "Jiashan County Government", "Qingpu District Government", "UCloud",
        "Wujiang District Government"])


def test_investments_as_stated(g):
    rows = g.run("investments")
    assert cols(rows, "item_name", "zone_name", "value", "currency", "qualifier", "usd") == [
        (WSC_CONTRACTS, SCIENCE_CITY, D("101240000000"), "CNY", None, None),
        (YRD_SIGNING, YRD_ZONE, D("24200000000"), "CNY", None, D("3600000000")),
        (f"{DC_CLUSTER} construction project", DC_CLUSTER, D("23000000000"), "CNY", "more than", D("3400000000")),
        (GDC_SIGNING, DIGITAL_LINE, D("18300000000"), "CNY", "about", D("2500000000")),
        ("NetEase Shanghai park construction project", NETEASE_PARK, D("5000000000"), "CNY", "around", D("787200000"))]


def test_investment_by_zone(g):
    assert cols(g.run("investment-by-zone"), "zone_name", "currency", "total", "amounts", "usd_total",
                "usd_amounts") == [
        (SCIENCE_CITY, "CNY", D("101240000000"), 1, 0, 0),
        (YRD_ZONE, "CNY", D("24200000000"), 1, D("3600000000"), 1),
        (DC_CLUSTER, "CNY", D("23000000000"), 1, D("3400000000"), 1),
        (DIGITAL_LINE, "CNY", D("18300000000"), 1, D("2500000000"), 1),
        (NETEASE_PARK, "CNY", D("5000000000"), 1, D("787200000"), 1)]


def test_investment_by_place(g):
    # Qingpu: NetEase park 5.0b + digital line 18.3b; the Delta adds the data-center cluster (23b) and the
    # demonstration-zone signing (24.2b); China adds the Chongqing contracts (101.24b, no US$ figure given).
    assert cols(g.run("investment-by-place"), "place_name", "total", "amounts", "usd_total", "usd_amounts") == [
        ("China", D("171740000000"), 5, D("10287200000"), 4),
        ("Chongqing", D("101240000000"), 1, 0, 0),
        ("Yangtze River Delta", D("70500000000"), 4, D("10287200000"), 4),
        ("Qingpu District", D("23300000000"), 2, D("3287200000"), 2),
        ("Shanghai", D("23300000000"), 2, D("3287200000"), 2)]
    assert cols(g.run("investment-by-place", place="Qingpu"), "total") == [D("23300000000")]
    assert {r["currency"] for r in g.run("investment-by-place")} == {"CNY"}  # one currency per sum


def test_investment_by_year(g):
    # 2020: NetEase park (ground broken 2020) + Chongqing contracts (2020 China Expo Online);
    # 2022: data-center cluster (article of 2022-07-14) + the 13 July signing; 2023: the GDC signing.
    assert cols(g.run("investment-by-year"), "year", "total", "amounts", "usd_total", "usd_amounts") == [
        (2020, D("106240000000"), 2, D("787200000"), 1),
        (2022, D("47200000000"), 2, D("7000000000"), 2),
        (2023, D("18300000000"), 1, D("2500000000"), 1)]


def test_investment_by_source(g):
    assert cols(g.run("investment-by-source"), "source", "total", "usd_total") == [
        ("chongqing-science-city-2020-10-14", D("101240000000"), 0),
        ("yrd-digital-city-cluster-2022-07-14", D("47200000000"), D("7000000000")),
        ("qingpu-digital-line-2023-11", D("18300000000"), D("2500000000")),
        ("netease-qingpu-park-2022-01-25", D("5000000000"), D("787200000"))]


def test_scheduled_in_year(g):
    assert cols(g.run("scheduled-in-year"), "name", "what") == [
        (n, "opening") for n in sorted(["Huawei Qingpu R&D Center", NETEASE_PARK,
                                        "NetEase Shanghai park construction project"] + NETEASE_FACILITIES)]
    assert cols(g.run("scheduled-in-year", year=2020), "name", "what") == [
        ("High-level research and innovation centres of Chongqing High-tech Zone", "planned")]
    assert g.run("scheduled-in-year", year="2031") == []


def test_projects(g):
    rows = g.run("projects")
    assert len(rows) == 7
    assert cols(g.run("projects", status="tp:UnderConstruction"), "name", "investor_name", "broke_ground",
                "expected") == [("NetEase Shanghai park construction project", "NetEase", "2020", "2024"),
                                ("Science Boulevard first-phase construction", None, None, None)]
    assert len(g.run("projects", status="tp:Planned")) == 5
    assert g.run("projects", status="tp:Operating") == []


def test_designations(g):
    rows = g.run("designations")
    assert cols(rows, "zone_name", "batch", "rank", "granted_by", "preceded_by") == [
        ("Pudong Software Park", None, 1, "Ministry of Industry and Information Technology", None),
        (ZIZHU, 5, 2, "Ministry of Industry and Information Technology", "Pudong Software Park")]
    assert {r["title"] for r in rows} == {"National New Industrialization Demonstration Base"}
    assert {r["field_name"] for r in rows} == {"Software and information services"}
    assert cols(g.run("designations", zone="Zizhu"), "batch") == [5]


def test_events(g):
    rows = g.run("events")
    assert [(r["name"], str(r["date"]) if r["date"] else None) for r in rows] == [
        ("6th China International Import Expo", None),
        ("District and County Cultural Tourism Boutique", None),
        ("2020 China Expo Online", "2020"), ("2020 Chongqing Showcase", "2020-10-05"),
        ("Announcement of the demonstration zone digital development plans, 13 July 2022", "2022-07-13"),
        ("Yangtze River Delta Industrial Metaverse Innovation Competition 2022", "2022-07-16"),
        ("2023 Global Digital Conference", "2023-11-06")]
    gdc = rows[-1]
    assert (gdc["kind"], gdc["where"], gdc["part_of"]) == (
        "conference", "National Exhibition and Convention Center (Shanghai)", "6th China International Import Expo")


def test_event_organizers(g):
    assert cols(g.run("event-organizers"), "role", "who_name") == [
        ("presenter", "Kui Shang"), ("organizer", "Executive Committee of the " + YRD_ZONE),
        ("organizer", "Broadmesse"),
        ("organizer", "Metaverse Committee of the Yangtze River Delta Computing Communication Industry Promotion Center")]


def test_signed_at_events(g):
    assert cols(g.run("signed-at-events"), "event_name", "agreement_name", "projects", "value") == [
        ("2020 China Expo Online", WSC_CONTRACTS, 43, D("101240000000")),
        ("2023 Global Digital Conference", GDC_SIGNING, 16, D("18300000000")),
        ("6th China International Import Expo", GDC_SIGNING, 16, D("18300000000"))]


def test_park_industries(g):
    rows = g.run("park-industries", park="Zizhu")
    assert len(rows) == 16
    leading = [r["industry_name"] for r in rows if r["leading"]]
    assert leading == ["Software and information services"]
    assert sum(r["planned"] for r in rows) == 13
    assert cols(g.run("park-industries", park=NETEASE_PARK), "industry_name") == ["Esports", "Gaming",
                                                                                 "Virtual reality"]
    assert len(g.run("park-industries")) == 35


def test_shared_industries(g):
    rows = g.run("shared-industries")
    assert len(rows) == 11
    assert cols([r for r in rows if r["industry_name"] != "Digital economy"], "industry_name", "first", "second") == [
        ("Cloud computing", DC_CLUSTER, ZIZHU), ("Gaming", NETEASE_PARK, ZIZHU),
        ("New-generation information technology", "Chongqing High-tech Zone", ZIZHU),
        ("Smart industries", "Chongqing High-tech Zone", SCIENCE_CITY),
        ("Software and information services", "Shanghai Shixi Software Information Park", ZIZHU)]
    assert len(g.run("shared-industries", industry="Digital economy")) == 6  # 4 zones, every pair once


def test_multi_source_entities(g):
    """Counted only where an article's text names the entity or states a fact about it (evidence spans)."""
    rows = g.run("multi-source-entities")
    assert cols(rows[:4], "name", "articles") == [
        ("Shanghai", 4), ("Qingpu District", 3), ("Shanghai Shixi Software Information Park", 3),
        ("Software and information services", 3)]
    assert sorted(cols(rows[4:], "name")) == sorted([
        "Artificial intelligence", "Biomedicine", "China", "Cloud computing", "Digital economy", "Gaming",
        NETEASE_PARK, "New-generation information technology",
        "Shanghai Municipal Government", "Virtual reality", "Yangtze River Delta"])
    assert cols(g.run("multi-source-entities", min=4), "name") == ["Shanghai"]


def test_provenance_of_netease(g):
    rows = g.run("provenance")  # NetEase
    assert {r["source"] for r in rows} == {"000_69f9e22e82da91b7.txt"}
    assert cols(rows, "direction", "property", "start", "end", "implied") == [
        ("in", "investor", 378, 459, True), ("in", "party", 1389, 1481, False),
        ("in", "tenant", 378, 459, True), ("in", "tenant", 1599, 1662, True),
        ("out", "industry focus", 1741, 1811, False), ("out", "industry focus", 1741, 1811, False),
        ("out", "present in", 378, 459, True), ("out", "present in", 1599, 1662, True),
        ("out", "type", 1474, 1481, False), ("out", "type", 1599, 1606, False)]


def test_timeline(g):
    rows = g.run("timeline")
    assert len(rows) == 21  # 13 tp:date (4 of them article dates), 1 ground breaking, 7 expected openings
    assert [str(r["when"]) for r in rows[:3]] == ["2014-02-28", "2018-09", "2020"]
    assert [str(r["when"]) for r in rows].count("2024") == 7
    assert cols(g.run("timeline", year=2023), "name") == ["2023 Global Digital Conference", GDC_SIGNING]


def test_people_and_posts(g):
    assert cols(g.run("people-and-posts"), "name", "post", "organization", "role_in_article") == [
        ("Hu Min", None, None, "author"),
        ("Kui Shang", "Director", "Chongqing High-tech Zone Management Committee", None),
        ("Vivian Yan", None, None, "author"), ("Yang Meiping", "Editor", "SHINE", "editor")]


def test_connections(g):
    assert cols(g.run("connections"), "hops", "step1", "via_name", "step2") == [
        (2, "^party", AGREEMENT_2018, "party")]
    direct = g.run("connections", a="NetEase", b=NETEASE_PARK)
    assert (1, "presentIn", "", "") in cols(direct, "hops", "step1", "via_name", "step2")
    assert g.run("connections", a="Intel", b="Chongqing") == []


def test_indicators(g):
    rows = g.run("indicators", entity="Shanghai Data Exchange")
    assert cols(rows, "metric", "quantity", "value", "qualifier") == [
        ("businesses signed up", D("500"), None, "more than"),
        ("data products listed", D("1700"), None, "over"),
        ("trading amount", None, D("760000000"), "surpassing")]
    assert len(g.run("indicators")) == 8


def test_search(g):
    assert cols(g.run("search", text="netease"), "name")[:2] == [
        "NetEase", "NetEase Shanghai International Culture and Innovation Science and Technology Park"]
    assert cols(g.run("search", text="NetEast"), "name") == ["NetEase"]  # the article's typo is an alias


def test_sources(g):
    rows = g.run("sources")
    assert cols(rows, "file") == [f"00{i}_{h}.txt" for i, h in enumerate(
        ["69f9e22e82da91b7", "9a1a8f09b2a02d8d", "84151334ae8fd739", "3bf82a2a08dd0560", "cbe20d63db2da7cf"])]
    assert rows[2]["date"] is None  # the Qingpu article is undated


def test_entity_counts(g):
    counts = dict(cols(g.run("entity-counts"), "kind", "entities"))
    assert counts["company"] == 16 and counts["university"] == 2 and counts["country"] == 1
    assert counts["designation"] == 2 and counts["investment project"] == 7


def test_facilities_of_zone(g):
    assert cols(g.run("facilities-of-zone", zone=NETEASE_PARK), "facility_name") == NETEASE_FACILITIES
    assert cols(g.run("facilities-of-zone", zone="Yangtze River Delta integration zone"), "facility_name") == [
        "Yuandang Bridge"]


def test_every_library_query_has_a_test_here():
    import re
    from pathlib import Path

    from kg.config import PROJECT_ROOT

    tested = set(re.findall(r'run\("([\w-]+)"', Path(__file__).read_text()))
    names = {p.stem for p in (PROJECT_ROOT / "queries").glob("*.rq")}
    assert len(names) >= 25
    assert names <= tested, f"untested: {sorted(names - tested)}"


def test_engines_agree_on_every_query(kg):
    mem = KnowledgeGraph(kg.dataset, Settings(store="memory"), inferred=kg.inferred)
    ox = KnowledgeGraph(kg.dataset, Settings(store="oxigraph"), inferred=kg.inferred)
    for q in ox.queries:
        assert mem.run(q.name) == ox.run(q.name), q.name
