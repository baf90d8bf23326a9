"""The README documents every setting and the two set-up commands; .ci/run runs the README's test command."""

from __future__ import annotations

from kg.config import PROJECT_ROOT, SETTINGS

README = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")


def test_every_setting_is_documented_in_the_readme():
    missing = [s.name for s in SETTINGS if f"| `{s.name}` |" not in README]
    assert missing == []


def test_readme_gives_the_two_commands_and_ci_runs_the_test_one():
    assert "make run" in README and "make test" in README
    ci = (PROJECT_ROOT / ".ci" / "run").read_text()
    assert "make test" in ci
    makefile = (PROJECT_ROOT / "Makefile").read_text()
    assert "pytest" in makefile.split("test:", 1)[1].split("\n\n", 1)[0]


def test_every_seed_file_is_documented_format():
    """Seed files follow the format the curators' guide describes (top-level keys)."""
    import yaml

    for path in sorted((PROJECT_ROOT / "seeds").glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        assert set(data) == {"document", "entities"}, path
