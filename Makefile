# ConductDesk. `make run` for the demo site, `make test` for everything CI runs.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV ?= .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
HOST ?= 127.0.0.1
PORT ?= 8000
# glibc returns freed picture buffers to the system (see Dockerfile); for the site and the bench.
MALLOC_ENV := MALLOC_MMAP_THRESHOLD_=1048576 MALLOC_ARENA_MAX=2
# make run always uses the embedded defaults: SQLite, eager tasks and files on the local disk,
# encrypted with the development key; links in its e-mails point at the address it serves on.
RUN_ENV := env -u DATABASE_URL -u DATABASE_REPLICA_URL -u REDIS_URL -u STORAGE_URL -u AWS_STORAGE_BUCKET_NAME -u FILE_ENCRYPTION_KEYS DJANGO_DEBUG=1 SITE_URL=http://$(HOST):$(PORT) $(MALLOC_ENV)

.PHONY: install run test lint format seed bench clean

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml scripts/system-deps.sh
	@bash scripts/system-deps.sh
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	@touch $@

run: install
	$(RUN_ENV) $(PY) manage.py migrate --noinput
	$(RUN_ENV) $(PY) manage.py seed_demo --walkthrough
	@echo "ConductDesk is starting on http://$(HOST):$(PORT)/ (staff: http://$(HOST):$(PORT)/staff/)"
	$(RUN_ENV) $(PY) manage.py runserver $(HOST):$(PORT)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Browser tests drive Debian's chromium (never Playwright's own downloads) and turn the PDFs they
# download into pictures with poppler's pdftoppm: installed with apt when missing. If they cannot
# be installed the browser tests skip, except in CI (CI set): it fails.
test: lint
	DJANGO_SETTINGS_MODULE=config.settings_test $(PY) manage.py check
	DJANGO_SETTINGS_MODULE=config.settings_test $(PY) manage.py makemigrations --check --dry-run
	@bash scripts/system-deps.sh chromium poppler-utils || test -z "$$CI"
	$(BIN)/pytest $(PYTEST_ARGS)

bench: install
	@bash scripts/system-deps.sh wrk
	$(MALLOC_ENV) $(PY) -m bench $(BENCH_ARGS)

clean:
	rm -rf $(VENV) staticfiles .pytest_cache
