# motcua: two commands for a newcomer: `make demo` and `make test`.
PYTHON ?= python3
VENV   ?= .venv
BIN     = $(VENV)/bin
HOST   ?= 127.0.0.1
PORT   ?= 8000
export MOTCUA_DATA_DIR ?= $(CURDIR)/data

.PHONY: demo serve test test-unit test-browser lint bench venv clean messages schema worker

$(BIN)/motcua: pyproject.toml
	@scripts/ensure-venv.sh "$(PYTHON)" "$(VENV)"
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	@touch $@

venv: $(BIN)/motcua

## make demo: environment, install, migrate, load the Đống Đa demo, serve on 127.0.0.1:8000
demo: venv
	$(BIN)/motcua migrate --noinput
	$(BIN)/motcua compilemessages --ignore '.venv/*' >/dev/null 2>&1 || true
	$(BIN)/motcua load_demo
	$(MAKE) --no-print-directory serve

# The access log has the path without the query string: a lookup secret never reaches a log.
serve: venv
	@echo "motcua đang chạy tại http://$(HOST):$(PORT)/  (Ctrl+C để dừng)"
	$(BIN)/gunicorn motcua.wsgi --bind $(HOST):$(PORT) --workers 2 --access-logfile - --access-logformat '%(h)s %(t)s "%(m)s %(U)s" %(s)s %(B)s %(M)sms' --error-logfile -

## make worker: the background job worker (needs CELERY_BROKER_URL or REDIS_URL; see docs/operations.md)
worker: venv
	$(BIN)/celery -A motcua worker --loglevel INFO $(WORKER_ARGS)

## make test: every test, browser journeys included (Debian's Chromium, never a downloaded one)
test: venv
	@scripts/ensure-browser.sh
	$(BIN)/pytest -n 2 --dist loadgroup -q $(PYTEST_ARGS)

test-unit: venv
	$(BIN)/pytest -n 2 -q -m "not browser" $(PYTEST_ARGS)

test-browser: venv
	@scripts/ensure-browser.sh
	$(BIN)/pytest -q -m browser $(PYTEST_ARGS)

lint: venv
	$(BIN)/ruff check motcua e2e bench
	$(BIN)/ruff format --check --diff motcua e2e bench >/dev/null || echo "ruff format would reformat some files (make format)"

## make bench: speed goals, each printed as a ratio against a baseline measured in the same run
bench: venv
	$(BIN)/python -m bench

schema: venv
	$(BIN)/motcua spectacular --file docs/openapi.yaml --validate

clean:
	rm -rf $(VENV) data .pytest_cache

format: venv
	$(BIN)/ruff format motcua e2e bench
	$(BIN)/ruff check --fix motcua e2e bench
