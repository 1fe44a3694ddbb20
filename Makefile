# Bronwijzer — the two commands a newcomer needs are `make run` and `make test`.
PYTHON ?= python3.11
VENV   ?= .venv
BIN    := $(VENV)/bin
HOST   ?= 127.0.0.1
PORT   ?= 8000
STAMP  := $(VENV)/.installed

.PHONY: install run test screenshots test-fast lint format bench load observatory screenshot messages clean

install: $(STAMP)  ## create .venv and install the project with its dev tools (idempotent)

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	@touch $(STAMP)

run: install  ## migrate, load the default map if the database is empty, serve on $(HOST):$(PORT)
	$(BIN)/bronwijzer serve --host $(HOST) --port $(PORT)

# One pytest run on $(TEST_WORKERS) processes (pytest-xdist; a test file stays on one worker, so its
# module fixtures start once). The files are handed out longest first (tests/durations.json), and the
# browser tests after all the others, which a worker then runs while the other finishes its last files:
# Playwright's synchronous API keeps an event loop running in its process, where Django refuses
# database work (tests/support/schedule.py). BRONWIJZER_BROWSER_TESTS=skip skips the browser tests.
# Bytecode, pytest's rewritten test modules included, is written beside the sources (__pycache__, ignored
# by git) and kept between runs, also where the environment sets PYTHONDONTWRITEBYTECODE: else every
# process of a run (each worker, each test server and command the tests start) compiles it all again,
# some 5 s of CPU a worker. The libraries' bytecode is the one pip compiled when it installed them (a
# PYTHONPYCACHEPREFIX would hide it, and a fresh clone's first run would compile them all again).
TEST_WORKERS ?= 2
PYTEST := env -u PYTHONDONTWRITEBYTECODE \
	$(BIN)/python -m pytest -q -p no:cacheprovider -n $(TEST_WORKERS) --dist loadfile --no-loadscope-reorder

# mypy (types, with the Django plugin: [tool.mypy] in pyproject.toml) runs beside pytest, its report
# printed after pytest's: it uses one core for 11 s in a fresh clone, where it would leave the other
# core idle before the tests. `make test` fails if either fails.
test: install  ## lint, check the import contracts and types, then every test (browser tests need /usr/bin/chromium)
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/lint-imports  # the one-way imports of docs/architecture.md (contracts in pyproject.toml)
	@echo "$(BIN)/mypy > $(VENV)/mypy.log (beside pytest)"; \
	$(BIN)/mypy > $(VENV)/mypy.log 2>&1 & types=$$!; \
	$(PYTEST); tests=$$?; \
	wait $$types; typed=$$?; \
	echo "$(BIN)/mypy:"; cat $(VENV)/mypy.log; \
	test $$tests -eq 0 && test $$typed -eq 0

screenshots: install  ## the journey tests, with a picture of every step in docs/screens/ (look at each one)
	rm -rf docs/screens
	$(BIN)/python -m pytest -q -p no:cacheprovider tests/browser/test_journeys.py --screens docs/screens

test-fast: install  ## every test except the browser ones
	$(PYTEST) --ignore tests/browser

lint: install
	$(BIN)/ruff check src tests bench
	$(BIN)/lint-imports

format: install
	$(BIN)/ruff format src tests bench
	$(BIN)/ruff check --fix src tests bench

bench: install  ## scale (vs Datasette), exports, link checker (vs lychee, LinkChecker), server start and slow clients, load -> docs/benchmarks.md
	$(BIN)/python -m pip install -q -e ".[dev,bench]"
	$(BIN)/python bench/scale.py --sizes 1000,10000,100000 --output docs/benchmarks.md
	$(BIN)/python bench/publish.py --resources 100000 --output docs/benchmarks.md
	$(BIN)/python bench/exports.py --output docs/benchmarks.md
	$(BIN)/python bench/pdf_load.py --output docs/benchmarks.md
	$(BIN)/python bench/linkcheck.py --output docs/benchmarks.md
	$(BIN)/python bench/server.py --output docs/benchmarks.md
	$(BIN)/python bench/load.py --output docs/benchmarks.md

load: install  ## 60 s of wrk (64 connections) per kind of page against the production server -> docs/benchmarks.md
	$(BIN)/python bench/load.py --output docs/benchmarks.md

# Not part of `make bench`: it needs nginx, Node.js and ports 80 and 443 of 127.0.0.1 (root).
# OBSERVATORY_ARGS=--install-nginx lets it apt-get install nginx when it is missing (as root).
observatory: install  ## MDN HTTP Observatory grade of the map, a resource, search and the API behind a local nginx -> docs/benchmarks.md
	$(BIN)/python bench/observatory.py --output docs/benchmarks.md $(OBSERVATORY_ARGS)

screenshot: install  ## docs/screenshot-map.png, taken by the project's own browser tooling
	$(BIN)/python bench/screenshot.py docs/screenshot-map.png

messages: install  ## rebuild the gettext catalogues after changing strings
	cd src/bronwijzer && ../../$(BIN)/bronwijzer makemessages -l en --no-obsolete --ignore "*/migrations/*" --ignore "staff/templates/admin/*" --ignore "staff/templates/simple_history/*"
	$(BIN)/bronwijzer handoutmessages
	cd src/bronwijzer && ../../$(BIN)/bronwijzer compilemessages

clean:
	rm -rf $(VENV) var build *.egg-info
	find src tests bench -name __pycache__ -type d -prune -exec rm -rf {} +
