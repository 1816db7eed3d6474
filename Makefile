# The two commands of the README, and the benchmarks. Each creates (or reuses) the virtual
# environment .venv and installs the project into it first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed

.PHONY: book test test-fast bench lint constraints clean

book: $(INSTALLED)
	$(BIN)/rcreport build

# Every tier: unit, build (the book built from tests/fixtures), browser (Chromium, installed only if missing)
# Lint first (seconds), then every tier of the suite
test: $(INSTALLED)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	scripts/install-browser
	$(BIN)/python -m pytest

# The unit tier only: the frozen fixture corpus and its frozen annotation, no book build, under a minute,
# spread over the machine's cores (pytest-xdist)
test-fast: $(INSTALLED)
	$(BIN)/python -m pytest -m unit -n auto

# Timings and scaling (bench/run.py): prints figures, writes build/bench/results.json.
# The default builds the seed corpus, 100 and 1,000 generated articles end to end, adds one
# article to the 1,000 and rebuilds, and annotates 50 with 1 and 2 workers (about half an hour on
# two cores); BENCH_ARGS="--reuse-sizes 2000" adds a larger corpus built from reused annotations.
# bench/RESULTS.md says which arguments each of its measurements used.
BENCH_ARGS ?=
bench: $(INSTALLED)
	$(BIN)/python bench/run.py $(BENCH_ARGS)

# The report as one PDF for briefings, _build/pdf/rcreport-<version>.pdf: (re)builds the book
# (incremental: nothing changed, nothing executed), then prints it with Debian's Chromium.
# PDF_ARGS="--articles" includes the article pages; "--html-url URL" sets where links to pages
# left out of the PDF lead (see README).
PDF_ARGS ?=
.PHONY: pdf
pdf: $(INSTALLED)
	scripts/install-browser
	$(BIN)/rcreport build
	$(BIN)/rcreport pdf $(PDF_ARGS)

# The versions of the whole environment come from constraints.txt (the direct pins from pyproject.toml)
$(INSTALLED): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[test]'
	touch $@

# ruff, configured in pyproject.toml: lint rules, then formatting, both only checked
lint: $(INSTALLED)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# Rewrite constraints.txt from what .venv has installed. To change a pin: edit pyproject.toml and the
# package's line in constraints.txt, `make` (pip resolves the rest), then `make constraints`.
constraints: $(INSTALLED)
	{ sed -n '/^#/p' constraints.txt; $(BIN)/python -m pip freeze --exclude-editable \
	  | grep -v -i -E '^(rcreport|pip|setuptools|wheel)==' | sed -E 's/\+cpu$$//'; } > constraints.txt.new
	mv constraints.txt.new constraints.txt

clean:
	rm -rf _build build book/generated
