# Persona Handbook — every target sets up what it needs on a fresh machine
# (Python 3.11+, make and git): a virtual environment in .venv with the
# project installed, and the sample data generated from the sample handbook.

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
SAMPLE_DATA := data/customers.csv data/survey.csv data/accounts.xlsx

.PHONY: site test validate serve bench clean setup data gallery

site: $(STAMP) $(SAMPLE_DATA)  ## Build the sample handbook into site/
	$(BIN)/handbook build .

test: $(STAMP) $(SAMPLE_DATA)  ## Lint, type-check and run the whole test suite
	$(BIN)/ruff check generator tests bench data
	$(BIN)/mypy
	$(BIN)/lint-imports
	$(BIN)/pytest -n 2 --dist loadgroup

validate: $(STAMP) $(SAMPLE_DATA)
	$(BIN)/handbook validate .

data: $(SAMPLE_DATA)  ## Generate the sample data files from the sample handbook

serve: $(STAMP) $(SAMPLE_DATA)
	$(BIN)/handbook serve .

bench: $(STAMP)
	$(BIN)/python -m bench.validate
	$(BIN)/python -m bench.stats
	$(BIN)/python -m bench.build
	$(BIN)/python -m bench.history
	$(BIN)/python -m bench.discover
	$(BIN)/python -m bench.serve
	$(BIN)/python -m bench.search

gallery: $(STAMP)  ## Screenshots of every page type (1280/390 px, light/dark) and the printed card, in gallery/
	$(BIN)/python -m tests.gallery --out gallery

setup: $(STAMP)

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed, found " + sys.version.split()[0])'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

$(SAMPLE_DATA) &: data/generate_sample_data.py $(STAMP)
	$(BIN)/python data/generate_sample_data.py

clean:
	rm -rf $(VENV) site build gallery .pytest_cache .mypy_cache .ruff_cache $(SAMPLE_DATA)
