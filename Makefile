# Two commands on a fresh machine with Python 3.11: `make run` and `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
export FLASK_APP := api.wsgi

.PHONY: install migrate run demo test test-e2e lint fmt bench openapi clean

$(BIN)/activate:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: pyproject.toml | $(BIN)/activate
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

install: $(VENV)/.installed

migrate: install
	mkdir -p instance
	$(BIN)/alembic upgrade head

run: migrate
	$(BIN)/python -m worker.launcher

demo: migrate
	$(BIN)/flask demo seed

# Browser tests need Debian's chromium; without it the rest of the suite still runs.
test: install
	@if [ -x /usr/bin/chromium ]; then \
		$(BIN)/pytest; \
	else \
		echo "note: /usr/bin/chromium not found, leaving out the browser tests (tests/e2e)"; \
		$(BIN)/pytest -m "not browser"; \
	fi

test-e2e: install
	$(BIN)/pytest tests/e2e

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/mypy workflows api/*/service.py
	$(BIN)/mypy --strict workflows
	$(BIN)/mypy --follow-imports=silent api/*/routes.py worker

fmt: install
	$(BIN)/ruff check --fix --select I .
	$(BIN)/ruff format .

bench: install
	$(BIN)/python -m bench

openapi: install
	$(BIN)/flask openapi write --format=yaml openapi.yaml

clean:
	rm -rf $(VENV) instance
