# newsevents: everyday commands. `make demo` and `make test` work on a fresh machine.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEV_STAMP := $(VENV)/.installed-dev

.PHONY: demo test lint install install-dev system-deps bench data model clean

# where the labelled news and the other third-party training material are read from (never copied)
DATA ?= ../shared/data

$(BIN)/python:
	$(PYTHON) -m venv $(VENV) || python3 -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# what `make demo` needs: the package alone
$(STAMP): $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet -e .
	touch $(STAMP)

# the test extras and the optional Ray extra, so the Ray runner is tested for real (tests/scale)
$(DEV_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet -e ".[test,ray]"
	touch $(DEV_STAMP)

install: $(STAMP)

install-dev: $(DEV_STAMP)

demo: install
	$(BIN)/newsevents demo

system-deps:
	bash scripts/ensure-system-deps.sh

lint: install-dev
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/mypy

test: install-dev system-deps lint
	$(BIN)/python -m pytest

bench: install-dev
	$(BIN)/python benchmarks/speed.py
	$(BIN)/python benchmarks/accuracy.py

# Regenerate package data from the third-party sources in ../shared/data (CAMEO verb dictionary).
data: install
	$(BIN)/python scripts/build_cameo_verbs.py

# our date and place labels of the labelled news (benchmarks/data/FIELDS_GUIDE.md)
FIELD_GOLD = benchmarks/data/fields_gold_wikinews_2020.jsonl benchmarks/data/fields_gold_voa_wikinews_2019.jsonl
# Retrain the event model and the date and place ranker shipped in the package from the labelled news
# in $(DATA): deterministic (fixed folds and seeds), so the same data gives the same models and figures.
model: install-dev
	$(BIN)/python -m newsevents.events.training --data $(DATA) --labels training/ngec_synthetic_sentences.jsonl -o src/newsevents/events/data/event_model.npz
	$(BIN)/python -m newsevents.events.setting_training --data $(DATA) $(FIELD_GOLD:%=--gold %) --out src/newsevents/events/data/setting_model.json

clean:
	rm -rf $(VENV) newsevents.duckdb .pytest_cache .mypy_cache .ruff_cache
