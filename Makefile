# Every target makes and uses the local virtual environment in .venv.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
CHROMIUM ?= /usr/bin/chromium
PORT ?= 8501
HOST ?= 127.0.0.1
CODE := geo tests bench app.py

.PHONY: help setup run check format lock floors test test-fast layers check-layers bench bench-e2e load briefing basemap gunzip browser clean

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-13s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements.lock
	$(BIN)/pip install --quiet --no-deps -e .
	touch $(STAMP)

setup: $(STAMP) ## create .venv and install the project with its test tools

run: $(STAMP) ## open the dashboard on the built-in data
	$(BIN)/streamlit run app.py --server.address $(HOST) --server.port $(PORT) --server.headless true \
	  --browser.gatherUsageStats false

browser: ## make sure Debian's chromium is there for the browser tests
	@test -x $(CHROMIUM) || { command -v apt-get >/dev/null && [ "$$(id -u)" = 0 ] && \
	  (apt-get update -qq && apt-get install -y -qq chromium >/dev/null); } || true
	@test -x $(CHROMIUM) || { echo "chromium not found at $(CHROMIUM): install Debian's chromium package"; exit 1; }

check: $(STAMP) ## the gate: ruff format, ruff's rules and mypy on geo/
	$(BIN)/ruff format --check $(CODE)
	$(BIN)/ruff check $(CODE)
	$(BIN)/mypy

test: check browser ## the gate, then the whole test suite, browser tests included
	CHROMIUM=$(CHROMIUM) $(BIN)/python -m pytest

test-fast: $(STAMP) ## the suite without the browser tests
	$(BIN)/python -m pytest -m "not browser"

layers: $(STAMP) ## rebuild layers/ from seeds/
	$(BIN)/python -m geo build

format: $(STAMP) ## rewrite the code as ruff format wants it
	$(BIN)/ruff format $(CODE)

bench: $(STAMP) ## print timing and size figures (server side, no browser)
	$(BIN)/python bench/run.py

E2E_ARGS ?= --sizes builtin,1000,10000,100000 --repeats 3 --steps 4
bench-e2e: $(STAMP) browser ## what the analyst waits for, in headless Chromium, beside a bare and a naive app (slow)
	CHROMIUM=$(CHROMIUM) $(BIN)/python bench/bench_e2e.py $(E2E_ARGS)
	CHROMIUM=$(CHROMIUM) $(BIN)/python bench/bench_briefing.py --browser

load: $(STAMP) browser ## 20 browser sessions x 20 slider steps against a local dashboard (not in `make test`)
	CHROMIUM=$(CHROMIUM) $(BIN)/python bench/load.py --sessions 20 --steps 20

briefing: $(STAMP) ## write briefing.html for the built-in data
	$(BIN)/python -m geo briefing --out briefing.html

basemap: $(STAMP) ## rebuild the offline basemap from the packaged Natural Earth data
	$(BIN)/python -m geo.export.naturalearth

FFLATE := 0.8.3
ESBUILD := 0.25.12
GUNZIP_JS := geo/present/briefing/templates/gunzip.js
gunzip: ## rebuild the briefing's gunzip (fflate's gunzipSync alone) from the npm registry (needs npm)
	rm -rf .gunzip && mkdir .gunzip
	cd .gunzip && npm pack --silent fflate@$(FFLATE) >/dev/null && tar xzf fflate-$(FFLATE).tgz
	echo 'export { gunzipSync } from "./package/esm/browser.js";' > .gunzip/entry.js
	{ printf '/* fflate %s, gunzipSync only: https://github.com/101arrowz/fflate (MIT License).\n' $(FFLATE); \
	  printf ' * Built by `make gunzip`: esbuild %s --bundle --minify --format=iife --global-name=fflate.\n *\n' $(ESBUILD); \
	  sed 's/^/ * /; s/ *$$//' .gunzip/package/LICENSE; printf ' */\n'; \
	  cd .gunzip && npx --yes esbuild@$(ESBUILD) entry.js --bundle --minify --format=iife --global-name=fflate --log-level=warning; \
	} > $(GUNZIP_JS)
	rm -rf .gunzip

lock: $(STAMP) ## pin every dependency, direct and indirect, into requirements.lock
	$(BIN)/pip install --quiet 'uv>=0.5,<1'
	$(BIN)/uv pip compile pyproject.toml --extra dev --universal --python-version 3.11 --quiet -o requirements.lock

floors: $(STAMP) ## the suite (browser tests aside) on the lowest versions pyproject.toml allows
	$(BIN)/pip install --quiet 'uv>=0.5,<1'
	rm -rf .venv-floors
	$(BIN)/uv venv --quiet --seed --python $(PYTHON) .venv-floors
	$(BIN)/uv pip install --quiet --python .venv-floors/bin/python --resolution lowest-direct -e '.[dev]'
	.venv-floors/bin/python -m pytest -m "not browser" -q -p no:cacheprovider

clean:
	rm -rf $(VENV) .venv-floors .pytest_cache .hypothesis
