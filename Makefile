# Two commands do all set-up: `make run` and `make test`.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
TEST_STAMP := $(VENV)/.installed-test

.PHONY: run test lint bench bench-quick bench-import clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV) || python3 -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# setuptools prints a boxed "Editable installation" note (its InformationOnly warning) that
# reads like an error to anyone who is not a developer; it is only information, so it is hidden.
QUIET_PIP := PYTHONWARNINGS=ignore::UserWarning $(BIN)/python -m pip install --quiet

$(STAMP): pyproject.toml | $(BIN)/python
	$(QUIET_PIP) -e .
	touch $@

$(TEST_STAMP): pyproject.toml | $(BIN)/python
	$(QUIET_PIP) -e '.[test]'
	touch $@ $(STAMP)

run: $(STAMP)
	@echo "Other commands: $(BIN)/compact-tui --help (or run 'source $(BIN)/activate' once, then"
	@echo "compact-tui works in this terminal: compact-tui export minutes --latest, ...)."
	$(BIN)/compact-tui --store store/compact.json

test: $(TEST_STAMP)
	$(BIN)/python -m pytest -n 2 -q

lint: $(TEST_STAMP)
	$(BIN)/ruff check .
	$(BIN)/mypy
	$(BIN)/lint-imports

bench: $(TEST_STAMP)
	$(BIN)/python -m benchmarks

bench-quick: $(TEST_STAMP)
	$(BIN)/python -m benchmarks --quick

bench-import: $(TEST_STAMP)
	$(BIN)/python -m benchmarks.register_import

clean:
	rm -rf $(VENV) build *.egg-info
