# Quick start: `make lab` or `make test`. Everything lives in .venv; nothing is installed globally.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
# Extra arguments for `jupyter lab`, e.g. make lab LAB_ARGS="--no-browser --port 8899"
LAB_ARGS ?=
# Extra arguments for the benchmarks, e.g. make bench BENCH_ARGS=--quick
BENCH_ARGS ?=
# Extra arguments for pytest, e.g. make test PYTEST_ARGS="-k groups -x"
PYTEST_ARGS ?=
# Jupyter refuses to run as root without this flag (containers, CI).
ROOT_FLAG := $(if $(filter 0,$(shell id -u)),--allow-root,)

.PHONY: help venv lab test soak demo bench lint clean

help:
	@echo "make lab   - create .venv, install, open JupyterLab on notebooks/"
	@echo "make test  - create .venv if needed, install, run the whole test suite"
	@echo "make soak  - the reliability suites at soak sizes (500 kills, 1,000 daemon cycles, ...), one table,"
	@echo "             recorded in docs/reliability.md (15-20 minutes)"
	@echo "make demo  - headless walk-through of the integration-group calls in the terminal"
	@echo "make bench - every benchmark, one table, results in benchmarks/results/latest.json"
	@echo "make lint  - ruff"

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "egeria_nb needs Python 3.11 or newer; run make PYTHON=python3.11 ...")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $@

venv: $(STAMP)

lab: $(STAMP)
	$(BIN)/jupyter lab $(ROOT_FLAG) --notebook-dir=notebooks $(LAB_ARGS)

test: $(STAMP)
	$(BIN)/python -m pytest $(PYTEST_ARGS)

soak: $(STAMP)
	$(BIN)/python -m reliability.soak --record $(if $(PYTEST_ARGS),-- $(PYTEST_ARGS),)

demo: $(STAMP)
	$(BIN)/egeria-nb demo

bench: $(STAMP)
	$(BIN)/python -m benchmarks.run $(BENCH_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check egeria_nb tests benchmarks reliability
	$(BIN)/ruff format --check egeria_nb tests benchmarks reliability

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .ruff_cache
