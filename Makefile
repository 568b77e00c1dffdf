# Every target builds .venv itself, so a fresh clone needs only `make demo` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
HASH   := $(shell cat pyproject.toml | sha256sum | cut -c1-12)
# One stamp per set of extras (#19): `make demo` and `make serve` install the package and
# the web app only; the test, lint and FollowTheMoney tools come with `make test`.
DEMO_STAMP := $(VENV)/.installed-demo-$(HASH)
TEST_STAMP := $(VENV)/.installed-test-$(HASH)
EXAMPLE := examples/orlan10_teardown.xlsx
RUNS    := reports/orlan10_teardown.json reports/geran2_teardown.json
SUDO    := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: demo test test-browser chromium icu java lint typecheck bench golden catalogs clean wheel-smoke wheels devset calibrate serve

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(DEMO_STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[web]'
	rm -f $(VENV)/.installed-demo-* && touch $@

$(TEST_STAMP): pyproject.toml | $(BIN)/python icu java
	$(BIN)/python -m pip install --quiet -e '.[test,lint,ftm,web,spark]'
	rm -f $(VENV)/.installed-test-* && touch $@

# Real published records first (#13): GUR's Orlan-10 listings and one Shahed-136
# (Geran-2) listing as element-list workbooks (examples/build_gur_listings.py), then the
# policy report across every weapon of catalogs/reported_gur.csv. Then the illustrative
# examples (the showcase for hard inputs), their reports across teardowns (#5).
demo: $(DEMO_STAMP)
	$(BIN)/bomtrace trace examples/gur_orlan10_elements.xlsx --platform "Orlan-10" --name gur_orlan10 --out reports
	$(BIN)/bomtrace trace examples/gur_shahed136_listing.xlsx --platform "Shahed-136 (Geran-2)" --name gur_shahed136 --out reports
	$(BIN)/bomtrace report aggregate --reported --name gur_all_weapons --out reports
	$(BIN)/bomtrace trace $(EXAMPLE) --platform "Orlan-10" --out reports \
	  --recovered 2023-05-01 --trade examples/trade_reported.csv \
	  --sanctions examples/sanctions_reported.simple.csv
	$(BIN)/bomtrace trace examples/geran2_teardown.xlsx --platform "Geran-2 (Shahed-136 type)" --out reports
	$(BIN)/bomtrace report aggregate $(RUNS) --out reports
	$(BIN)/bomtrace report manufacturer "Analog Devices" $(RUNS) \
	  --lots examples/adi_lot_ledger_illustrative.csv --out reports

# The web app on http://127.0.0.1:8000 (one local user, no login); add options with ARGS=.
serve: $(DEMO_STAMP)
	$(BIN)/bomtrace serve $(ARGS)

lint: $(TEST_STAMP)
	$(BIN)/ruff check src tests bench scripts
	$(BIN)/ruff format --check src tests bench scripts

typecheck: $(TEST_STAMP)
	$(BIN)/mypy
	$(BIN)/lint-imports

test: lint typecheck
	$(BIN)/bomtrace catalog check
	$(BIN)/python -m pytest --cov --cov-report=term:skip-covered -q
	$(MAKE) --no-print-directory test-browser
	$(MAKE) --no-print-directory wheel-smoke
	$(MAKE) --no-print-directory wheels

# Real-browser tests (pytest -m browser): Debian's Chromium, headless, driven by Playwright.
test-browser: $(TEST_STAMP) chromium
	$(BIN)/python -m pytest -m browser -q -p no:cacheprovider

# The package and its [web] extra resolve from wheels alone (no compiler, no system
# library) on Linux x86_64/aarch64, Windows x64 and macOS arm64, Python 3.11-3.13 (#19).
wheels: | $(BIN)/python
	$(BIN)/python scripts/check_wheels.py --extras web

# PyICU, which followthemoney needs (the ftm extra, to validate the FtM export in tests),
# builds from source against Debian's ICU headers with pkg-config and g++ (#19).
icu:
	@pkg-config --exists icu-i18n 2>/dev/null && command -v g++ >/dev/null || { \
	  echo "installing Debian's libicu-dev, pkg-config and g++ (PyICU builds against them)"; \
	  $(SUDO) apt-get update -qq && $(SUDO) env DEBIAN_FRONTEND=noninteractive \
	    apt-get install -y -qq libicu-dev pkg-config g++ >/dev/null; }

# Java for the Spark engine's tests (pyspark in local mode, the spark extra, #15): Debian's
# default-jre-headless (OpenJDK 17 on Debian 12), installed once; never a JDK download.
java:
	@command -v java >/dev/null || { echo "installing Debian's default-jre-headless (the Spark tests run on it)"; \
	  $(SUDO) apt-get update -qq && $(SUDO) env DEBIAN_FRONTEND=noninteractive \
	    apt-get install -y -qq default-jre-headless >/dev/null; }

# Debian's chromium for the browser tests, installed once (never a browser download).
chromium:
	@command -v chromium >/dev/null || { echo "installing Debian's chromium"; \
	  $(SUDO) apt-get update -qq && $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }

# Build the wheel, install it in a fresh venv and trace the example from outside the
# source tree, so a template or catalog missing from the wheel fails the build.
wheel-smoke: $(TEST_STAMP)
	rm -rf build/wheel-smoke && mkdir -p build/wheel-smoke
	$(BIN)/python -m pip wheel --quiet --no-deps -w build/wheel-smoke .
	$(PYTHON) -m venv build/wheel-smoke/venv
	build/wheel-smoke/venv/bin/pip install --quiet build/wheel-smoke/*.whl
	cd build/wheel-smoke && venv/bin/bomtrace trace ../../$(EXAMPLE) --out out --name smoke \
	  && test -s out/smoke.html && test -s out/smoke.xlsx && test -s out/smoke.csv && test -s out/smoke.json \
	  && venv/bin/bomtrace report aggregate out/smoke.json --out out && test -s out/aggregate.html

bench: $(TEST_STAMP)
	$(BIN)/python bench/run.py

# The labelled identification set (tests/data/identify_dev.csv), from the catalogs.
devset: $(TEST_STAMP)
	$(BIN)/python bench/devset.py

# Refit the confidence calibration on the dev set's fit split (after matcher changes).
calibrate: $(TEST_STAMP)
	$(BIN)/python bench/fit_calibration.py

golden: $(TEST_STAMP)
	$(BIN)/python -m pytest tests/test_golden.py --update-golden -q

catalogs: $(TEST_STAMP)
	$(BIN)/python scripts/build_catalogs.py
	$(BIN)/bomtrace catalog check

clean:
	rm -rf $(VENV) build dist .pytest_cache .mypy_cache .ruff_cache
