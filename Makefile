# The two commands of the README: `make run` (the main job) and `make test` (the whole suite).
PYTHON ?= python3

.PHONY: install browser run test bench

install:
	$(PYTHON) -m pip install --quiet --disable-pip-version-check -e '.[test]'

browser:
	@command -v chromium >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq chromium >/dev/null; }

run: install
	kg build
	kg tour

test: install browser
	$(PYTHON) -m pytest -q

bench: install browser
	$(PYTHON) benchmarks/run_all.py
