# The usual make targets, each a thin call of a script in scripts/ or a `tools/deno task`
# (deno.json), so that `make` and the commands in the README do exactly the same thing.
# `make` alone lists the targets. Extra arguments go in ARGS: make run ARGS="--rate 100".
# `run` and `kafka` do not echo their command: their stdout is data (NDJSON, the ready line).

DENO := tools/deno
DOCKER ?= docker
IMAGE ?= telemetra-mock
ARGS ?=

.DEFAULT_GOAL := help
.PHONY: help install run demo test lint format check quality compile bench kafka \
	docker-build docker-run clean

help: ## list the targets (what `make` alone does)
	@echo "Usage: make TARGET [ARGS=\"...\"]"
	@echo
	@awk 'BEGIN { FS = ":.*## " } /^[a-z][a-z-]*:.*## / { printf "  %-13s %s\n", $$1, $$2 }' \
		$(MAKEFILE_LIST)

install: ## set-up: pinned Deno, npm deps, Kafka jars, test clients
	bash scripts/setup.sh --test-clients

run: ## produce from source, configured by ./.env, env, ARGS
	@$(DENO) task produce $(ARGS)

demo: ## five seconds of traffic into a local broker, read back
	./scripts/demo.sh

test: ## ./scripts/test.sh: the suite against a real local broker
	./scripts/test.sh

lint: ## deno lint
	$(DENO) lint

format: ## deno fmt (rewrites files)
	$(DENO) fmt

check: ## type-check main.ts, src/, tests/, tools/, bench/
	$(DENO) task check

quality: ## fmt --check, lint, check, then the tests
	$(DENO) task quality

compile: ## build the single binary ./telemetra-mock
	$(DENO) task compile $(ARGS)

bench: ## the benchmark table (ARGS=--quick: about a minute)
	$(DENO) task bench $(ARGS)

kafka: ## a local broker on 127.0.0.1:9092 until Ctrl-C
	@$(DENO) task kafka $(ARGS)

docker-build: ## build the image (IMAGE=telemetra-mock, DOCKER=docker)
	$(DOCKER) build -t $(IMAGE) .

docker-run: ## run the image on the host network, ./.env mounted
	$(DOCKER) run --rm --network host \
		$(if $(wildcard .env),-v "$(CURDIR)/.env:/app/.env:ro") $(IMAGE) $(ARGS)

clean: ## remove .cache/, .state/ and build output
	$(DENO) task clean
