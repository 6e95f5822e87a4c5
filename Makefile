# Homestudio — entry points. Everything local runs on 127.0.0.1; see docs/local-infra.md.
SHELL := /bin/bash
SWIFT_PATHS := $(wildcard Package.swift Shared services Tests scripts/bench)

.PHONY: run stop test build format validate bench clean-state observe

## run: install what is missing, build, start the dev suite (http://127.0.0.1:8080)
run:
	scripts/install-deps
	swift build
	if [ -f web/build.mjs ]; then node web/build.mjs; fi
	HS_MODE=dev scripts/up

## stop: stop the dev suite (data kept in .run/dev)
stop:
	HS_MODE=dev scripts/down

## test: validate, build with tests, run all tests against a fresh test suite (what CI runs)
test:
	scripts/test

build:
	swift build
	if [ -f web/build.mjs ]; then node web/build.mjs; fi

## format: rewrite the Swift sources with .swift-format
format:
	swift format format --in-place --recursive --parallel --configuration .swift-format $(SWIFT_PATHS)

## validate: swift-format lint --strict + service import boundaries + Markdown links
validate:
	scripts/validate

bench:
	scripts/bench/run

## clean-state: stop both modes and delete their data, logs and secrets (keeps .run/venv)
clean-state:
	HS_MODE=dev scripts/down --wipe
	HS_MODE=test scripts/down --wipe

## observe: a local Prometheus on 127.0.0.1:12090 scraping the dev suite with the alert rules (scripts/observe stop)
observe:
	scripts/install-deps
	HS_MODE=dev scripts/observe
