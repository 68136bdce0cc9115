# The two commands of the README: `make run` and `make test`. Nothing needs installing by hand.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
SAMPLE := data/raw/000_ebb61a327681cc18.txt
CORPUS ?= ../shared/corpus
NOTEBOOK_SOURCES := $(wildcard budgetlib/notebooks/*.py)

.PHONY: setup run run-corpus test lint bench bench-audit bench-reading clean lab notebooks browser screenshots stress fuzz

$(STAMP): pyproject.toml budgetlib/fonts.py
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev,bench,render,notebooks,cluster]'
	$(BIN)/python -m budgetlib.fonts
	@touch $(STAMP)

setup: $(STAMP)

# The bundled sample only: about a minute on a fresh machine (most of it the first font glyphs).
run: setup
	$(BIN)/budgetlib extract $(SAMPLE) --out data/processed
	$(BIN)/budgetlib show $(SAMPLE)
	$(BIN)/budgetlib check $(SAMPLE) || true
	$(BIN)/budgetlib report --processed data/processed --out reports

# The whole corpus (CORPUS=path): every document extracted, then every report.
run-corpus: setup
	$(BIN)/budgetlib extract $(CORPUS) --pair-suffix=-表格 --out data/processed || true
	$(BIN)/budgetlib report --processed data/processed --out reports

# The .ipynb of every notebook, generated from its reviewed py:percent source (for papermill or Jupyter).
notebooks: setup
	$(BIN)/jupytext --to ipynb $(NOTEBOOK_SOURCES)

# Chromium from Debian's packages, for the browser tests (installed when missing; needs root and apt).
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else echo "browser: Chromium is missing and cannot be installed here (needs root and apt-get)"; fi; }

# Screenshots of the reports under reports/ (look at them: screenshots/*.png).
screenshots: setup browser
	$(BIN)/python -m budgetlib.browser reports screenshots

lab: setup
	$(BIN)/python -m pip install --quiet -e '.[lab]'
	$(BIN)/python -m ipykernel install --user --name budgetlib --display-name "budgetlib (.venv)"
	cd budgetlib/notebooks && ../../$(BIN)/jupyter lab

lint: setup
	$(BIN)/ruff check .

test: lint browser
	$(BIN)/python -m pytest -n 2 -q -m "not stress"

# The long variants of the hostile-input tests (tests/test_limits.py, tests/test_concurrency.py).
stress: setup
	$(BIN)/python -m pytest -n 2 -q -m stress

# The property tests with many more examples than `make test` runs (HYPOTHESIS_PROFILE, tests/property/conftest.py).
fuzz: setup
	HYPOTHESIS_PROFILE=fuzz $(BIN)/python -m pytest -n 2 -q tests/property

bench: setup
	BUDGETLIB_CORPUS=$(CORPUS) $(BIN)/python benchmarks/extract.py

bench-audit: setup
	BUDGETLIB_CORPUS=$(CORPUS) $(BIN)/python benchmarks/audit.py

# Issue 11's measures per region: documents reconciled or explained, reading problems, unmapped columns, truth
# inconsistencies still flagged, key figures silently wrong.
bench-reading: setup
	BUDGETLIB_CORPUS=$(CORPUS) $(BIN)/python benchmarks/reading.py

clean:
	rm -rf $(VENV) data/processed/* reports screenshots
