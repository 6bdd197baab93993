# Two commands set everything up on a new machine: `make run` and `make test`.
SHELL := /bin/bash
# The interpreter .venv is made from: PYTHON if given (make PYTHON=...), else the Python 3.10 that
# scripts/find-python finds, whatever version the shell selects.
PYTHON ?=
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export RASA_TELEMETRY_ENABLED := false
export TF_CPP_MIN_LOG_LEVEL := 2

.PHONY: help install browser replica-servers run train lint check test bench clean

help:  ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

# One pip resolution for everything, rasa pinned, so pip picks versions that fit Rasa's own pins.
$(STAMP): pyproject.toml
	test -x $(BIN)/python || { python="$(PYTHON)"; [ -n "$$python" ] || python=$$(scripts/find-python) || exit 1; \
		echo "Creating $(VENV) with $$python"; "$$python" -m venv $(VENV); }
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[test]"
	$(BIN)/pip check
	touch $(STAMP)

install: $(STAMP)  ## create .venv and install the assistant with its test tools

# The browser tests drive Debian's Chromium through Playwright (a browser download cannot work offline).
CHROMIUM := /usr/bin/chromium
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
$(CHROMIUM):
	$(SUDO) apt-get update
	$(SUDO) apt-get install -y chromium fonts-wqy-microhei

browser: $(CHROMIUM)  ## install Debian's Chromium for the browser tests

# The replica tests run Debian's PostgreSQL, Redis and nginx on 127.0.0.1 in a temporary folder.
REPLICA_SERVERS := /usr/bin/pg_ctlcluster /usr/bin/redis-server /usr/sbin/nginx
$(REPLICA_SERVERS):
	$(SUDO) apt-get update
	$(SUDO) apt-get install -y postgresql redis-server nginx-light

replica-servers: $(REPLICA_SERVERS)  ## install Debian's PostgreSQL, Redis and nginx for the replica tests

train: install  ## train the model if the training data changed
	$(BIN)/qicc train

run: install  ## train if needed, then start the assistant and say where to talk to it
	$(BIN)/qicc run

lint: install  ## ruff's lint rules and format check, mypy's type check of bot/ (configured in pyproject.toml)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

check: lint  ## about a minute: lint, then every test that needs no trained model and no server
	$(BIN)/python -m pytest -m "not slow" -q

test: install $(CHROMIUM) $(REPLICA_SERVERS)  ## every test: unit, actions, data validation, conversations, servers over HTTP, replicas
	$(BIN)/python -m pytest

bench: install  ## benchmarks under bench/, printing figures
	$(BIN)/python -m bench.run_all

clean:  ## remove generated state (models, databases, logs), keep .venv
	rm -rf models state results .rasa tests/artifacts
