# Quad: `make run` serves the whole platform; `make test` runs every check and test.
# Both install what they need (uv, the locked Python deps, the web app's npm deps) first.

SHELL := /bin/bash
.DEFAULT_GOAL := help

BACKEND := backend
FRONTEND := frontend
PYTHON ?= python3
UV := $(PYTHON) -m uv
UV_RUN := cd $(BACKEND) && $(UV) run --frozen
export NEXT_TELEMETRY_DISABLED := 1
export UV_LINK_MODE := copy
export UV_PYTHON_DOWNLOADS := never
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD := 1

.PHONY: help run test lint format typecheck pytest services uv deps deps-run web web-deps \
	web-test api-types chromium bench bench-smoke bench-search bench-writer bench-frames clean

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

# HOST, PORT, WORKERS and REDIS_URL reach `quad serve` as they are (make exports what comes
# from the environment or its command line). `exec`, so that a SIGTERM make passes on reaches
# quad itself rather than a shell that would die and leave it running; quad straight from the
# venv deps-run synced, as `uv run` would pass a Ctrl-C sent with kill(1) on a second time.
run: deps-run web ## serve the API and the web app at http://localhost:8000 (embedded PostgreSQL)
	cd $(BACKEND) && exec .venv/bin/quad serve

test: deps services lint typecheck pytest bench-smoke web-test ## lint, types and every test (starts PostgreSQL/Redis if down)

uv:
	@$(UV) --version >/dev/null 2>&1 || $(PYTHON) -m pip install --quiet --disable-pip-version-check uv

deps: uv ## install the locked Python deps, dev tools included
	cd $(BACKEND) && $(UV) sync --frozen --quiet

deps-run: uv
	cd $(BACKEND) && $(UV) sync --frozen --no-default-groups --quiet

web: web-deps ## build the web app (static export, served by the API at /)
	cd $(FRONTEND) && npm run build

web-deps: # npm ci only when the lock file changed since the last install
	@cd $(FRONTEND) && { [ node_modules/.package-lock.json -nt package-lock.json ] || \
		npm ci --no-audit --no-fund --loglevel=error; }

api-types: deps web-deps ## regenerate the web app's API types from the OpenAPI document
	$(UV_RUN) quad openapi -o ../$(FRONTEND)/.openapi.json
	cd $(FRONTEND) && npm run gen:api

chromium: ## Debian's Chromium for the end-to-end tests (never a downloaded browser)
	@command -v chromium >/dev/null 2>&1 || { \
		echo "installing Chromium from Debian"; \
		apt-get update -qq && apt-get install -y -qq chromium >/dev/null; }

web-test: deps services web-deps chromium ## web app: fresh API types, lint, types, unit tests, build, e2e
	$(UV_RUN) quad openapi -o ../$(FRONTEND)/.openapi.json
	cd $(FRONTEND) && npm run check:api
	cd $(FRONTEND) && npm run lint
	cd $(FRONTEND) && npm run typecheck
	cd $(FRONTEND) && NO_COLOR=1 npm test
	cd $(FRONTEND) && npm run build
	cd $(FRONTEND) && npm run e2e

services: ## start the machine's PostgreSQL and Redis when they are down
	@pg_isready -q -h 127.0.0.1 -p 5432 || { \
		echo "starting PostgreSQL"; \
		pg_ctlcluster --skip-systemctl-redirect $$(ls /etc/postgresql) main start; \
		for i in $$(seq 30); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 1; done; }
	@redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1 || { \
		echo "starting Redis"; \
		redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no; \
		for i in $$(seq 30); do redis-cli -h 127.0.0.1 ping >/dev/null 2>&1 && break; sleep 1; done; }

lint: deps ## ruff: lint and format check (the backend and bench/)
	$(UV_RUN) ruff check . ../bench
	$(UV_RUN) ruff format --check . ../bench

format: deps ## apply ruff's fixes and formatting
	$(UV_RUN) ruff check --fix . ../bench
	$(UV_RUN) ruff format . ../bench

typecheck: deps ## mypy --strict on the quad package and bench/
	$(UV_RUN) mypy
	$(UV_RUN) mypy ../bench

# Two workers, each with its own database: a test waits on PostgreSQL, sockets and its app's
# set-up (FastAPI builds an app's routes in ~0.2 s) about half of its time, so on 2 cores
# the suite takes ~8 minutes instead of ~11. Then the tests marked `alone` (they start
# server processes and time their heartbeats and restarts) with the cores to themselves.
pytest: deps services ## the backend test suite against real PostgreSQL, Redis, SMTP and S3
	$(UV_RUN) pytest -p no:cacheprovider -n 2 -m "not alone"
	$(UV_RUN) pytest -p no:cacheprovider -m alone

# Chat under load (bench/chat.py): two server processes sharing PostgreSQL and Redis, the
# load generator on the same cores. `bench` runs scenarios A-D (minutes) and writes a JSON
# report and plots to bench/results/chat-<time>/; options through BENCH_ARGS, e.g.
# make bench BENCH_ARGS="--scenarios C D --step-seconds 5". `bench-smoke` (in `make test`)
# checks correctness only: it fails on any message lost, doubled or refused, never on time.
bench: deps services ## chat benchmark: scenarios A-D, report and plots in bench/results (minutes)
	$(UV_RUN) python ../bench/chat.py $(BENCH_ARGS)

bench-smoke: deps services ## the chat benchmark in seconds: zero lost, zero doubled
	$(UV_RUN) python ../bench/chat.py --smoke

# Seeds 100,000 students in a database of its own, then times search and suggestions over
# HTTP against a real server (bench/search.py; options through BENCH_ARGS, e.g.
# make bench-search BENCH_ARGS="--users 20000 --concurrency 1").
bench-search: deps services ## benchmark search and suggestions over 100,000 students (minutes)
	$(UV_RUN) python ../bench/search.py $(BENCH_ARGS)

# The send path's database side alone (bench/writer.py): B's mix committed in batches straight
# to PostgreSQL by two writers, no server; e.g. make bench-writer BENCH_ARGS="--writers 1".
bench-writer: deps services ## messages a second the database side of sending takes (seconds)
	$(UV_RUN) python ../bench/writer.py $(BENCH_ARGS)

# A server's own cost of handing a frame to an idle connection (bench/frames.py), the socket
# aside: writes started on the caller's turn against a task per write.
bench-frames: deps ## CPU a server spends handing one frame to a connection (seconds)
	$(UV_RUN) python ../bench/frames.py

clean: ## remove environments and build output (keeps ./.data)
	rm -rf $(BACKEND)/.venv $(FRONTEND)/node_modules $(FRONTEND)/.next $(FRONTEND)/out \
		$(FRONTEND)/screenshots $(FRONTEND)/test-results $(FRONTEND)/e2e-logs
