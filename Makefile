# Developer tasks. `make demo` runs rasad end to end on the bundled example reports.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
OUT := out
EXAMPLES_JSONL := examples/reports.jsonl
EXAMPLE_FILES := $(wildcard examples/*.txt examples/*.html)

.PHONY: venv demo test lint bench clean

venv: $(STAMP) web-assets

# Reinstall only when the project metadata changes.
$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -e '.[dev]'
	touch $(STAMP)

# The seed report is read from ../shared when it is there (it is never copied into the
# project). It carries no date of its own: the demo anchors it at SEED_PUBLISHED so that its
# relative dates ("صباح الأربعاء") resolve and the map's time slider has a handover to cross.
SEED_DIR := ../shared/seed
SEED_PUBLISHED ?= 2023-05-17

demo: venv
	mkdir -p $(OUT)
	$(BIN)/rasad ingest --input $(EXAMPLES_JSONL) $(EXAMPLE_FILES) --db $(OUT)/demo.db
	@if [ -d $(SEED_DIR) ]; then $(BIN)/rasad ingest $(SEED_DIR)/*.txt --published $(SEED_PUBLISHED) --db $(OUT)/demo.db; fi
	$(BIN)/rasad events --db $(OUT)/demo.db --format table
	$(BIN)/rasad extract --input $(EXAMPLES_JSONL) $(EXAMPLE_FILES) --format jsonl --output $(OUT)/demo.jsonl
	$(BIN)/rasad extract --input $(EXAMPLES_JSONL) $(EXAMPLE_FILES) --format csv --output $(OUT)/demo_acled.csv
	@echo "wrote $(OUT)/demo.db, $(OUT)/demo.jsonl, $(OUT)/demo_acled.csv"
	@echo "the map: $(BIN)/rasad serve --db $(OUT)/demo.db   then open http://127.0.0.1:8000"

test: venv browser database
	$(BIN)/python -m pytest -q

# The PostgreSQL tests use the real server on 127.0.0.1: start it if it is down, and add
# PostGIS from Debian when missing (without it the store keeps plain latitude/longitude).
.PHONY: database
database:
	@pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null || pg_ctlcluster --skip-systemctl-redirect $$(ls /etc/postgresql 2>/dev/null) main start 2>/dev/null || true
	@v=$$(ls /etc/postgresql 2>/dev/null | head -1); [ -z "$$v" ] || dpkg -s postgresql-$$v-postgis-3 >/dev/null 2>&1 || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql-$$v-postgis-3) || echo "PostGIS not installed: the PostgreSQL store will use plain latitude/longitude"

lint: venv
	$(BIN)/ruff check rasad tests

bench: venv
	@for script in benchmarks/*.py; do echo "== $$script"; $(BIN)/python $$script || exit 1; done

clean:
	rm -rf $(OUT) build dist *.egg-info .pytest_cache .ruff_cache .mypy_cache .hypothesis
	find . -path ./$(VENV) -prune -o -name __pycache__ -type d -prune -exec rm -rf {} +

# Web map assets (Leaflet, Swagger UI) from npm into the package: `rasad serve` never uses a CDN.
WEB_VENDOR := rasad/web/static/vendor
.PHONY: web-assets browser
web-assets: $(WEB_VENDOR)/.copied
$(WEB_VENDOR)/.copied: package.json package-lock.json
	command -v npm >/dev/null || (apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y nodejs npm)
	npm ci --no-audit --no-fund
	mkdir -p $(WEB_VENDOR)/leaflet $(WEB_VENDOR)/swagger-ui
	cp -r node_modules/leaflet/dist/leaflet.js node_modules/leaflet/dist/leaflet.css node_modules/leaflet/dist/images node_modules/leaflet/LICENSE $(WEB_VENDOR)/leaflet/
	cp node_modules/swagger-ui-dist/swagger-ui-bundle.js node_modules/swagger-ui-dist/swagger-ui.css node_modules/swagger-ui-dist/LICENSE $(WEB_VENDOR)/swagger-ui/
	touch $@

# Debian's Chromium and its driver for the browser test (tests/test_web_browser.py).
browser:
	command -v chromium >/dev/null && command -v chromedriver >/dev/null || (apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y chromium chromium-driver)
