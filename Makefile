# Two commands: `make run` serves the demo site, `make test` runs the suite.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
STAMP := $(VENV)/.installed

.PHONY: run test install lint bench scale-check clean backup restore

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

# Local settings for development: DEBUG on and a random secret key, written once.
.env:
	printf 'DEBUG=1\nSECRET_KEY=%s\n' "$$($(PYTHON) -c 'import secrets; print(secrets.token_urlsafe(50))')" > .env

run: $(STAMP) .env
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_demo --site-url http://127.0.0.1:$(PORT)
	$(PY) manage.py runserver 127.0.0.1:$(PORT)

# Runs against SQLite, or against PostgreSQL when DATABASE_URL points at one.
# pytest exits 5 when it collected no test: a suite that ran nothing is a failure here.
test: $(STAMP)
	@$(PY) -m pytest $(PYTEST_ARGS); status=$$?; \
	if [ $$status -eq 5 ]; then echo "make test: pytest collected no tests" >&2; fi; \
	exit $$status

# The pages against the bare response under gunicorn, interleaved (needs wrk, PostgreSQL
# and Redis on 127.0.0.1); see README, Performance. BENCH_ARGS="--rounds 5" passes options.
bench: $(STAMP)
	$(PY) bench/page_bench.py $(BENCH_ARGS)

# A backup of the database and the media folder: backups/newsroom-YYYYmmdd-HHMMSS.tar
# (see README, Backups). BACKUP_DIR chooses another folder. Both use an existing .venv
# as it is (a server's nightly run installs nothing) and create one only when missing.
BACKUP_DIR ?= backups
backup:
	@test -x $(PY) || $(MAKE) install
	$(PY) manage.py backup_site --output "$(BACKUP_DIR)"

# make restore BACKUP=backups/newsroom-….tar STOPPED=1 [YES=1]: checks the archive, then
# replaces the database and adds the media files. STOPPED=1 says the site is stopped
# (gunicorn and the flush_view_counts timer); without it nothing is restored. YES=1
# confirms replacing a database that is not empty.
restore:
	@test -n "$(BACKUP)" || { echo "usage: make restore BACKUP=backups/newsroom-YYYYmmdd-HHMMSS.tar STOPPED=1 [YES=1]" >&2; exit 2; }
	@test -x $(PY) || $(MAKE) install
	$(PY) manage.py restore_site "$(BACKUP)" $(if $(STOPPED),--site-stopped) $(if $(YES),--yes)

# Two app servers on one PostgreSQL database and one Redis: exact counts, coherent caches.
scale-check: $(STAMP)
	$(PY) bench/scale_check.py

# Style, then the architecture: layers, independent concerns, no cycles (pyproject.toml).
lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports --no-cache

clean:
	rm -rf $(VENV) .pytest_cache test-artifacts
