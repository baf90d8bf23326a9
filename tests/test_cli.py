"""The command line: build, info, export, explain, seeds-hash; exit codes."""

from __future__ import annotations

import hashlib
import subprocess
import sys
from pathlib import Path

import pytest

MINI = Path(__file__).parent / "data" / "mini"


@pytest.fixture
def built(tmp_path, cli):
    build = tmp_path / "build"
    res = cli("build", "--seeds", MINI / "seeds", "--corpus", MINI / "corpus", "--build-dir", build)
    assert res.code == 0, res.err
    assert "Built" in res.out
    return build


def test_info_counts_classes_and_graphs(built, cli):
    res = cli("info", "--build-dir", built)
    assert res.code == 0
    assert "IndustrialPark" in res.out and "mini-harbourtown-2024-03-14" in res.out


def test_export_formats(built, cli, tmp_path):
    for fmt in ("turtle", "trig", "nquads", "jsonld"):
        out = tmp_path / f"x.{fmt}"
        res = cli("export", "--format", fmt, "-o", out, "--build-dir", built)
        assert res.code == 0 and out.stat().st_size > 500, fmt
    res = cli("export", "--format", "rdfxml", "--build-dir", built)
    assert res.code == 2 and "Unknown format" in res.err


def test_explain_quotes_evidence(built, cli):
    res = cli("explain", "gearwaev", "--corpus", MINI / "corpus", "--build-dir", built)
    assert res.code == 0, res.err
    assert "Gearwave Co." in res.out
    assert "party of Lakeside Robotics Park - Gearwave investment contract" in res.out
    assert "\u201csigned an investment contract with Gearwave Co.\u201d" in res.out


def test_explain_unknown_entity_exit_code(built, cli):
    res = cli("explain", "Gearwav Co", "--build-dir", built)
    assert res.code == 5 and "Did you mean" in res.err


def test_missing_build_says_what_to_do(tmp_path, cli):
    res = cli("info", "--build-dir", tmp_path / "nothing")
    assert res.code == 7 and "run `kg build` first" in res.err


def test_seeds_hash(cli):
    res = cli("seeds-hash", MINI / "corpus" / "mini.txt")
    assert hashlib.sha256((MINI / "corpus" / "mini.txt").read_bytes()).hexdigest() in res.out


def test_python_dash_m_kg_runs():
    res = subprocess.run([sys.executable, "-m", "kg", "--help"], capture_output=True, text=True, timeout=60)
    assert res.returncode == 0 and "build" in res.stdout


def test_tour_answers_the_example_questions(cli, tmp_path, monkeypatch):
    from kg import cli as cli_module

    monkeypatch.setattr(cli_module.out, "width", 200)
    build = tmp_path / "build"
    assert cli("build", "--build-dir", build, "--corpus", tmp_path / "no-corpus").code == 0
    res = cli("tour", "--build-dir", build)
    assert res.code == 0, res.err
    assert "Parks in a place, at any depth" in res.out and "Zizhu National High-Tech Zone" in res.out
    assert "101,240,000,000" in res.out  # the Science City's signed total, digits grouped
    assert "id:park/" not in res.out  # IRI columns are left out of the tour
    assert "Graph views:" in res.out
