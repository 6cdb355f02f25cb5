# drafter — `make demo` to try it, `make test` to check it.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
DEMO   ?= surrogacy-principles

.PHONY: demo edit test lint bench clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

demo: $(STAMP)
	test -d $(DEMO) || $(BIN)/drafter demo $(DEMO)
	$(BIN)/drafter -C $(DEMO) edit
	@echo
	@echo "To open drafter on the demo again:  make edit"
	@echo "  (or, from this folder: .venv/bin/drafter -C $(DEMO) -- nothing to activate)"
	@echo "On another workspace:               make edit WS=PATH"

# open the editor again on the demo (or WS=PATH for another workspace)
WS ?= $(DEMO)
edit: $(STAMP)
	@test -d $(WS) || { echo "no workspace at $(WS): run make demo first, or make edit WS=PATH"; exit 1; }
	$(BIN)/drafter -C $(WS) edit

# ruff, the layering contracts, strict typing, then the tests on every core
WORKERS ?= auto
test: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/lint-imports
	$(BIN)/mypy
	$(BIN)/python -m pytest -n $(WORKERS)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/lint-imports
	$(BIN)/mypy

bench: $(STAMP)
	$(BIN)/python bench/run_all.py

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .ruff_cache
