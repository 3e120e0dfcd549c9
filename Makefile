# thidua — two commands for a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
WORKERS ?= 2
STAMP := $(VENV)/.installed

.PHONY: run test bench bench-national lint format install system axe lock serve migrate demo clean

# Dependencies come from the lock file (exact versions, hashes); `make lock` re-pins them.
$(STAMP): pyproject.toml requirements.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $(STAMP)

install: $(STAMP)

## make lock: pin every dependency (and dev tool) of pyproject.toml, with hashes, anew
lock: install
	$(BIN)/python -m pip install --quiet pip-tools
	$(BIN)/pip-compile --quiet --generate-hashes --extra dev --strip-extras --allow-unsafe \
		--no-emit-index-url --no-emit-find-links --output-file requirements.lock pyproject.toml

## the Debian packages the suite needs (Chromium), installed when missing
system:
	bash tools/system-deps.sh

migrate: install
	$(BIN)/thidua migrate --noinput -v0

demo: migrate
	$(BIN)/thidua demo --if-empty

## make run: set up, load the demo into SQLite if empty, serve on http://$(HOST):$(PORT) with
## the task queue's worker
run: demo
	$(BIN)/thidua collectstatic --noinput -v0
	@echo
	@echo "thidua chạy tại: http://$(HOST):$(PORT)/"
	@$(BIN)/thidua accounts
	@echo
	@# The task queue's worker beside the web server; Ctrl-C stops both.
	@trap 'kill 0' INT TERM EXIT; \
	$(BIN)/thidua qcluster & \
	$(BIN)/gunicorn thidua.wsgi:application --bind $(HOST):$(PORT) --workers $(WORKERS) \
		--access-logfile - --forwarded-allow-ips=127.0.0.1

## axe-core (the accessibility checker the browser tests inject), from npm into var/npm
AXE_VERSION := 4.14.1
AXE := var/npm/node_modules/axe-core/axe.min.js
$(AXE):
	mkdir -p var/npm
	npm install --prefix var/npm --no-audit --no-fund --no-package-lock axe-core@$(AXE_VERSION)

axe: $(AXE)

## make test: set up and run the whole suite (on PostgreSQL when DATABASE_URL points at one)
test: install system axe
	$(BIN)/python -m pytest

bench: install
	bash tools/system-deps.sh bench
	$(BIN)/thidua collectstatic --noinput -v0
	$(BIN)/python bench/run.py

# The nation's size on PostgreSQL (bench/README.md): DATABASE_URL names a new, empty database;
# REDIS_URL the shared cache. Loads 200,000 people and 1.5 million history rows (~2 minutes).
bench-national: install
	bash tools/system-deps.sh bench
	$(BIN)/thidua collectstatic --noinput -v0
	$(BIN)/python bench/national.py

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

clean:
	rm -rf $(VENV) var/static
