# The two commands of the README, and the benchmarks. Each creates (or reuses) the virtual
# environment .venv and installs the project into it first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed

.PHONY: book test bench clean

book: $(INSTALLED)
	$(BIN)/rcreport build

test: $(INSTALLED)
	scripts/install-browser
	$(BIN)/python -m pytest

# Timings and scaling (bench/run.py): prints figures, writes build/bench/results.json
bench: $(INSTALLED)
	$(BIN)/python bench/run.py

$(INSTALLED): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

clean:
	rm -rf _build build book/generated
