# thidua — two commands for a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
WORKERS ?= 2
STAMP := $(VENV)/.installed

.PHONY: run test bench lint format install serve migrate demo clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

migrate: install
	$(BIN)/thidua migrate --noinput -v0

demo: migrate
	$(BIN)/thidua demo --if-empty

## make run: set up, load the demo into SQLite if empty, serve on http://$(HOST):$(PORT)
run: demo
	$(BIN)/thidua collectstatic --noinput -v0
	@echo
	@echo "thidua chạy tại: http://$(HOST):$(PORT)/"
	@$(BIN)/thidua accounts
	@echo
	$(BIN)/gunicorn thidua.wsgi:application --bind $(HOST):$(PORT) --workers $(WORKERS) \
		--access-logfile - --forwarded-allow-ips=127.0.0.1

## make test: set up and run the whole suite (on PostgreSQL when DATABASE_URL points at one)
test: install
	$(BIN)/python -m pytest

bench: install
	$(BIN)/thidua collectstatic --noinput -v0
	$(BIN)/python bench/run.py

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

clean:
	rm -rf $(VENV) var/static
