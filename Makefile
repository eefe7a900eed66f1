# Scrutiny Assistant: the two commands are `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8501
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1
export ANONYMIZED_TELEMETRY := False

.PHONY: run test install lint typecheck unit browser-deps eval bench clean-index

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

# torch is installed first and pinned: that CPU build lies on this machine's disk.
$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet torch==2.13.0
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

run: install
	@# Incremental: an unchanged corpus embeds nothing and takes a second. A file that
	@# cannot be read is reported and skipped; the app starts with everything else.
	$(BIN)/scrutiny ingest corpus || echo "some files in corpus/ could not be ingested (see above)"
	$(BIN)/streamlit run app.py --server.address $(HOST) --server.port $(PORT) \
		--server.headless true --browser.gatherUsageStats false

browser-deps:
	@command -v chromium >/dev/null 2>&1 || { \
		echo "Installing Debian chromium for the browser tests"; \
		apt-get update -qq && apt-get install -y -qq chromium >/dev/null; }

lint: install
	$(BIN)/ruff check assistant ingest evaluation tests app.py app_pages

typecheck: install
	$(BIN)/mypy

test: install browser-deps lint typecheck
	$(BIN)/pytest -q -rs

eval: install
	$(BIN)/scrutiny eval --dataset evaluation/datasets/council.jsonl --baselines --report evaluation/results/latest

bench: install
	$(BIN)/python -m evaluation.bench

clean-index:
	rm -rf $${SCRUTINY_INDEX:-$$HOME/.local/share/scrutiny/index}
