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

.PHONY: help venv lab test check pythons soak demo bench lint clean docs

help:
	@echo "make lab   - create .venv, install, open JupyterLab on notebooks/"
	@echo "make test  - create .venv if needed, install, run the whole test suite (what CI runs)"
	@echo "make check - the fast lane while developing: no browser, notebooks, installs or soak (under a minute)"
	@echo "make pythons - the fast lane on every other supported Python (3.12, 3.13) this machine has"
	@echo "make soak  - the reliability suites at soak sizes (500 kills, 1,000 daemon cycles, ...), one table,"
	@echo "             recorded in docs/reliability.md (15-20 minutes)"
	@echo "make demo  - headless walk-through of the integration-group calls in the terminal"
	@echo "make bench - every benchmark, one table, results in benchmarks/results/latest.json"
	@echo "make lint  - ruff"
	@echo "make docs  - the documentation site, labs executed, into docs/_build/html (under a minute)"

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "egeria_nb needs Python 3.11 or newer; run make PYTHON=python3.11 ...")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $@

venv: $(STAMP)

lab: $(STAMP)
	$(BIN)/jupyter lab $(ROOT_FLAG) --notebook-dir=notebooks $(LAB_ARGS)

# The tests' temporary folders (tmp_path, tempfile, the processes they start) go on tmpfs when the machine has
# one: on a disk, the suite's thousands of SQLite and configuration-file fsyncs wait on it (tests/admin and
# tests/embedded: 30 s on disk, 21 s on tmpfs). A killed process loses nothing either way (the crash tests kill
# processes); only a power cut would tell them apart.
TEST_TMPDIR := $(shell [ -d /dev/shm ] && [ -w /dev/shm ] && echo /dev/shm)
TEST_ENV := $(if $(TEST_TMPDIR),env TMPDIR=$(TEST_TMPDIR))

test: $(STAMP)
	$(TEST_ENV) $(BIN)/python -m pytest $(PYTEST_ARGS)

# The tests tests/slow_tests.txt lists (measured; python -m tests.timing refreshes it) are left out too.
FAST_LANE := not slow and not browser and not notebook and not reliability

# Byte code is kept (an environment may say PYTHONDONTWRITEBYTECODE=1): pytest then rewrites each test module's
# asserts once, not on every run in every worker, a third of a fast run's time. The folders whose every test is
# left out are not collected at all.
FAST_LANE_ARGS := -m "$(FAST_LANE)" -p no:cacheprovider --ignore=tests/browser --ignore=tests/notebooks \
	--ignore=tests/reliability --ignore=tests/daemon/test_kernel.py --ignore=tests/daemon/test_kernel_restart.py \
	--ignore=tests/docs

check: $(STAMP)
	$(TEST_ENV) env -u PYTHONDONTWRITEBYTECODE $(BIN)/python -m pytest $(FAST_LANE_ARGS) $(PYTEST_ARGS)

# The other supported interpreters, each in a venv of its own with only what the fast lane needs.
# Looked for on PATH and under pyenv; under CI=true a missing one fails instead of being skipped.
SUPPORTED_PYTHONS := 3.12 3.13
pythons:
	@for v in $(SUPPORTED_PYTHONS); do \
	  py=; for c in $$(ls -d $$(pyenv root 2>/dev/null)/versions/$$v*/bin/python$$v 2>/dev/null) $$(command -v python$$v); do \
	    if $$c -c 'import sys' >/dev/null 2>&1; then py=$$c; break; fi; \
	  done; \
	  if [ -z "$$py" ]; then \
	    if [ "$$CI" = "true" ]; then echo "Python $$v is supported but not found (CI=true: failing)"; exit 1; fi; \
	    echo "Python $$v: not found, skipped"; continue; \
	  fi; \
	  venv=.venv-$$v; \
	  if [ ! -f $$venv/.installed ] || [ pyproject.toml -nt $$venv/.installed ]; then \
	    $$py -m venv $$venv && $$venv/bin/python -m pip install --quiet --no-compile -e '.[check]' && touch $$venv/.installed || exit 1; \
	  fi; \
	  echo "== fast lane on $$($$venv/bin/python --version)"; \
	  $(TEST_ENV) env -u PYTHONDONTWRITEBYTECODE $$venv/bin/python -m pytest $(FAST_LANE_ARGS) -q $(PYTEST_ARGS) || exit 1; \
	done

soak: $(STAMP)
	$(BIN)/python -m reliability.soak --record $(if $(PYTEST_ARGS),-- $(PYTEST_ARGS),)

demo: $(STAMP)
	$(BIN)/egeria-nb demo

bench: $(STAMP)
	$(BIN)/python -m benchmarks.run $(BENCH_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check egeria_nb tests benchmarks reliability docs/conf.py
	$(BIN)/ruff format --check egeria_nb tests benchmarks reliability docs/conf.py

# Warnings are errors (a broken link, a missing API entry, a lab that fails); --keep-going reports them all.
# -j auto reads (and so executes the labs) in parallel: 32 s instead of 40 s cold on an idle 2-core machine.
# tests/docs/test_docs_site.py builds with these same options.
SPHINXOPTS ?= -W --keep-going -j auto
docs: $(STAMP)
	$(BIN)/sphinx-build $(SPHINXOPTS) -b html -d docs/_build/doctrees docs docs/_build/html

clean:
	rm -rf $(VENV) .venv-3.* build dist *.egg-info .pytest_cache .ruff_cache
	rm -rf docs/_build docs/labs
