# The two commands of the README: `make run` and `make test`. Nothing needs installing by hand.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
SAMPLE := data/raw/000_ebb61a327681cc18.txt
CORPUS ?= ../shared/corpus

.PHONY: setup run test lint bench bench-audit browser clean lab

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev,bench,render,notebooks]'
	@touch $(STAMP)

setup: $(STAMP)

run: setup
	$(BIN)/budgetlib extract $(SAMPLE) --out data/processed
	$(BIN)/budgetlib show $(SAMPLE)
	$(BIN)/budgetlib check $(SAMPLE)
	@if [ -f "$(CORPUS)/MANIFEST.tsv" ]; then \
	  $(BIN)/budgetlib extract $(CORPUS) --pair-suffix=-表格 --out data/processed || true; fi
	$(BIN)/budgetlib report --processed data/processed --out reports

lab: setup
	$(BIN)/python -m pip install --quiet -e '.[lab]'
	$(BIN)/python -m ipykernel install --user --name budgetlib --display-name "budgetlib (.venv)"
	cd notebooks && ../$(BIN)/jupyter lab

lint: setup
	$(BIN)/ruff check .

# The reviewer's HTML report is tested in a real headless Chromium (Debian's package).
browser:
	@command -v chromium >/dev/null 2>&1 || (apt-get update -qq && apt-get install -y -qq chromium >/dev/null)

test: lint browser
	$(BIN)/python -m pytest -n 2 -q

bench: setup
	BUDGETLIB_CORPUS=$(CORPUS) $(BIN)/python benchmarks/extract.py

bench-audit: setup
	BUDGETLIB_CORPUS=$(CORPUS) $(BIN)/python benchmarks/audit.py

clean:
	rm -rf $(VENV) data/processed/* reports
