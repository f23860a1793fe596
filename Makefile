# Two commands do all set-up: `make run` (console chat) and `make test`.
PY ?= python3
VENV := .venv
STAMP := $(VENV)/.installed-stamp

.PHONY: run bot test lint bench bench-nudges bench-import tagger

$(STAMP): pyproject.toml
	test -x $(VENV)/bin/python || $(PY) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --upgrade pip
	$(VENV)/bin/pip install --quiet -e '.[dev]'
	touch $(STAMP)

run: $(STAMP)
	$(VENV)/bin/memoro chat

bot: $(STAMP)
	$(VENV)/bin/memoro run

# four test processes even on 2 cores: most tests wait on servers and processes they start
test: $(STAMP)
	$(VENV)/bin/pytest -n 4

bench: $(STAMP)
	$(VENV)/bin/python -m tests.benchmarks.run

bench-nudges: $(STAMP)
	$(VENV)/bin/python -m tests.benchmarks.bench_nudges

bench-import: $(STAMP)
	$(VENV)/bin/python -m tests.benchmarks.bench_import

# ruff on everything; mypy --strict on core and storage ([tool.mypy] in pyproject.toml, cached in .mypy_cache)
lint: $(STAMP)
	$(VENV)/bin/ruff check bot core storage tests
	$(VENV)/bin/mypy

# retrain the token tagger (core/understand/tagger_weights.npz) from WNUT-17 train+dev; WNUT17=DIR
tagger: $(STAMP)
	$(VENV)/bin/python -m core.understand.train_tagger $(if $(WNUT17),--data $(WNUT17))
