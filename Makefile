# Qonys — the two commands of the README: `make run` and `make test` (each sets everything up first).
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat requirements.txt requirements-dev.txt constraints.txt | sha1sum | cut -c1-8)
DB := $(or $(QONYS_DB),data/qonys.duckdb)
PORT ?= 8501
# make serve: REPLICAS Streamlit processes on FIRST_PORT, FIRST_PORT+1, … behind nginx on PORT
REPLICAS ?= 2
FIRST_PORT ?= 8511

.PHONY: init run serve health test lint bench load load-proxy export acceptance build-data db i18n chromium nginx clean

init: $(STAMP) i18n

$(STAMP): requirements.txt requirements-dev.txt constraints.txt
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/pip install -q --disable-pip-version-check -r requirements-dev.txt -c constraints.txt
	rm -f $(VENV)/.installed-* && touch $@

i18n: $(STAMP)
	$(BIN)/python -m i18n.compile

build-data: $(STAMP)
	$(BIN)/python -m data.build --out $(DB)

db: $(STAMP)
	@test -f $(DB) || $(BIN)/python -m data.build --out $(DB)

run: init db
	$(BIN)/streamlit run app.py --server.port $(PORT)

# Many users: N replicas behind nginx with sticky sessions (deploy/serve.py; README "Running at scale")
serve: init db nginx
	$(BIN)/python -m deploy.serve --replicas $(REPLICAS) --port $(PORT) --first-port $(FIRST_PORT)

# Is every replica of `make serve` answering /_stcore/health? (waits up to 60 s)
health: $(STAMP)
	$(BIN)/python -m deploy.health $(shell seq $(FIRST_PORT) $$(($(FIRST_PORT) + $(REPLICAS) - 1)))

chromium:
	@test -x /usr/bin/chromium || (apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium fonts-noto-core fonts-dejavu-core)

# Debian's nginx, for `make serve` and tests/e2e/test_proxy.py (the package's own service is not used)
nginx:
	@test -x /usr/sbin/nginx || (apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q nginx)

test: init chromium nginx
	$(BIN)/pytest

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

bench: init db
	$(BIN)/python -m bench

# The load test alone: its own server on a free loopback port, N = 10, 25, 50 sessions, bounded in time.
load: init db
	$(BIN)/python -m bench.load --sessions 10 25 50

# The same through nginx in front of 2 replicas (sticky sessions, deploy/serve.py)
load-proxy: init db nginx
	$(BIN)/python -m bench.load --proxy 2 --sessions 10 25 50

# The static public site (no server needed to open it): make export OUT=site
OUT ?= site
export: init db
	$(BIN)/python -m export --out $(OUT)

# docs/ACCEPTANCE.md from a full test run (requirement → tests → pass/fail)
acceptance: init chromium
	$(BIN)/python -m export.acceptance --run

clean:
	rm -rf $(VENV) $(DB) .pytest_cache test-artifacts
