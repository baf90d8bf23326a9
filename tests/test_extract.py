"""Unit tests of kg.extract: values, dates, resolution, HTML stripping, bad input."""

from __future__ import annotations

import datetime as dt

import pytest

from kg.errors import ArticleError
from kg.extract import Gazetteer, GazEntry, read_article
from kg.extract.markup import html_to_text
from kg.extract.values import find_areas, find_counts, find_dates, find_money

THU = dt.date(2022, 7, 14)  # a Thursday


@pytest.mark.parametrize("text,expected", [
    ("around 5 billion yuan (US$787.2 million)", (5_000_000_000, "CNY", 787_200_000, "around")),
    ("more than 23 billion yuan", (23_000_000_000, "CNY", None, "more than")),
    ("RMB 1.2 billion", (1_200_000_000, "CNY", None, None)),
    ("US$3.6b", (3_600_000_000, "USD", None, None)),
    ("over 40 million euros", (40_000_000, "EUR", None, "over")),
    ("CNY 800 million", (800_000_000, "CNY", None, None)),
    ("USD 15 million", (15_000_000, "USD", None, None)),
])
def test_money(text, expected):
    (m,) = find_money(text)
    assert (m.value, m.currency, m.usd, m.qualifier) == expected
    assert text[m.start:m.end].strip(" ()")


def test_areas_and_counts():
    assert [(a.value, a.unit) for a in find_areas("a 2.3 square kilometer site, 45 hectares and 300 mu")] == \
        [(2_300_000, "square metre"), (45, "hectare"), (300, "mu")]
    found = {(c.value, c.noun, c.qualifier) for c in find_counts(
        "It will create more than 6,000 jobs; Sixteen projects were signed by about 60 participating companies.")}
    assert found == {(6000, "jobs", "more than"), (16, "projects", None), (60, "companies", "about")}


@pytest.mark.parametrize("text,value,relative", [
    ("The deal was signed on Wednesday.", "2022-07-13", "Wednesday"),
    ("The contest is scheduled for Saturday.", "2022-07-16", "Saturday"),
    ("It will be held on Monday.", "2022-07-18", "Monday"),
    ("Output doubled this year.", "2022", "this year"),
    ("It opens next year.", "2023", "next year"),
    ("Sales fell last month.", "2022-06", "last month"),
    ("Work began in September 2018.", "2018-09", None),
    ("It will open in 2024.", "2024", None),
    ("On October 5th the show ran.", "2022-10-05", "October 5th"),
])
def test_dates_resolved_against_the_article_date(text, value, relative):
    (d,) = find_dates(text, THU)
    assert (d.value, d.relative) == (value, relative)


def test_relative_dates_need_an_article_date():
    assert find_dates("It was signed on Wednesday and opens next year.", None) == []


@pytest.fixture(scope="module")
def gaz():
    return Gazetteer([GazEntry("netease", "Company", "NetEase", ("NetEast",)),
                      GazEntry("zizhu-high-tech-zone", "NationalHighTechZone", "Zizhu National High-Tech Zone",
                               ("Zizhu",)),
                      GazEntry("qingpu-district", "District", "Qingpu District", ("Qingpu",)),
                      GazEntry("pudong-software-park", "SoftwarePark", "Pudong Software Park", ()),
                      GazEntry("pudong-software-zone", "SoftwarePark", "Pudong Software Zone", ())])


@pytest.mark.parametrize("name,eid,method", [
    ("NetEase", "netease", "exact"),
    ("NetEast", "netease", "alias"),
    ("Netease Co., Ltd.", "netease", "normalised"),
    ("Zizhu National Hi-tech Zone", "zizhu-high-tech-zone", "normalised"),
    ("Zizhu High-Tech Park", "zizhu-high-tech-zone", "normalised"),
    ("Qingpu district", "qingpu-district", "normalised"),
    ("NetEasy", "netease", "fuzzy"),
])
def test_resolution_method_and_score(gaz, name, eid, method):
    r = gaz.resolve(name)
    assert (r.id, r.method) == (eid, method)
    assert 0 < r.score <= 100


def test_ambiguous_names_are_flagged_not_merged(gaz):
    r = gaz.resolve("Pudong software park")  # "park" and "zone" read alike: two entities fit
    assert r.ambiguous and r.id is None and r.candidates == ["pudong-software-park", "pudong-software-zone"]


def test_unknown_names_do_not_resolve(gaz):
    assert gaz.resolve("Tencent") is None
    assert gaz.resolve("Jinshan District", fuzzy=False) is None


def test_html_is_stripped_of_scripts_and_chrome_with_offsets_into_the_file():
    src = ("<html><head><title>T</title><script>var a = 'Hidden Park';</script><style>p{}</style></head><body>"
           "<nav>Menu Park</nav><p>Helix &amp; Crane Biotech settled in Harbor Science Park.</p>"
           "<footer>Footer Park</footer></body></html>")
    doc = html_to_text(src)
    assert "Hidden" not in doc.text and "Menu" not in doc.text and "Footer" not in doc.text and "p{}" not in doc.text
    i = doc.text.index("Harbor Science Park")
    a, b = doc.source_span(i, i + len("Harbor Science Park"))
    assert src[a:b] == "Harbor Science Park"
    j = doc.text.index("Helix & Crane")
    a, b = doc.source_span(j, j + len("Helix & Crane"))
    assert src[a:b] == "Helix &amp; Crane"


# -- bad input: a clear message, no crash ------------------------------------------------------
def _refused(path, match, **kw):
    with pytest.raises(ArticleError, match=match) as info:
        read_article(path, **kw)
    assert str(path) in str(info.value) and info.value.exit_code == 10


def test_empty_file(tmp_path):
    p = tmp_path / "empty.txt"
    p.write_bytes(b"")
    _refused(p, "empty")
    p.write_text("   \n\n  ")
    _refused(p, "letters|white space")


def test_binary_file(tmp_path):
    p = tmp_path / "photo.jpg"
    p.write_bytes(b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01" + bytes(range(256)) * 4)
    _refused(p, "binary")
    q = tmp_path / "latin1.txt"
    q.write_bytes("Caf\xe9 park opens in Minhang District with many companies.".encode("latin-1"))
    _refused(q, "not UTF-8")


def test_ten_megabyte_file(tmp_path):
    p = tmp_path / "big.txt"
    p.write_text("The park opened. " * 620_000)  # ~10.5 MB
    _refused(p, "MB.*extract_max_bytes", max_bytes=5_000_000)


def test_non_english_text(tmp_path):
    p = tmp_path / "zh.txt"
    p.write_text("青浦区数字经济发展迅速，多个项目在进博会期间签约，总投资约183亿元。" * 5, encoding="utf-8")
    _refused(p, "not English")
    q = tmp_path / "de.txt"
    q.write_text("Der Technologiepark wurde am Montag eröffnet und soll viele neue Arbeitsplätze schaffen, "
                 "sagte die Stadtverwaltung. Die Investition beträgt rund fünf Milliarden Yuan für das Gelände. " * 3)
    _refused(q, "English")


def test_html_full_of_scripts(tmp_path):
    p = tmp_path / "scripts.html"
    p.write_text("<html><head><script>" + "var x = 'Park Zone';" * 2000 + "</script></head><body>"
                 "<script>document.write('Shanghai Science Park')</script><nav>Home</nav></body></html>")
    _refused(p, "no article text")


def test_article_without_a_date_is_read_with_a_warning(tmp_path):
    p = tmp_path / "nodate.txt"
    p.write_text("Minhang park grows\n\nAurora Robotics settled in Minhang Science Park on Monday, the company said "
                 "this year. It will open next year.")
    art = read_article(p)
    assert art.date is None and "no date" in art.date_basis and art.warnings
    art = read_article(p, date=dt.date(2024, 3, 6))
    assert art.date == dt.date(2024, 3, 6) and "--date" in art.date_basis
