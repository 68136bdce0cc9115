# The two commands of the README: `make run` and `make test`. Nothing needs installing by hand.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
SAMPLE := data/raw/000_ebb61a327681cc18.txt
CORPUS ?= ../shared/corpus

.PHONY: setup run test lint bench clean

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev,bench,render]'
	@touch $(STAMP)

setup: $(STAMP)

run: setup
	$(BIN)/budgetlib extract $(SAMPLE) --out data/processed
	$(BIN)/budgetlib show $(SAMPLE)
	$(BIN)/budgetlib check $(SAMPLE)

lint: setup
	$(BIN)/ruff check .

test: lint
	$(BIN)/python -m pytest -n 2 -q

bench: setup
	BUDGETLIB_CORPUS=$(CORPUS) $(BIN)/python benchmarks/extract.py

clean:
	rm -rf $(VENV) data/processed/* reports
