# The two commands of the README. Both create (or reuse) the virtual
# environment .venv and install the project into it first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed

.PHONY: book test clean

book: $(INSTALLED)
	$(BIN)/rcreport build

test: $(INSTALLED)
	scripts/install-browser
	$(BIN)/python -m pytest

$(INSTALLED): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

clean:
	rm -rf _build build book/generated
