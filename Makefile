# Two commands set everything up on a fresh Debian machine with Python 3.11:
#   make demo   make test
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
SYSSTAMP := .insurescan/.system-deps

.PHONY: demo test lint fixtures install system-deps clean bench eval redact-check

# The last step compiles the pattern prefilter once into ~/.cache/insurescan (about 30 s
# the first time and after a pattern changes; a second otherwise): see scanner/prefilter.py.
install: $(STAMP) system-deps
	@$(BIN)/python -m scanner.prefilter

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -e '.[dev]'
	touch $(STAMP)

# Debian packages the scanner and its tests use: tesseract (OCR), poppler
# (independent PDF text checks), samba (a real SMB server for the share tests),
# chromium (renders the HTML report in tests), postgresql (shared inventory
# tests). Installed only when missing; needs root or sudo.
system-deps:
	@missing=""; \
	command -v tesseract >/dev/null || missing="$$missing tesseract-ocr tesseract-ocr-eng"; \
	command -v pdftotext >/dev/null || missing="$$missing poppler-utils"; \
	command -v zip >/dev/null || missing="$$missing zip"; \
	test -x /usr/sbin/smbd || missing="$$missing samba"; \
	command -v chromium >/dev/null || missing="$$missing chromium"; \
	ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing="$$missing postgresql"; \
	if [ -n "$$missing" ]; then \
	  echo "installing Debian packages:$$missing"; \
	  SUDO=""; [ "$$(id -u)" = 0 ] || SUDO=sudo; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
	fi

fixtures: install
	$(BIN)/python fixtures/generate.py fixtures/share

demo: install
	rm -rf out && mkdir -p out
	$(BIN)/insurescan scan fixtures/share --db out/inventory.db --format summary --quiet; \
	  rc=$$?; [ $$rc -le 1 ] || exit $$rc
	$(BIN)/insurescan report --db out/inventory.db --format json --output out/report.json; \
	  rc=$$?; [ $$rc -le 1 ] || exit $$rc
	$(BIN)/insurescan report --db out/inventory.db --format html --output out/report.html; \
	  rc=$$?; [ $$rc -le 1 ] || exit $$rc
	@echo "reports: out/report.json out/report.html  inventory: out/inventory.db"
	@# Exit 1 = a file could not be redacted and was left out, with the reason (the
	@# share's Outlook .msg); expected here. A failed check (3) or an error is not.
	$(BIN)/insurescan redact fixtures/share --output-dir out/redacted --db out/inventory.db --quiet; \
	  rc=$$?; [ $$rc -le 1 ] || exit $$rc
	@echo "redacted copies: out/redacted  manifest: out/redacted/insurescan-manifest.json"

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

test: lint
	$(BIN)/python -m pytest -q -p no:cacheprovider

# Accuracy: insurescan and plain Presidio side by side on the labelled corpus.
eval: install
	$(BIN)/python -m bench.eval

# Speed and memory: see bench/run.py; writes docs/performance.md. Inputs are generated once
# into bench-data/ (about 0.5 GB); 35-45 minutes on 2 idle cores (runs over the huge inputs
# stop at --big-seconds).
BENCH_ARGS ?= --text-mb 20 --big-mb 200 --big-pages 2000 --baseline-seconds 150 --big-seconds 240 --scaling-mb 3
bench: install
	$(BIN)/pip install --quiet --disable-pip-version-check -e '.[dev,bench]'
	$(BIN)/python -m bench.run $(BENCH_ARGS)

# Redaction: a held-out labelled corpus, redacted, read back by independent tools
# (pdftotext, raw Office XML, decoded mail parts); see bench/redact_check.py.
redact-check: install
	$(BIN)/python -m bench.redact_check

clean:
	rm -rf $(VENV) out .insurescan
