"""Broken seed files: one clear error naming file, line and field; the last good build stays."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

MINI = Path(__file__).parent / "data" / "mini"


@pytest.fixture
def mini(tmp_path, cli):
    """A good build of the mini seed set, plus a writable copy of its seeds and corpus."""
    seeds, corpus, build = tmp_path / "seeds", tmp_path / "corpus", tmp_path / "build"
    shutil.copytree(MINI / "seeds", seeds)
    shutil.copytree(MINI / "corpus", corpus)
    res = cli("build", "--seeds", seeds, "--corpus", corpus, "--build-dir", build)
    assert res.code == 0, res.err
    good = (build / "techpark.trig").read_bytes()

    def broken(old: str, new: str, *, target: str = "seeds/mini.yaml"):
        path = tmp_path / target
        text = path.read_text(encoding="utf-8")
        assert old in text, f"test setup: {old!r} not in {path}"
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
        result = cli("build", "--seeds", seeds, "--corpus", corpus, "--build-dir", build)
        assert (build / "techpark.trig").read_bytes() == good, "a failed build must leave the last good one"
        assert not list(build.glob(".*.tmp")), "no temporary files left behind"
        return result

    return broken


def _line_of(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if needle in line)


CASES = {
    "yaml syntax": ("label: Lakeside Robotics Park\n", "label: [Lakeside Robotics Park\n", "yaml", "YAML syntax error"),
    "unknown reference": ("locatedIn: harbourtown-district", "locatedIn: harbortown-district", "lakeside-robotics-park.locatedIn",
                          "unknown entity 'harbortown-district' (did you mean harbourtown-district?)"),
    "duplicate id": ("  - id: lakeside-robotics-park-committee\n",
                     "  - id: gearwave\n    type: Company\n    label: Gearwave Co.\n\n"
                     "  - id: lakeside-robotics-park-committee\n", "id", "duplicate id 'gearwave'"),
    "unknown property": ("locatedIn: harbourtown-district", "locatedInn: harbourtown-district",
                         "lakeside-robotics-park.locatedInn", "unknown property 'locatedInn' (did you mean locatedIn"),
    "unknown class": ("type: IndustrialPark", "type: IndustrialParc", "type", "unknown class 'IndustrialParc' (did you mean IndustrialPark"),
    "bad date": ("value: 2024-03-12, relative", "value: 2024-02-30, relative", "gearwave-contract.date", "bad date"),
    "amount without currency": ("currency: CNY, ", "", "gearwave-contract.investmentAmount", "an amount without currency"),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_broken_seed_reports_file_line_field(mini, case):
    old, new, field, message = CASES[case]
    original = (MINI / "seeds" / "mini.yaml").read_text(encoding="utf-8")
    res = mini(old, new)
    assert res.code == 3
    assert message in res.err
    expected_line = _line_of(original, old.splitlines()[0])
    assert f"mini.yaml:{expected_line}: {field}" in res.err, res.err
    assert res.err.count("mini.yaml:") == 1, f"one clear error, got:\n{res.err}"


def test_article_changed_since_curation(mini):
    """An evidence span that no longer refers to the same text: the checksum catches it."""
    res = mini("Gearwave Co. on Tuesday", "Gearwave Ltd on Tuesday", target="corpus/mini.txt")
    assert res.code == 3
    assert "mini.yaml:5: document.sha256" in res.err
    assert "another version of the text" in res.err


def test_span_past_end_of_article(mini):
    res = mini("mentions: [[51, 71]]", "mentions: [[51, 7100]]")
    assert res.code == 3
    assert "runs past the end of the article" in res.err and "harbourtown-district.mentions" in res.err


def test_alias_not_in_article(mini):
    res = mini("aliases: [Harbourtown]", "aliases: [Harbortown]")
    assert res.code == 3 and "alias 'Harbortown' does not occur in the article" in res.err


def test_fact_without_evidence(mini):
    res = mini("      - locatedIn: harbourtown-district\n        evidence: [[25, 71]]\n",
               "      - locatedIn: harbourtown-district\n")
    assert res.code == 3 and "no evidence" in res.err


def test_shape_violation_names_entity_shape_and_file(tmp_path, cli):
    """A fact that passes the loader but breaks a SHACL shape: entity, shape and seed file are named."""
    seeds, build = tmp_path / "seeds", tmp_path / "build"
    shutil.copytree(MINI / "seeds", seeds)
    path = seeds / "mini.yaml"
    path.write_text(path.read_text().replace("      - managedBy: lakeside-robotics-park-committee",
                                             "      - managedBy: harbourtown-district"))
    res = cli("build", "--seeds", seeds, "--corpus", MINI / "corpus", "--build-dir", build)
    assert res.code == 4
    assert "park/lakeside-robotics-park" in res.err
    assert "tps:ZoneShape" in res.err and "tp:managedBy" in res.err
    assert "mini.yaml:" in res.err
    assert not (build / "techpark.trig").exists()
