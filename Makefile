# Everything a fresh machine with only Python 3.11+ needs: `make demo`, `make test`.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: install compile demo test lint bench fuzz docs crash print-check clean

install: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[dev]'
	touch $(STAMP)

# An editable install is not byte-compiled, and PYTHONDONTWRITEBYTECODE may be set:
# compile the package once so one-shot commands do not recompile it on every start.
compile: install
	@$(BIN)/python -m compileall -q cli >/dev/null

demo: install compile
	PATH="$(CURDIR)/$(BIN):$$PATH" bash scripts/demo.sh

test: install
	$(BIN)/python -m pytest

lint: install
	$(BIN)/ruff check cli tests bench
	$(BIN)/ruff format --check cli tests bench templates
	$(BIN)/mypy

bench: install compile
	PATH="$(CURDIR)/$(BIN):$$PATH" $(BIN)/python bench/run.py

# kill -9 during issue, amend, batch and batch --jobs 2: 332 kills (make test runs a 30-kill sample)
crash: install
	YISHI_CRASH_KILLS=332 $(BIN)/python -m pytest -q -s tests/test_crash_integrity.py

fuzz: install
	$(BIN)/python -m pip install -q atheris
	HYPOTHESIS_PROFILE=explore $(BIN)/python -m pytest -q tests/test_fuzz_rules.py tests/test_fuzz_records.py tests/test_state_machine.py
	YISHI_CORPUS=all $(BIN)/python -m pytest -q tests/test_hostile_corpus.py
	$(BIN)/python bench/fuzz_loaders.py -atheris_runs=20000

# the docs that come from the code: docs/commands.md from the app, the generated sections of
# docs/checks.md from check.CODES, docs/rules.md's key tables from yishi.rules (tests/test_console_help.py and tests/test_docs.py check them)
docs: install
	$(BIN)/python -m yishi.commands._help > docs/commands.md
	$(BIN)/python -m yishi.docgen .

# Render every sample body's 纪要 and 会议记录 to PDF (Word via LibreOffice, HTML via
# Chromium) and PNG (pdftoppm) for a person to look at: print-check/*.png
print-check: install
	$(BIN)/python scripts/print_check.py print-check

clean:
	rm -rf $(VENV) build dist .pytest_cache .hypothesis print-check
